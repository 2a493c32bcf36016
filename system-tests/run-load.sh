#!/usr/bin/env bash
# Builds the three services and this module, then runs the load driver against them on this
# machine (a private redis-server from the PATH, one JVM per service). Arguments go to the
# driver, e.g. ./system-tests/run-load.sh --clients 64 --window-seconds 30 (--help lists them).
# The report is printed and written to system-tests/target/load-driver/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/jdk.sh
command -v redis-server >/dev/null || { echo "redis-server must be on the PATH" >&2; exit 1; }

# -DskipTests -DskipITs: only the jars (the services' tests and the system tests are not needed to measure).
./mvnw -B -q -pl system-tests -am package -DskipTests -DskipITs

exec "$JAVA_HOME/bin/java" -cp "system-tests/target/classes:$(cat system-tests/target/load-driver.classpath)" \
  io.orderflow.systemtests.load.LoadDriver "$@"
