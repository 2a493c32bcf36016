#!/usr/bin/env bash
# Orderflow without Docker: a private redis-server and the three services, from one command.
#
#   deploy/local/run.sh            # builds the services if they are not built yet
#   deploy/local/run.sh --rebuild  # builds them again first
#
# Needs a JDK 21 or newer (found like CI does, by .ci/jdk.sh) and redis-server on the PATH.
# Starts redis-server on 127.0.0.1:6379 (the next free port from 6380 when 6379 is taken; it says
# which) with a random password and no persistence, then payment-service and shipping-service,
# then order-service, on 8081-8083 with the demo's delays. Every output line is prefixed by its
# process. Ctrl-C, or any of them stopping, stops everything and removes the temporary directory.
#
# Environment: ORDER_SERVICE_PORT, PAYMENT_SERVICE_PORT, SHIPPING_SERVICE_PORT (as in
# compose.yaml), REDIS_PORT (a fixed Redis port), ORDERFLOW_PAYMENT_DELAY,
# ORDERFLOW_PAYMENT_SUCCESS_RATE, ORDERFLOW_SHIPPING_DELAY, QUARKUS_LOG_CONSOLE_JSON_ENABLED,
# JDK_JAVA_OPTIONS (replaces the services' JVM options below).
set -euo pipefail
cd "$(dirname "$0")/../.."

# The services' JVM options, the same as the images' (deploy-tests checks it): a 64 MB serial-GC
# heap and C1 only, for <= 200 MB resident per service. Passed in JDK_JAVA_OPTIONS, which only the
# services' java launcher gets (not the build's).
SERVICE_JVM_OPTIONS="-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1"

SERVICES=(payment-service shipping-service order-service)   # order-service last: see start_services
declare -A PORT=(
  [order-service]="${ORDER_SERVICE_PORT:-8081}"
  [payment-service]="${PAYMENT_SERVICE_PORT:-8082}"
  [shipping-service]="${SHIPPING_SERVICE_PORT:-8083}"
)
declare -A PID=()
REDIS_PID=""
WORKDIR=""

if [ -t 1 ]; then
  declare -A COLOR=([redis]=$'\e[35m' [order-service]=$'\e[36m' [payment-service]=$'\e[33m' [shipping-service]=$'\e[32m' [run.sh]=$'\e[1m')
  RESET=$'\e[0m'
else
  declare -A COLOR=([redis]="" [order-service]="" [payment-service]="" [shipping-service]="" [run.sh]="")
  RESET=""
fi

