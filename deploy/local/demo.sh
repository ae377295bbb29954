#!/usr/bin/env bash
# Functions below run from traps and from wait_for, which shellcheck cannot see.
# shellcheck disable=SC2317
# Linli demo: builds the project, starts the local stack (two Mosquitto brokers and InfluxDB on
# loopback), the cloud and one simulated gateway (the real gateway code with Pi4J's mock GPIO, a
# simulated PIR and a simulated LAN parking sensor), waits until readings reach InfluxDB and prints
# the dashboard address. Ctrl-C stops everything it started, and nothing else.
#
# Settings (environment): LINLI_HTTP_PORT (cloud dashboard, default 18080), LINLI_GATEWAY_STATUS_PORT
# (the simulated gateway's status page, default 18090), LINLI_DEMO_SECONDS (stop
# by itself after this many seconds; default: run until Ctrl-C), LINLI_DEMO_SKIP_BUILD=1 (reuse the
# jars already built), plus the ports of deploy/local/stack.sh.
# Demo canteen: LINLI_COUNTER_PORT (the counter display of canteen-1 on gw-01, default 18091),
# LINLI_ROSTER_SEED (seed of the generated roster of fictional elders; default: a new one per run),
# LINLI_RUSH_ELDERS (200), LINLI_RUSH_SECONDS (180: the lunch rush, 30 minutes compressed).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
STACK=$SCRIPT_DIR/stack.sh
STATE_DIR=${LINLI_STATE_DIR:-$REPO_ROOT/.linli}
HTTP_PORT=${LINLI_HTTP_PORT:-18080}
STATUS_PORT=${LINLI_GATEWAY_STATUS_PORT:-18090}
DEMO_DIR=$STATE_DIR/demo
LOG_DIR=$STATE_DIR/logs

