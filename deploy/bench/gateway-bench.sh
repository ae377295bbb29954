#!/usr/bin/env bash
# Gateway benchmark (not a test): raw Mosquitto ceiling, gateway readings/s, gateway RSS, time to
# ready, and the drain of a backlog into InfluxDB through the cloud. Starts its own mosquitto and
# influxd instances on free loopback ports in a temporary directory, never the demo's (.linli/), and
# stops everything it started on exit. Prints a table and writes deploy/bench/results/gateway-<date>.md.
# See deploy/bench/README.md.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
CONF_DIR=$REPO_ROOT/deploy/local/conf
GATEWAY_JAR=$REPO_ROOT/gateway/target/linli-gateway.jar
CLOUD_JAR=$REPO_ROOT/cloud/target/linli-cloud.jar
SIM_JAR=$REPO_ROOT/deploy/sim/target/linli-sim.jar

SENSORS=${BENCH_SENSORS:-100}          # LAN sensors s-000 … (one mosquitto_pub each)
MESSAGES=${BENCH_MESSAGES:-200000}     # messages per throughput run, spread over the sensors
RUNS=${BENCH_RUNS:-3}                  # repetitions of raw ceiling, gateway path and time to ready
BACKLOG=${BENCH_BACKLOG:-200000}       # readings buffered while the cloud broker is down (0: skip)
PHASE_TIMEOUT=${BENCH_TIMEOUT:-900}    # seconds any one phase may take
SCRAPE_EVERY=${BENCH_SCRAPE_EVERY:-15} # seconds between GETs of the gateway's /metrics, as Prometheus would (0: none)
# The gateway's JVM options are the ones it is launched with (gateway/jvm.options, a Java argument
# file: -Xmx64m -XX:+UseSerialGC and what keeps it small), plus any to try.
JVM_OPTIONS=$REPO_ROOT/gateway/jvm.options
GATEWAY_JVM=("@$JVM_OPTIONS")
read -ra extra_opts <<<"${BENCH_GATEWAY_OPTS:-}" # more gateway JVM options, to try what helps
GATEWAY_JVM+=("${extra_opts[@]}")
SITE=bench
GATEWAY="gw-bench"
READINGS_TOPIC=linli/v1/$SITE/$GATEWAY/readings

log() { printf 'bench: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

((SENSORS >= 1 && SENSORS <= 1000)) || die "BENCH_SENSORS must be 1–1000"
((MESSAGES >= SENSORS)) || die "BENCH_MESSAGES must be at least BENCH_SENSORS"
((MESSAGES % SENSORS == 0)) || die "BENCH_MESSAGES must be a multiple of BENCH_SENSORS"
((BACKLOG % SENSORS == 0)) || die "BENCH_BACKLOG must be a multiple of BENCH_SENSORS"

MOSQUITTO=$(command -v mosquitto 2>/dev/null || echo /usr/sbin/mosquitto)
[[ -x $MOSQUITTO ]] || die "mosquitto not found: run deploy/local/stack.sh install"
command -v mosquitto_pub >/dev/null || die "mosquitto_pub not found: run deploy/local/stack.sh install"
command -v influxd >/dev/null || die "influxd not found: run deploy/local/stack.sh install"
command -v curl >/dev/null || die "curl not found"
[[ -f $JVM_OPTIONS ]] || die "$JVM_OPTIONS missing"
for jar in "$GATEWAY_JAR" "$CLOUD_JAR" "$SIM_JAR"; do
  [[ -f $jar ]] || die "$jar missing: build first with (cd $REPO_ROOT && mvn -B -q -DskipTests package)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/linli-bench.XXXXXX")
PIDS=()

# Stops what this script started, by pid, newest first; then removes the temporary directory.
cleanup() {
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "${PIDS[@]}"; do
    for _ in {1..50}; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then
    log "kept $WORK"
  else
    rm -rf -- "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }

# shellcheck disable=SC2016 # expanded by the inner bash, which timeout can bound
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }

