#!/usr/bin/env bash
# Gateway memory footprint at rest (not a test): starts the gateway jar with gateway/jvm.options and
# Native Memory Tracking against its own Mosquitto on a free loopback port, sends 10,000 LAN readings,
# makes 5 GETs on the status page (PATH, default /metrics), forces a full GC and prints the RSS, NMT's
# committed memory by area, the live heap (class histogram) and the classes loaded. Compare two jars
# (e.g. before and after a change) on the same machine; under load the RSS wanders by several MB with
# what the rest of the machine does, at rest it does not. See deploy/bench/README.md.
#   deploy/bench/gateway-footprint.sh [JAR] [PATH]
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
JAR=${1:-$REPO_ROOT/gateway/target/linli-gateway.jar}
GET_PATH=${2:-/metrics}
[[ -f $JAR ]] || { echo "gateway-footprint: no $JAR (mvn -B -q -DskipTests -pl gateway -am package)" >&2; exit 2; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
BROKER_PORT=$(free_port)
STATUS_PORT=$(free_port)

printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$BROKER_PORT" >"$WORK/mosquitto.conf"
mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
PIDS+=("$!")
{
  echo "site: bench"
  echo "gateway: gw-bench"
  echo "gpio: mock"
  echo "lanBroker: {uri: tcp://127.0.0.1:$BROKER_PORT}"
  echo "cloudBroker: {uri: tcp://127.0.0.1:$BROKER_PORT}"
  echo "uplink: {store: sqlite, storePath: $WORK/buffer.db}"
  echo "statusPage: {host: 127.0.0.1, port: $STATUS_PORT}"
  echo "sensors:"
  for i in $(seq 0 19); do
    echo "  - {id: s-$i, kind: sound-level-meter, space: plaza, transport: mqtt, topic: bench/s-$i, mapping: sound-level-meter}"
  done
} >"$WORK/gateway.yaml"

mapfile -t JVM_OPTS < <(grep -v -e '^#' -e '^$' "$REPO_ROOT/gateway/jvm.options")
java "${JVM_OPTS[@]}" -XX:NativeMemoryTracking=summary -jar "$JAR" "$WORK/gateway.yaml" >"$WORK/gateway.log" 2>&1 &
GW=$!
PIDS=("$GW" "${PIDS[@]}")
for _ in $(seq 1 150); do
  grep -q 'gateway .* up:' "$WORK/gateway.log" && break
  kill -0 "$GW" 2>/dev/null || { cat "$WORK/gateway.log" >&2; exit 1; }
  sleep 0.2
done

for i in $(seq 0 19); do
  for k in $(seq 1 500); do echo "{\"LAeq\":$((40 + k % 50)).0,\"interval\":1}"; done |
    mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -q 1 -t "bench/s-$i" -l
done
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -w '%{http_code} ' "http://127.0.0.1:$STATUS_PORT$GET_PATH"
  sleep 1
done
echo "(GET $GET_PATH)"
sleep 5
jcmd "$GW" GC.run >/dev/null
sleep 2

echo "jar: $JAR"
echo "RSS: $(awk '/VmRSS/ { print $2 }' "/proc/$GW/status") kB"
jcmd "$GW" VM.native_memory summary | grep -E 'Total:|^- +(Java Heap|Class|Code|Other|Symbol|Metaspace) ' |
  sed -E 's/reserved=[0-9]+KB, //; s/^- +//; s/\).*$/)/'
jcmd "$GW" GC.class_histogram | awk '/^Total/ { printf "live heap: %d kB\n", $3 / 1024 } $4 == "java.lang.Class" { printf "classes: %d\n", $2 }'