say() { printf 'demo: %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

cloud_pid=""
sim_pid=""
replay_pid=""
rush_pid=""
stopping=0
cleanup() {
  ((stopping)) && return
  stopping=1
  # Finish the clean-up even if the terminal or a pipe reading our output is already gone.
  trap '' INT TERM PIPE
  set +e
  say "stopping what the demo started"
  local pid
  for pid in "$rush_pid" "$replay_pid" "$sim_pid" "$cloud_pid"; do
    if [[ -n $pid ]]; then kill -TERM "$pid" 2>/dev/null; fi
  done
  for pid in "$rush_pid" "$replay_pid" "$sim_pid" "$cloud_pid"; do
    if [[ -n $pid ]]; then wait "$pid" 2>/dev/null; fi
  done
  "$STACK" stop || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v java >/dev/null || die "java not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven)"
port_free "$HTTP_PORT" || die "port $HTTP_PORT is taken: set LINLI_HTTP_PORT to a free port"
port_free "$STATUS_PORT" || die "port $STATUS_PORT is taken: set LINLI_GATEWAY_STATUS_PORT to a free port"
# --- demo canteen: settings ---
COUNTER_PORT=${LINLI_COUNTER_PORT:-18091}
ROSTER_SEED=${LINLI_ROSTER_SEED:-$(date +%s)}
RUSH_ELDERS=${LINLI_RUSH_ELDERS:-200}
RUSH_SECONDS=${LINLI_RUSH_SECONDS:-180}
port_free "$COUNTER_PORT" || die "port $COUNTER_PORT is taken: set LINLI_COUNTER_PORT to a free port"
# --- end demo canteen ---

"$STACK" install
if ! command -v curl >/dev/null; then
  say "installing curl (used to wait for the cloud)"
  if ((EUID == 0)); then apt-get install -y --no-install-recommends curl; else sudo apt-get install -y --no-install-recommends curl; fi
fi
if [[ ${LINLI_DEMO_SKIP_BUILD:-0} != 1 ]]; then
  say "building (mvn package, tests skipped: the test command runs them)"
  (cd "$REPO_ROOT" && mvn -B -q -ntp -DskipTests package) || die "the build failed"
fi
CLOUD_JAR=$REPO_ROOT/cloud/target/linli-cloud.jar
SIM_JAR=$REPO_ROOT/deploy/sim/target/linli-sim.jar
[[ -f $CLOUD_JAR && -f $SIM_JAR ]] || die "jars missing ($CLOUD_JAR, $SIM_JAR): run without LINLI_DEMO_SKIP_BUILD"

"$STACK" start --with-postgres
eval "$("$STACK" env)"
mkdir -p "$DEMO_DIR" "$LOG_DIR"

# The gateway's boot config, as the installers' CLI would render it for gw-01, pointed at this stack.
sed -e "s#@LAN_URI@#$LINLI_LAN_MQTT_URI#" -e "s#@CLOUD_URI@#$LINLI_CLOUD_MQTT_URI#" \
  -e "s#@STORE_PATH@#$DEMO_DIR/buffer.db#" -e "s#@STATUS_PORT@#$STATUS_PORT#" \
  "$SCRIPT_DIR/demo/gateway.yaml.tmpl" >"$DEMO_DIR/gateway.yaml"
# --- demo canteen: the counter's ledger and page port in gw-01's config ---
sed -i -e "s#@LEDGER_PATH@#$DEMO_DIR/ledger.db#" -e "s#@COUNTER_PORT@#$COUNTER_PORT#" "$DEMO_DIR/gateway.yaml"
# --- end demo canteen ---

# Dashboard logins: passwords made at the first demo start, kept (mode 600) beside the demo's database in
# the state directory so they still match at the next start, printed below; never committed.
PASSWORDS=$DEMO_DIR/passwords
if [[ ! -s $PASSWORDS ]]; then
  umask_before=$(umask)
  umask 077
  {
    for user in admin wang li zhou min; do
      printf '%s %s\n' "$user" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    done
  } >"$PASSWORDS"
  umask "$umask_before"
fi
password_of() { awk -v u="$1" '$1 == u { print $2 }' "$PASSWORDS"; }
( umask 077 && password_of admin >"$DEMO_DIR/admin-password" )

say "starting the cloud (log: $LOG_DIR/cloud.log)"
LINLI_ADMIN_PASSWORD_FILE=$DEMO_DIR/admin-password \
  LINLI_SITE_FILE=$SCRIPT_DIR/demo/site.yaml \
  LINLI_MQTT_URI=$LINLI_CLOUD_MQTT_URI \
  LINLI_INFLUX_URL=$LINLI_INFLUX_URL \
  LINLI_INFLUX_DATABASE=$LINLI_INFLUX_DB \
  MICRONAUT_SERVER_PORT=$HTTP_PORT \
  DATASOURCES_DEFAULT_URL=$LINLI_JDBC_URL \
  DATASOURCES_DEFAULT_USERNAME=$LINLI_JDBC_USER \
  DATASOURCES_DEFAULT_PASSWORD=$LINLI_JDBC_PASSWORD \
  LINLI_DATA_DIR=$DEMO_DIR/cloud \
  LINLI_RULES_IDLE_LAG=${LINLI_RULES_IDLE_LAG:-48h} \
  java -Xmx256m -jar "$CLOUD_JAR" >"$LOG_DIR/cloud.log" 2>&1 &
cloud_pid=$!

wait_for() { # description seconds command...
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  say "waiting for $what (up to ${seconds}s)"
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
alive() { kill -0 "$1" 2>/dev/null; }
health_up() { alive "$cloud_pid" && curl -fsS "http://127.0.0.1:$HTTP_PORT/health" | grep -q '"UP"'; }
wait_for "cloud health" 90 health_up || { tail -n 30 "$LOG_DIR/cloud.log" >&2; die "the cloud did not become healthy"; }

# Logs in as the admin (cookie jar + CSRF token) and creates the demo's staff (an existing one answers 409).
COOKIES=$DEMO_DIR/cookies
login=$(curl -fsS -c "$COOKIES" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$(password_of admin)\"}" "http://127.0.0.1:$HTTP_PORT/login") ||
  die "the demo admin cannot log in (a database from an older demo run? delete $STATE_DIR/postgres and $PASSWORDS)"
csrf=$(printf '%s' "$login" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
add_user() { # username display-name role scope
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$COOKIES" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -d "{\"username\":\"$1\",\"displayName\":\"$2\",\"password\":\"$(password_of "$1")\",\"role\":\"$3\",\"scope\":\"$4\"}" \
    "http://127.0.0.1:$HTTP_PORT/api/users")
  [[ $code == 201 || $code == 409 ]] || die "creating the demo user $1 answered $code"
}
add_user wang 王建华 GRID_HEAD g1
add_user li 李秀英 GRID_WORKER g1-1
add_user zhou 周食堂 CANTEEN_OPERATOR canteen-1
add_user min 民政专员 CIVIL_AFFAIRS ""

# --- demo site plan (the spaces page's map) ---
# A site plan drawn now from site.yaml (deploy/sim DemoSitePlan: a PNG and each space's place), uploaded and
# the spaces placed by the admin through the cloud's API, as an admin would in the spaces page. Nothing
# generated is committed; an upload at every start replaces the plan with the same picture.
PLAN_PNG=$DEMO_DIR/site-plan.png
PLAN_POSITIONS=$DEMO_DIR/site-plan.positions
java -Xmx64m -cp "$SIM_JAR" org.linli.sim.scenario.DemoSitePlan "$SCRIPT_DIR/demo/site.yaml" "$PLAN_PNG" "$PLAN_POSITIONS" \
  >"$LOG_DIR/site-plan.log" 2>&1 || die "drawing the demo site plan failed (see $LOG_DIR/site-plan.log)"
code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$COOKIES" -X PUT -H 'Content-Type: image/png' -H "X-CSRF-Token: $csrf" \
  --data-binary "@$PLAN_PNG" "http://127.0.0.1:$HTTP_PORT/api/site-plan")
[[ $code == 200 ]] || die "uploading the demo site plan answered $code"
while read -r space x y; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$COOKIES" -X PUT -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $csrf" -d "{\"x\":$x,\"y\":$y}" "http://127.0.0.1:$HTTP_PORT/api/spaces/$space/position")
  [[ $code == 200 ]] || die "placing $space on the demo site plan answered $code"
done <"$PLAN_POSITIONS"
say "site plan uploaded and $(wc -l <"$PLAN_POSITIONS") spaces placed: http://localhost:$HTTP_PORT/spaces"
# --- end demo site plan ---

# --- The scripted evening (issue 5): gateway gw-replay of site.yaml is not simulated but replayed. ---
# EveningReplay (deploy/sim) sends the last evening that is over (square dancing on the plaza, 90 dB for 3
# minutes in the afternoon, a car on the green space for 40 minutes, a weekend morning market, a sensor that
# goes offline) as gw-replay backfilling its buffer, then a heartbeat a minute. The cloud runs with
# LINLI_RULES_IDLE_LAG=48h (above) so its rules take replayed hours. Started right after the cloud, as the
# deadman rule counts gw-replay's sensors as heard at the cloud's start.
say "replaying the scripted evening as gateway gw-replay (log: $LOG_DIR/replay.log)"
java -Xmx64m -cp "$SIM_JAR" org.linli.sim.scenario.EveningReplay "$LINLI_CLOUD_MQTT_URI" "$SCRIPT_DIR/demo/site.yaml" gw-replay \
  >"$LOG_DIR/replay.log" 2>&1 &
replay_pid=$!
# --- end of the scripted evening's block ---

say "starting the simulated gateway gw-01 (log: $LOG_DIR/gateway.log)"
java -Xmx64m -jar "$SIM_JAR" "$DEMO_DIR/gateway.yaml" "$LINLI_LAN_MQTT_URI" >"$LOG_DIR/gateway.log" 2>&1 &
sim_pid=$!

readings_flow() {
  alive "$sim_pid" && curl -fsS -b "$COOKIES" "http://127.0.0.1:$HTTP_PORT/api/ingest/stats" | grep -Eq '"acceptedReadings" *: *[1-9]'
}
wait_for "first readings" 60 readings_flow || {
  tail -n 30 "$LOG_DIR/gateway.log" >&2
  die "no readings reached the cloud"
}

# --- demo canteen: roster import and lunch rush ---
# A roster of fictional elders (made-up names, fake ID numbers with the non-existent region code 99),
# generated now from the seed, imported by the canteen operator zhou through the roster API; then the
# lunch rush (deploy/sim LunchRush) at the counter's face terminal, with a simulated member of staff.
ROSTER_CSV=$DEMO_DIR/roster-$ROSTER_SEED.csv
( umask 077 && java -Xmx64m -cp "$SIM_JAR" org.linli.sim.canteen.DemoElders "$ROSTER_SEED" "$RUSH_ELDERS" "$ROSTER_CSV" ) ||
  die "generating the demo roster failed"
zhou_cookies=$DEMO_DIR/cookies-zhou
zhou_login=$(curl -fsS -c "$zhou_cookies" -H 'Content-Type: application/json' \
  -d "{\"username\":\"zhou\",\"password\":\"$(password_of zhou)\"}" "http://127.0.0.1:$HTTP_PORT/login") ||
  die "the canteen operator zhou cannot log in"
zhou_csrf=$(printf '%s' "$zhou_login" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
imported=$(curl -sS -b "$zhou_cookies" -H 'Content-Type: text/csv; charset=utf-8' -H "X-CSRF-Token: $zhou_csrf" \
  --data-binary "@$ROSTER_CSV" -w ' %{http_code}' "http://127.0.0.1:$HTTP_PORT/api/canteen/roster")
[[ $imported == *' 200' ]] || die "the roster import answered: $imported"
say "roster of $RUSH_ELDERS fictional elders (seed $ROSTER_SEED) imported by zhou: ${imported% 200}"
say "starting the lunch rush at canteen-1 (log: $LOG_DIR/lunch-rush.log)"
java -Xmx64m -cp "$SIM_JAR" org.linli.sim.canteen.LunchRush "lan=$LINLI_LAN_MQTT_URI" "cloud=$LINLI_CLOUD_MQTT_URI" \
  "counter=http://127.0.0.1:$COUNTER_PORT" "seed=$ROSTER_SEED" "elders=$RUSH_ELDERS" "seconds=$RUSH_SECONDS" \
  >"$LOG_DIR/lunch-rush.log" 2>&1 &
rush_pid=$!
# --- end demo canteen ---

say "readings flow: gateway gw-01 -> cloud broker -> cloud -> InfluxDB database '$LINLI_INFLUX_DB' at $LINLI_INFLUX_URL"
echo "Dashboard: http://localhost:$HTTP_PORT/"
echo "Logins (user password role), made for this demo and kept in $PASSWORDS:"
while read -r user password; do
  case $user in
    admin) role="COMMUNITY_ADMIN" ;; wang) role="GRID_HEAD g1" ;; li) role="GRID_WORKER g1-1" ;;
    zhou) role="CANTEEN_OPERATOR canteen-1" ;; min) role="CIVIL_AFFAIRS" ;; *) role="" ;;
  esac
  echo "  $user $password $role"