free_port() {
  local port
  for _ in {1..200}; do
    port=$((20000 + RANDOM % 30000))
    port_open "$port" || {
      echo "$port"
      return 0
    }
  done
  die "no free loopback port found"
}

wait_until() { # seconds description command...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || die "$what: not within the time limit"
    sleep 0.1
  done
}

render() { # template output KEY=value...
  local template=$1 output=$2 pair
  shift 2
  local expressions=()
  for pair in "$@"; do
    expressions+=(-e "s|@${pair%%=*}@|${pair#*=}|g")
  done
  sed "${expressions[@]}" "$template" >"$output"
  ! grep -q '@[A-Z_][A-Z_]*@' "$output" || die "placeholder left in $output"
}

# mosquitto with deploy/local's template, plus two changes (BENCH_BROKER_AS_TEMPLATE=1 keeps the
# template as it is):
# - autosave back to Mosquitto's default (every 30 min and on a clean stop): the template saves the
#   whole store after every change so that the kill tests lose nothing, which caps any QoS 1 stream
#   through it at a few thousand messages/s and would measure that test setting, not the gateway;
# - 'max_queued_messages 0' (no limit): with the default (1000) the broker drops QoS 1 messages of a
#   burst that its subscriber (the gateway, or the cloud while the cloud broker restarts) has not
#   taken yet, and the run would wait for readings that never come.
start_mosquitto() { # name port
  local name=$1 port=$2 dir=$WORK/$1
  mkdir -p "$dir/data"
  render "$CONF_DIR/mosquitto.conf.tmpl" "$dir/mosquitto.conf" \
    PORT="$port" DATA_DIR="$dir/data" LOG_FILE="$dir/mosquitto.log" RUN_USER="$(id -un)"
  if [[ ${BENCH_BROKER_AS_TEMPLATE:-0} != 1 ]]; then
    printf '%s\n' '' '# gateway-bench.sh' 'autosave_on_changes false' 'autosave_interval 1800' >>"$dir/mosquitto.conf"
  fi
  echo "max_queued_messages 0" >>"$dir/mosquitto.conf"
  # QoS 1 messages the broker sends a subscriber before waiting for a PUBACK (Mosquitto: 20). The
  # gateway acknowledges after its commit, so this bounds the readings per commit.
  [[ -z ${BENCH_LAN_INFLIGHT:-} || $name != lan ]] || echo "max_inflight_messages $BENCH_LAN_INFLIGHT" >>"$dir/mosquitto.conf"
  "$MOSQUITTO" -c "$dir/mosquitto.conf" >>"$dir/stdout.log" 2>&1 &
  PIDS+=("$!")
  echo "$!" >"$dir/pid"
  wait_until 20 "$name on port $port" port_open "$port"
}

stop_pid() { # pid
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in {1..150}; do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
}

influx_query() { # InfluxQL
  curl -sS --max-time 10 -G "http://127.0.0.1:$INFLUX_PORT/query" --data-urlencode "db=linli" --data-urlencode "q=$1"
}

# ---------------------------------------------------------------------------------------------
# Inputs: gateway.yaml, site.yaml, one payload file per sensor

PER_SENSOR=$((MESSAGES / SENSORS))
LAN_PORT=$(free_port)
CLOUD_PORT=$(free_port)
INFLUX_PORT=$(free_port)
INFLUX_RPC_PORT=$(free_port)
HTTP_PORT=$(free_port)
STATUS_PORT=$(free_port) # the gateway's status page (and its /metrics), on loopback

sensor_id() { printf 's-%03d' "$1"; }

