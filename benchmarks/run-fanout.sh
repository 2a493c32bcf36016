#!/usr/bin/env bash
# Distributor fan-out benchmark: builds the benchmarks module through the reactor (never
# `install`: the SNAPSHOT jars in ~/.m2 stay untouched) and runs it. Options go to the program:
#   benchmarks/run-fanout.sh [--events N] [--distributors N] [--batch N] [--redis URI [--flush]] [--help]
# Needs redis-server and redis-benchmark on the PATH (apt-get install redis-server redis-tools), and
# cc for Orderflow's Redis module, which the private redis-server loads (REDIS_MODULE=off: it does
# not, and the Lua script routes the drain).
# SKIP_BUILD=1 reruns the jar already built; BENCHMARK_JAVA_OPTS replaces the JVM options, which
# default to the collector and compiler the services run the distributor with (their images'
# JDK_JAVA_OPTIONS without its 64 MB heap, too small for seeding the backlog in this process);
# BENCHMARK_JAVA_OPTS= (empty) runs on the JVM's own defaults.
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

java_opts=${BENCHMARK_JAVA_OPTS-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1"}

export ORDERFLOW_BENCHMARK_LAUNCHER="benchmarks/run-fanout.sh"
# shellcheck disable=SC2086 # the options are words
exec "$JAVA_HOME/bin/java" $java_opts -jar benchmarks/target/quarkus-app/quarkus-run.jar "${module_args[@]}" "$@"