done <"$PASSWORDS"
# --- The scripted evening's tickets (see the block above) ---
tickets_of_evening() { # one NOISE, one ENCROACHMENT and one DEVICE_OFFLINE ticket
  local json
  json=$(curl -fsS -b "$COOKIES" "http://127.0.0.1:$HTTP_PORT/api/tickets") || return 1
  grep -q '"kind":"NOISE"' <<<"$json" && grep -q '"kind":"ENCROACHMENT"' <<<"$json" && grep -q '"kind":"DEVICE_OFFLINE"' <<<"$json"
}
if wait_for "the scripted evening's tickets" 120 tickets_of_evening; then
  say "the scripted evening opened its tickets (square dancing on 东广场, a car on 中心绿地, sensor park-8 offline)"
else
  say "the scripted evening's tickets are not all there yet: see $LOG_DIR/replay.log and $LOG_DIR/cloud.log"
fi
echo "Tickets: http://localhost:$HTTP_PORT/tickets (login li or admin; JSON: /api/tickets)"
# --- end of the scripted evening's tickets ---
say "gateway gw-01's installer status page: http://localhost:$STATUS_PORT/ (commissioning: /commission)"
# --- demo canteen: where to watch it ---
month=$(TZ=Asia/Shanghai date +%Y-%m)
echo "Canteen counter display (canteen-1, gw-01): http://localhost:$COUNTER_PORT/counter"
echo "  lunch rush: $RUSH_ELDERS elders over ${RUSH_SECONDS}s, log $LOG_DIR/lunch-rush.log"
echo "  cloud, as zhou: meals today http://localhost:$HTTP_PORT/canteen (JSON: /api/canteen/today),"
echo "  anomalies http://localhost:$HTTP_PORT/api/canteen/anomalies?state=all,"
echo "  settlement http://localhost:$HTTP_PORT/canteen/settlements/canteen-1/$month (CSV: /api/canteen/settlements/canteen-1/$month.csv)"
# --- end demo canteen ---
say "Ctrl-C stops everything the demo started"

deadline=$((SECONDS + ${LINLI_DEMO_SECONDS:-0}))
while alive "$cloud_pid" && alive "$sim_pid"; do
  if [[ -n ${LINLI_DEMO_SECONDS:-} ]] && ((SECONDS >= deadline)); then
    say "LINLI_DEMO_SECONDS elapsed"
    exit 0
  fi
  sleep 1
done
alive "$cloud_pid" || { tail -n 20 "$LOG_DIR/cloud.log" >&2; die "the cloud stopped"; }
tail -n 20 "$LOG_DIR/gateway.log" >&2
die "the simulated gateway stopped"