write_gateway_yaml() { # file store-path
  {
    echo "site: $SITE"
    echo "gateway: $GATEWAY"
    echo "gpio: mock"
    echo "lanBroker: {uri: tcp://127.0.0.1:$LAN_PORT}"
    echo "cloudBroker: {uri: tcp://127.0.0.1:$CLOUD_PORT}"
    echo "uplink: {store: sqlite, storePath: $2}"
    echo "statusPage: {host: 127.0.0.1, port: $STATUS_PORT}"
    echo "sensors:"
    echo "  - {id: tick, kind: sound-level-meter, space: plaza, transport: mqtt, topic: bench/tick, mapping: sound-level-meter}"
    local i
    for ((i = 0; i < SENSORS; i++)); do
      echo "  - {id: $(sensor_id "$i"), kind: sound-level-meter, space: plaza, transport: mqtt, topic: bench/$(sensor_id "$i"), mapping: sound-level-meter}"
    done
  } >"$1"
}

write_site_yaml() { # file
  {
    echo "id: $SITE"
    echo "name: bench"
    echo "timezone: Asia/Shanghai"
    echo "grids:"
    echo "  - {id: g1, name: bench grid, level: 1}"
    echo "spaces:"
    echo "  - {id: plaza, name: bench plaza, kind: plaza, grid: g1, noiseZone: \"1\"}"
    echo "gateways:"
    echo "  - id: $GATEWAY"
    echo "    name: bench gateway"
    echo "    sensors:"
    echo "      - {id: tick, kind: sound-level-meter, space: plaza, transport: mqtt, topic: bench/tick, mapping: sound-level-meter}"
    local i
    for ((i = 0; i < SENSORS; i++)); do
      echo "      - {id: $(sensor_id "$i"), kind: sound-level-meter, space: plaza, transport: mqtt, topic: bench/$(sensor_id "$i"), mapping: sound-level-meter}"
    done
  } >"$1"
}

# Sound level meter messages: every message is a reading (no change detection), and LAeq changes
# with the line number, so no two messages of a sensor say the same. No 'ts': the gateway stamps the
# arrival time, strictly increasing per sensor, so every reading is a distinct InfluxDB point.
write_payloads() { # directory lines-per-sensor
  mkdir -p "$1"
  local i
  for ((i = 0; i < SENSORS; i++)); do
    awk -v n="$2" -v s="$i" 'BEGIN {
      for (k = 0; k < n; k++) {
        eq = 40 + ((k * 7 + s) % 400) / 10
        printf "{\"LAeq\":%.1f,\"LAmin\":%.1f,\"LAmax\":%.1f,\"interval\":1,\"battery\":97,\"linkquality\":120}\n", eq, eq - 5, eq + 8
      }
    }' >"$1/$(sensor_id "$i").txt"
  done
}

# One mosquitto_pub per sensor, QoS 1, all at once; returns when all have published.
publish_all() { # payload-dir
  local i pids=()
  for ((i = 0; i < SENSORS; i++)); do
    mosquitto_pub -h 127.0.0.1 -p "$LAN_PORT" -q 1 -i "bench-pub-$i" -t "bench/$(sensor_id "$i")" -l \
      <"$1/$(sensor_id "$i").txt" &
    pids+=("$!")
  done
  local failed=0
  for i in "${pids[@]}"; do
    wait "$i" || failed=1
  done
  ((failed == 0)) || die "a mosquitto_pub failed"
}

counter() { # prefix expected timeout-s ready-file
  java -Xmx128m -cp "$SIM_JAR" org.linli.sim.bench.ReadingCounter "tcp://127.0.0.1:$CLOUD_PORT" "$READINGS_TOPIC" "$@"
}

field() { # key line
  local re="(^| )$1=([^ ]*)"
  [[ $2 =~ $re ]] && echo "${BASH_REMATCH[2]}"
}

# Samples the RSS of a process once a second into a file, for at most the phase time limit.
sample_rss() { # pid file
  local i
  for ((i = 0; i < PHASE_TIMEOUT; i++)); do
    ps -o rss= -p "$1" >>"$2" 2>/dev/null || return 0
    sleep 1
  done
}