say() { printf '%s%-16s|%s %s\n' "${COLOR[run.sh]}" "run.sh" "$RESET" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

# Copies its input to stdout, each line prefixed by the name of the process it comes from.
prefix() {
  local name=$1 line
  trap '' INT   # Ctrl-C: keep copying until the process it reads from has said its last word
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%s%-16s|%s %s\n' "${COLOR[$name]}" "$name" "$RESET" "$line"
  done
}

listening() { # true when something accepts connections on 127.0.0.1:$1
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ready() { # true when the service on port $1 answers 200 on /q/health/ready
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
    IFS= read -r -t 5 status <&3 || exit 1
    [[ $status == *" 200 "* ]]
  ) 2>/dev/null
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

check_children() { # exits (and so stops everything) when a child has stopped
  local name
  alive "$REDIS_PID" || die "redis-server stopped: stopping everything"
  for name in "${!PID[@]}"; do
    alive "${PID[$name]}" || die "$name stopped: stopping everything"
  done
}

stop() { # $1: name, $2: pid, $3: seconds to wait before SIGKILL
  local name=$1 pid=$2 waited=0
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && [ "$waited" -lt $(( $3 * 10 )) ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if alive "$pid"; then
    say "$name did not stop within $3 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local status=$? name
  trap - EXIT
  trap '' INT TERM   # a second Ctrl-C does not interrupt the stopping
  say "stopping"
  # The children do not get the terminal's Ctrl-C (their own session, or ignored by background
  # children of a script): they stop here, the services first, then Redis.
  for name in order-service payment-service shipping-service; do
    [ -n "${PID[$name]:-}" ] && alive "${PID[$name]}" && kill -TERM "${PID[$name]}" 2>/dev/null || true
  done
  for name in order-service payment-service shipping-service; do
    [ -n "${PID[$name]:-}" ] && stop "$name" "${PID[$name]}" 25
  done
  [ -n "$REDIS_PID" ] && stop redis "$REDIS_PID" 10
  wait 2>/dev/null || true
  [ -n "$WORKDIR" ] && rm -rf "$WORKDIR"
  say "stopped"
  exit "$status"
}

# ---- checks, before anything starts ----
rebuild=false
case "${1:-}" in
  "") ;;
  --rebuild) rebuild=true ;;
  -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (try --help)" ;;
esac

# shellcheck source=../../.ci/jdk.sh
source .ci/jdk.sh >/dev/null || die "no JDK 21 or newer found: install one (e.g. Temurin 21 or 25) or set JAVA_HOME"
say "JDK: $JAVA_HOME"
command -v redis-server >/dev/null 2>&1 \
  || die "redis-server is not on the PATH: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)"

for name in "${SERVICES[@]}"; do
  if listening "${PORT[$name]}"; then
    var=$(tr 'a-z-' 'A-Z_' <<<"$name")_PORT
    die "port ${PORT[$name]} for $name is in use (a demo already running?); choose another with $var=..."
  fi
done

if [ -n "${REDIS_PORT:-}" ]; then
  listening "$REDIS_PORT" && die "REDIS_PORT=$REDIS_PORT is in use"
  redis_port=$REDIS_PORT
else
  redis_port=6379
  while listening "$redis_port"; do
    redis_port=$((redis_port + 1))
    [ "$redis_port" -le 6479 ] || die "no free port for Redis between 6379 and 6479: set REDIS_PORT"
  done
fi

# ---- build ----
missing=false
for name in "${SERVICES[@]}"; do
  [ -f "$name/target/quarkus-app/quarkus-run.jar" ] || missing=true
done
if $rebuild || $missing; then
  say "building the services (./mvnw package, tests skipped; a few minutes the first time)"
  ./mvnw --batch-mode --quiet --projects event-bus/deployment,order-service,payment-service,shipping-service \
    --also-make package -Dmaven.test.skip=true || die "the build failed"
fi

# ---- run ----
# Each child in a session of its own where setsid exists: Ctrl-C reaches only this script.
DETACH=()
command -v setsid >/dev/null 2>&1 && DETACH=(setsid)

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/orderflow-local.XXXXXX")
password=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
umask 077
cat > "$WORKDIR/redis.conf" <<EOF
bind 127.0.0.1
port $redis_port
requirepass $password
dir $WORKDIR
appendonly no
save ""
daemonize no
EOF
umask 022

if [ "$redis_port" = 6379 ]; then
  say "starting redis-server on 127.0.0.1:6379 (private, password-protected, nothing kept)"
else
  say "starting redis-server on 127.0.0.1:$redis_port: 6379 is taken (private, password-protected, nothing kept)"
fi
${DETACH[@]+"${DETACH[@]}"} redis-server "$WORKDIR/redis.conf" > >(prefix redis) 2>&1 &
REDIS_PID=$!
for _ in $(seq 100); do
  listening "$redis_port" && break
  check_children
  sleep 0.1
done
listening "$redis_port" || die "redis-server does not accept connections on $redis_port"

start_service() {
  local name=$1
  QUARKUS_HTTP_PORT="${PORT[$name]}" \
  QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port" \
  QUARKUS_REDIS_PASSWORD="$password" \
  ORDERFLOW_BUS_CONSUMER_NAME="$name-local-$$" \
  ORDERFLOW_PAYMENT_DELAY="${ORDERFLOW_PAYMENT_DELAY:-1.5s}" \
  ORDERFLOW_PAYMENT_SUCCESS_RATE="${ORDERFLOW_PAYMENT_SUCCESS_RATE:-0.9}" \
  ORDERFLOW_SHIPPING_DELAY="${ORDERFLOW_SHIPPING_DELAY:-2s}" \
  JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-$SERVICE_JVM_OPTIONS}" \
    ${DETACH[@]+"${DETACH[@]}"} "$JAVA_HOME/bin/java" -jar "$name/target/quarkus-app/quarkus-run.jar" > >(prefix "$name") 2>&1 &
  PID[$name]=$!
}

wait_ready() {
  local name
  for _ in $(seq 240); do
    local all=true
    for name in "$@"; do
      ready "${PORT[$name]}" || all=false
    done
    $all && return 0
    check_children
    sleep 0.5
  done
  die "not ready after 120 s: $*"
}

# The distributor routes an event to the queues subscribed to its type when it arrives: payment-
# and shipping-service register their subscriptions before order-service takes the first order.
start_service payment-service
start_service shipping-service
wait_ready payment-service shipping-service
start_service order-service
wait_ready order-service

say "Orderflow is up: order-service :${PORT[order-service]}, payment-service :${PORT[payment-service]}, shipping-service :${PORT[shipping-service]}, Redis :$redis_port"
say "place an order:  curl -s -X POST localhost:${PORT[order-service]}/orders -H 'Content-Type: application/json' -d '{\"user_id\":\"user-1\",\"items\":[{\"product_id\":\"prod-1\",\"name\":\"Product 1\",\"price\":19.99,\"quantity\":1}]}'"
say "follow it:       curl -s localhost:${PORT[order-service]}/orders/<order_id>"
say "Ctrl-C stops everything"

while true; do
  check_children
  sleep 1
done
