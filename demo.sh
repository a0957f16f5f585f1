#!/usr/bin/env bash
# One-command demo: real kube-apiserver + RDS simulator + the packaged operator. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ ! -f target/quarkus-app/quarkus-run.jar || ! -f target/test-classes/io/srvlab/rds/demo/Demo.class ]]; then
  echo "==> building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi
if [[ ! -s target/demo-classpath.txt || pom.xml -nt target/demo-classpath.txt ]]; then
  echo "==> resolving the test classpath"
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/demo-classpath.txt -Dmdep.includeScope=test
fi
exec "$JAVA" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat target/demo-classpath.txt)" io.srvlab.rds.demo.Demo "$@"