max_of() { sort -n "$1" | tail -n 1; }

# CPU time a process has used so far (user + system), in ms: a cost per reading that does not depend
# on how busy the shared machine is, unlike the rates.
cpu_ms() { # pid
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%d\n", ($12 + $13) * 1000 / hz }' "/proc/$1/stat"
}

GATEWAY_PID=
start_gateway() { # run-dir; sets GATEWAY_PID and GATEWAY_START_MS
  local dir=$1
  mkdir -p "$dir"
  write_gateway_yaml "$dir/gateway.yaml" "$dir/buffer.db"
  GATEWAY_START_MS=$(now_ms)
  java "${GATEWAY_JVM[@]}" -jar "$GATEWAY_JAR" "$dir/gateway.yaml" >"$dir/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  PIDS+=("$GATEWAY_PID")
}

# Ends the gateway's LAN session (persistent, 1 h expiry) after it stopped: otherwise the broker
# would queue the next run's raw-ceiling messages for it, slowing that run down, and hand them to
# the next gateway, which starts on the same client id.
end_lan_session() {
  mosquitto_pub -h 127.0.0.1 -p "$LAN_PORT" -V mqttv5 -i "linli-$SITE-$GATEWAY-lan" -q 0 -t bench/none -m end
}

gateway_up() { grep -q 'gateway .* up:' "$1"; }

log_line_ms() { # log-file pattern: epoch ms of the first matching log line
  local ts
  ts=$(grep -m 1 -E "$2" "$1" | cut -d' ' -f1)
  [[ -n $ts ]] && date -d "$ts" +%s%3N
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
per_s() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", (ms > 0 ? n * 1000 / ms : 0) }'; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }

# min / median / max of numbers, one per line in a file
spread() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n/a"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s", v[1], m, v[NR] }'
}

# ---------------------------------------------------------------------------------------------
# Run

log "work directory $WORK; LAN broker :$LAN_PORT, cloud broker :$CLOUD_PORT, influxd :$INFLUX_PORT"
log "$SENSORS sensors, $MESSAGES messages per run ($PER_SENSOR per sensor), $RUNS runs, backlog $BACKLOG"
write_payloads "$WORK/payloads" "$PER_SENSOR"
start_mosquitto lan "$LAN_PORT"
start_mosquitto cloud "$CLOUD_PORT"

RESULTS=$WORK/results
mkdir -p "$RESULTS"

