#!/usr/bin/env bash
# One-command demo: real kube-apiserver + RDS simulator + the packaged operator. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME=$(.mvn/jdk-home.sh) || exit 1
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java

jar=target/quarkus-app/quarkus-run.jar
if [[ ! -f $jar || ! -f target/test-classes/io/srvlab/rds/demo/Demo.class \
      || -n "$(find src pom.xml -newer "$jar" -print -quit)" ]]; then
  echo "==> building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi
if [[ ! -s target/demo-classpath.txt || pom.xml -nt target/demo-classpath.txt ]]; then
  echo "==> resolving the test classpath"
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/demo-classpath.txt -Dmdep.includeScope=test
fi
# kube-apiserver, etcd and kubectl: built from source with Go when missing (or downloaded by kube-api-test without Go).
hack/provision.sh k8s
# The demo runs in its own session so Ctrl-C reaches only this script, which asks it to stop in order (operator
# first, while the API server is still up; then the simulator; then kube-apiserver and etcd).
setsid "$JAVA" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat target/demo-classpath.txt)" io.srvlab.rds.demo.Demo "$@" &
demo=$!
trap 'kill -TERM "$demo" 2>/dev/null || true' INT TERM
status=0
wait "$demo" || status=$?
while kill -0 "$demo" 2>/dev/null; do wait "$demo" || status=$?; done
exit "$status"
