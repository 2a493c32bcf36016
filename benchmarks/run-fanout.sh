#!/usr/bin/env bash
# Distributor fan-out benchmark: builds the benchmarks module through the reactor (never
# `install`: the SNAPSHOT jars in ~/.m2 stay untouched) and runs it. Options go to the program:
#   benchmarks/run-fanout.sh [--events N] [--distributors N] [--batch N] [--redis URI [--flush]] [--help]
# Needs redis-server and redis-benchmark on the PATH (apt-get install redis-server redis-tools), and
# cc for Orderflow's Redis module, which the private redis-server loads (REDIS_MODULE=off: it does
# not, and the Lua script routes the drain).
# SKIP_BUILD=1 reruns the jar already built; BENCHMARK_JAVA_OPTS passes options to the JVM.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/jdk.sh >&2

if [ "${SKIP_BUILD:-}" != "1" ]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi

module_args=()
if [ "${REDIS_MODULE:-on}" != "off" ] && [[ " $* " != *" --redis"[\ =]* ]]; then
  module_args=(--redis-module event-bus/redis-module/target/orderflow-redis-module.so)
fi

export ORDERFLOW_BENCHMARK_LAUNCHER="benchmarks/run-fanout.sh"
exec "$JAVA_HOME/bin/java" ${BENCHMARK_JAVA_OPTS:-} -jar benchmarks/target/quarkus-app/quarkus-run.jar "${module_args[@]}" "$@"