for ((run = 1; run <= RUNS; run++)); do
  # 1. Raw ceiling: the same publishers, mosquitto_sub on the LAN broker instead of the gateway.
  mosquitto_sub -h 127.0.0.1 -p "$LAN_PORT" -q 1 -i "bench-raw-sub-$run" -t 'bench/#' -C "$MESSAGES" >/dev/null &
  sub=$!
  PIDS+=("$sub")
  wait_until 10 "raw subscriber" grep -q "as bench-raw-sub-$run " "$WORK/lan/mosquitto.log"
  sleep 0.5 # its SUBSCRIBE follows the CONNECT logged above
  t0=$(now_ms)
  publish_all "$WORK/payloads"
  timeout "$PHASE_TIMEOUT" tail --pid="$sub" -f /dev/null || die "raw subscriber did not get $MESSAGES messages"
  wait "$sub" || die "raw subscriber failed"
  t1=$(now_ms)
  raw=$(per_s "$MESSAGES" $((t1 - t0)))
  echo "$raw" >>"$RESULTS/raw"
  log "run $run: raw ceiling $raw messages/s ($(secs $((t1 - t0))) s)"

  # 4. Time to ready: a ticker publishes on bench/tick every 50 ms from before the JVM starts.
  dir=$WORK/gw-$run
  mkdir -p "$dir"
  counter tick 1 60 "$dir/tick-ready" >"$dir/tick.out" 2>"$dir/tick.err" &
  tick_counter=$!
  PIDS+=("$tick_counter")
  wait_until 30 "tick counter" test -f "$dir/tick-ready"
  (for k in $(seq 1 600); do
    printf '{"LAeq":%d.0,"interval":1}\n' $((40 + k % 50))
    sleep 0.05
    kill -0 "$tick_counter" 2>/dev/null || break
  done) | mosquitto_pub -h 127.0.0.1 -p "$LAN_PORT" -q 1 -i bench-ticker -t bench/tick -l &
  ticker=$!
  PIDS+=("$ticker")
  start_gateway "$dir"
  gw=$GATEWAY_PID
  : >"$dir/rss"
  sample_rss "$gw" "$dir/rss" &
  sampler=$!
  PIDS+=("$sampler")
  if ((SCRAPE_EVERY > 0)); then
    (while kill -0 "$gw" 2>/dev/null; do
      curl -s -o /dev/null "http://127.0.0.1:$STATUS_PORT/metrics" || true
      sleep "$SCRAPE_EVERY"
    done) &
    PIDS+=("$!")
  fi
  wait_until 60 "gateway up (log $dir/gateway.log)" gateway_up "$dir/gateway.log"
  wait "$tick_counter" || die "no tick reading on the cloud broker within 60 s"
  up_ms=$(log_line_ms "$dir/gateway.log" 'gateway .* up:')
  first_ms=$(field first_ms "$(cat "$dir/tick.out")")
  echo $((up_ms - GATEWAY_START_MS)) >>"$RESULTS/ready"
  echo $((first_ms - GATEWAY_START_MS)) >>"$RESULTS/first"
  log "run $run: gateway up after $(secs $((up_ms - GATEWAY_START_MS))) s, first reading on the cloud broker after $(secs $((first_ms - GATEWAY_START_MS))) s"
  wait "$ticker" 2>/dev/null || true
  idle_rss=$(max_of "$dir/rss")

  # 2. Gateway path: the same publishers, readings counted on the cloud broker.
  counter s- "$MESSAGES" "$PHASE_TIMEOUT" "$dir/count-ready" >"$dir/count.out" 2>"$dir/count.err" &
  count=$!
  PIDS+=("$count")
  wait_until 30 "reading counter" test -f "$dir/count-ready"
  cpu0=$(cpu_ms "$gw")
  t0=$(now_ms)
  publish_all "$WORK/payloads"
  t_pub=$(now_ms)
  wait "$count" || die "the gateway did not deliver $MESSAGES readings within ${PHASE_TIMEOUT}s: $(cat "$dir/count.out")"
  cpu1=$(cpu_ms "$gw")
  awk -v ms=$((cpu1 - cpu0)) -v n="$MESSAGES" 'BEGIN { printf "%.1f\n", ms * 1000 / n }' >>"$RESULTS/cpu"
  out=$(cat "$dir/count.out")
  last_ms=$(field last_ms "$out")
  gw_rate=$(per_s "$MESSAGES" $((last_ms - t0)))
  echo "$gw_rate" >>"$RESULTS/gateway"
  ratio "$gw_rate" "$raw" >>"$RESULTS/ratio"
  echo >>"$RESULTS/ratio"
  field duplicates "$out" >>"$RESULTS/duplicates"
  echo "$(field resent "$out") $(field batches "$out")" >>"$RESULTS/resent"
  log "run $run: gateway $gw_rate readings/s ($(secs $((last_ms - t0))) s; publishers done after $(secs $((t_pub - t0))) s;" \
    "gateway CPU $(tail -n 1 "$RESULTS/cpu") µs per reading; load average $(cut -d' ' -f1 /proc/loadavg); $out)"

  # 3. RSS under that load (the sampler ran through the whole phase).
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  max_of "$dir/rss" | awk '{ printf "%.1f\n", $1 / 1024 }' >>"$RESULTS/rss"
  log "run $run: gateway RSS max $(tail -n 1 "$RESULTS/rss") MB (idle $(awk -v k="$idle_rss" 'BEGIN { printf "%.1f", k / 1024 }') MB)"
  stop_pid "$gw"
  end_lan_session
