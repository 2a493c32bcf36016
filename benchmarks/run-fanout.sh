#!/usr/bin/env bash
# Distributor fan-out benchmark: builds the benchmarks module through the reactor (never
# `install`: the SNAPSHOT jars in ~/.m2 stay untouched) and runs it. Options go to the program:
#   benchmarks/run-fanout.sh [--events N] [--distributors N] [--batch N] [--redis URI [--flush]] [--help]
# Needs redis-server and redis-benchmark on the PATH (apt-get install redis-server redis-tools).
# SKIP_BUILD=1 reruns the jar already built; BENCHMARK_JAVA_OPTS passes options to the JVM.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/jdk.sh >&2

if [ "${SKIP_BUILD:-}" != "1" ]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi

export ORDERFLOW_BENCHMARK_LAUNCHER="benchmarks/run-fanout.sh"
exec "$JAVA_HOME/bin/java" ${BENCHMARK_JAVA_OPTS:-} -jar benchmarks/target/quarkus-app/quarkus-run.jar "$@"
