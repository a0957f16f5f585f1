#!/usr/bin/env bash
# Scale benchmark (not part of the test run): N RdsVolumes created at once against the RDS simulator, pool vs a new
# SSH connection per lease; in the first mode also steady state, restart, hot reload under load, key fix,
# single-volume latency, fair share and snapshots, with the API server's write rate measured in the same run.
# Usage: hack/scale-bench.sh [N ...] [--modes pool,no-pool] [--handshake-ms 50]
#   [--command-ms 15] [--rate 50] [--burst 50] [--reconcile-threads 50] [--timeout-min 15] [--heap chart:512m|384m]
#   [--out DIR]
#   [--batch-only] [--steady-s 60] [--reload-volumes 1000] [--reload-rates 10:50] [--reload-queue-s 15]
#   [--latency-handshake-ms 100] [--latency-samples 5] [--fair-share-only] [--snapshots-only]
# SCALE_BENCH_NMT=1 adds the operator's native memory by category (Native Memory Tracking) to the report.
# Results: target/scale-bench/results.md, results.csv and phases.csv. See docs/scale-benchmark.md.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(.mvn/jdk-home.sh) || exit 1
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java

jar=target/quarkus-app/quarkus-run.jar
if [[ ! -f $jar || ! -f target/test-classes/io/srvlab/rds/scale/ScaleBench.class \
      || -n "$(find src pom.xml -newer "$jar" -print -quit)" ]]; then
  echo "==> building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
fi
classpath=target/scale-bench-classpath.txt
if [[ ! -s $classpath || pom.xml -nt $classpath ]]; then
  echo "==> resolving the test classpath"
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
fi
hack/provision.sh k8s
exec "$JAVA" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat "$classpath")" io.srvlab.rds.scale.ScaleBench "$@"