done

# 5. Drain: a backlog buffered while the cloud broker is stopped, then drained into InfluxDB.
if ((BACKLOG > 0)); then
  mkdir -p "$WORK/influxdb/data"
  render "$CONF_DIR/influxdb.conf.tmpl" "$WORK/influxdb/influxdb.conf" \
    HTTP_PORT="$INFLUX_PORT" RPC_PORT="$INFLUX_RPC_PORT" DATA_DIR="$WORK/influxdb/data"
  influxd -config "$WORK/influxdb/influxdb.conf" >"$WORK/influxdb/influxd.log" 2>&1 &
  PIDS+=("$!")
  wait_until 30 "influxd" curl -sf -o /dev/null "http://127.0.0.1:$INFLUX_PORT/ping"
  influx_query 'CREATE DATABASE "linli"' >/dev/null
  write_site_yaml "$WORK/site.yaml"
  # A plain subscription (LINLI_MQTT_SHARED_GROUP empty), not the default $share/linli-cloud/…:
  # Mosquitto 2.0.11 does not restore a shared subscription of a persistent session from its store
  # after a restart, so batches a gateway sends before the cloud has subscribed again are never
  # delivered to the cloud (see gateway/README.md, Numbers). BENCH_SHARED_GROUP=1 keeps the default.
  shared_group=()
  [[ ${BENCH_SHARED_GROUP:-0} == 1 ]] || shared_group=(LINLI_MQTT_SHARED_GROUP=)
  env "${shared_group[@]}" \
    "LINLI_SITE_FILE=$WORK/site.yaml" "LINLI_MQTT_URI=tcp://127.0.0.1:$CLOUD_PORT" LINLI_MQTT_CLIENT_ID=linli-cloud-bench \
    "LINLI_INFLUX_URL=http://127.0.0.1:$INFLUX_PORT" LINLI_INFLUX_DATABASE=linli "MICRONAUT_SERVER_PORT=$HTTP_PORT" \
    "LINLI_DATA_DIR=$WORK/cloud-data" \
    java -Xmx256m -jar "$CLOUD_JAR" >"$WORK/cloud.log" 2>&1 &
  PIDS+=("$!")
  # shellcheck disable=SC2016 # expanded by the inner bash
  wait_until 120 "cloud /health UP (log $WORK/cloud.log)" \
    bash -c 'curl -s --max-time 2 "$1" | grep -q "\"UP\""' _ "http://127.0.0.1:$HTTP_PORT/health"
  cloud_broker_pid=$(<"$WORK/cloud/pid")
  stop_pid "$cloud_broker_pid"
  log "drain: cloud broker stopped; buffering $BACKLOG readings"

  dir=$WORK/gw-drain
  start_gateway "$dir"
  gw=$GATEWAY_PID
  wait_until 60 "gateway up (log $dir/gateway.log)" gateway_up "$dir/gateway.log"
  write_payloads "$WORK/backlog" $((BACKLOG / SENSORS))
  t0=$(now_ms)
  publish_all "$WORK/backlog"
  out=$(java -Xmx64m -cp "$SIM_JAR" org.linli.sim.bench.BufferWait "$dir/buffer.db" "$BACKLOG" "$PHASE_TIMEOUT") ||
    die "the gateway buffered only: $out"
  t1=$(now_ms)
  fill_rate=$(per_s "$BACKLOG" $((t1 - t0)))
  log "drain: $BACKLOG readings buffered in $(secs $((t1 - t0))) s ($fill_rate readings/s, cloud broker down)"

  : >"$dir/rss"
  sample_rss "$gw" "$dir/rss" &
  sampler=$!
  PIDS+=("$sampler")
  connects_before=$(grep -c 'connected to tcp://127.0.0.1:'"$CLOUD_PORT" "$dir/gateway.log" || true)
  "$MOSQUITTO" -c "$WORK/cloud/mosquitto.conf" >>"$WORK/cloud/stdout.log" 2>&1 &
  PIDS+=("$!")
  t_restart=$(now_ms)
  # The batches as they reach the cloud broker, to tell the gateway's send rate from the cloud's
  # ingest rate. It subscribes a moment after the restart and may miss the first batches; its rate
  # is taken over what it saw.
  wait_until 20 "cloud broker restart" port_open "$CLOUD_PORT"
  counter s- "$BACKLOG" "$PHASE_TIMEOUT" "$dir/count-ready" >"$dir/count.out" 2>"$dir/count.err" &
  drain_counter=$!
  PIDS+=("$drain_counter")
  query="SELECT count(laeq) FROM noise WHERE gateway = '$GATEWAY' AND sensor =~ /^s-/"
  n=0
  t_first=0
  deadline=$((SECONDS + PHASE_TIMEOUT))
  while ((SECONDS < deadline)); do
    n=$(influx_query "$query" | sed -n 's/.*,\([0-9][0-9]*\)\]\].*/\1/p')
    n=${n:-0}
    ((n > 0 && t_first == 0)) && t_first=$(now_ms)
    ((n >= BACKLOG)) && break
    sleep 0.25
  done
  t_end=$(now_ms)
  ((n >= BACKLOG)) || die "InfluxDB holds $n of $BACKLOG readings after ${PHASE_TIMEOUT}s"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  kill "$drain_counter" 2>/dev/null || true
  wait "$drain_counter" 2>/dev/null || true
  out=$(cat "$dir/count.out")
  broker_rate=$(per_s "$(field readings "$out")" $(($(field last_ms "$out") - $(field first_ms "$out"))))
  log "drain: on the cloud broker $broker_rate readings/s ($out)"
  connect_ms=$(grep 'connected to tcp://127.0.0.1:'"$CLOUD_PORT" "$dir/gateway.log" | sed -n "$((connects_before + 1))p" | cut -d' ' -f1)
  connect_ms=$(date -d "$connect_ms" +%s%3N)
  drain_rate=$(per_s "$BACKLOG" $((t_end - t_restart)))
  drain_connected=$(per_s "$BACKLOG" $((t_end - connect_ms)))
  drain_rss=$(awk -v k="$(max_of "$dir/rss")" 'BEGIN { printf "%.1f", k / 1024 }')
  log "drain: $BACKLOG readings in InfluxDB $(secs $((t_end - t_restart))) s after the broker restart ($drain_rate readings/s);" \
    "gateway reconnected after $(secs $((connect_ms - t_restart))) s; $(secs $((t_end - connect_ms))) s from reconnect ($drain_connected readings/s); gateway RSS max $drain_rss MB"
  stop_pid "$gw"
fi

# ---------------------------------------------------------------------------------------------
# Report

pass() { # value goal-op goal
  awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { ok = (op == ">=") ? (v >= g) : (v <= g); print (ok ? "pass" : "MISS") }'
}

read -r raw_min raw_med raw_max <<<"$(spread "$RESULTS/raw")"
read -r gw_min gw_med gw_max <<<"$(spread "$RESULTS/gateway")"
read -r ra_min ra_med ra_max <<<"$(spread "$RESULTS/ratio")"
read -r rss_min rss_med rss_max <<<"$(spread "$RESULTS/rss")"
read -r cpu_min cpu_med cpu_max <<<"$(spread "$RESULTS/cpu")"
read -r rd_min rd_med rd_max <<<"$(spread "$RESULTS/ready")"
read -r fr_min fr_med fr_max <<<"$(spread "$RESULTS/first")"
dups=$(awk '{ s += $1 } END { print s + 0 }' "$RESULTS/duplicates")
resent=$(awk '{ r += $1; b += $2 } END { printf "%d of %d", r, b }' "$RESULTS/resent")

row() { printf '| %s | %s | %s | %s |\n' "$@"; }
{
  echo "Gateway benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -m | awk '/^Mem:/ { print $2 }') MiB,"
  echo "$(java -version 2>&1 | head -n 1), mosquitto $("$MOSQUITTO" -h 2>/dev/null | head -n 1 | awk '{ print $3 }'), $(influxd version 2>/dev/null | head -n 1)."
  echo "$SENSORS LAN sensors (sound-level-meter preset), $MESSAGES QoS 1 messages per run, $RUNS runs; store sqlite;"
  echo "gateway JVM: $(grep -v '^#' "$JVM_OPTIONS" | tr '\n' ' ')${extra_opts[*]:++ ${extra_opts[*]}}"
  echo "Load average (1, 5, 15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every rate; the CPU per reading does not depend on it)."
  echo "Figures: median (min–max over the runs)."
  echo
  row "figure" "measured" "goal" "result"
  row "---" "---" "---" "---"
  row "1. raw ceiling mosquitto_pub → mosquitto_sub" "$raw_med msg/s ($raw_min–$raw_max)" "—" "—"
  row "2. gateway LAN → cloud broker" "$gw_med readings/s ($gw_min–$gw_max)" "≥ 20000/s" "$(pass "$gw_med" '>=' 20000)"
  row "2. ratio gateway / raw (per run)" "$ra_med ($ra_min–$ra_max)" "≥ 0.8" "$(pass "$ra_med" '>=' 0.8)"
  row "2. gateway CPU (user + system) per reading" "$cpu_med µs ($cpu_min–$cpu_max)" "—" "—"
  row "3. gateway RSS max under load" "$rss_med MB ($rss_min–$rss_max)" "≤ 96 MB" "$(pass "$rss_max" '<=' 96)"
  row "4. JVM start → 'gateway … up'" "$(secs "$rd_med") s ($(secs "$rd_min")–$(secs "$rd_max"))" "≤ 2 s" "$(pass "$rd_med" '<=' 2000)"
  row "4. JVM start → first reading on cloud broker" "$(secs "$fr_med") s ($(secs "$fr_min")–$(secs "$fr_max"))" "≤ 2 s" "$(pass "$fr_med" '<=' 2000)"
  if ((BACKLOG > 0)); then
    row "5. drain $BACKLOG into InfluxDB, from broker restart" "$drain_rate readings/s ($(secs $((t_end - t_restart))) s)" "≥ 20000/s" "$(pass "$drain_rate" '>=' 20000)"
    row "5. drain, from the gateway's reconnect" "$drain_connected readings/s (reconnect after $(secs $((connect_ms - t_restart))) s)" "≥ 20000/s" "$(pass "$drain_connected" '>=' 20000)"
    row "5. gateway send rate while draining (on the cloud broker)" "$broker_rate readings/s" "—" "—"
    row "5. backlog fill rate (cloud broker down)" "$fill_rate readings/s" "—" "—"
    row "5. gateway RSS max while draining" "$drain_rss MB" "≤ 96 MB" "$(pass "$drain_rss" '<=' 96)"
  fi
  echo
  echo "Phase 2, all runs: batches on the cloud broker that were sent again with the same (bootId, seq): $resent;"
  echo "distinct batches with a (sensor, ts) seen before (would overwrite a point in InfluxDB): ${dups:-0} readings."
} >"$RESULTS/table.md"

mkdir -p "$SCRIPT_DIR/results"
report=$SCRIPT_DIR/results/gateway-$(date -u +%Y%m%dT%H%M%SZ).md
cp "$RESULTS/table.md" "$report"
echo
cat "$RESULTS/table.md"
echo
log "written to $report"
