#!/usr/bin/env bash
# Local Linli stack for developers and the demo: two Mosquitto brokers (cloud and LAN), InfluxDB
# and, on request, PostgreSQL, each on loopback on a non-default port, with data, logs and pid files
# under <repo root>/.linli. It never touches system-wide services: it only starts, checks and stops
# the processes it started itself. See deploy/local/README.md.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
CONF_DIR=$SCRIPT_DIR/conf

STATE_DIR=${LINLI_STATE_DIR:-$REPO_ROOT/.linli}
# Pid checks compare command lines against this path, so it must be absolute.
[[ $STATE_DIR == /* ]] || STATE_DIR=$PWD/$STATE_DIR

CLOUD_MQTT_PORT=${LINLI_CLOUD_MQTT_PORT:-18830}
LAN_MQTT_PORT=${LINLI_LAN_MQTT_PORT:-18831}
INFLUX_PORT=${LINLI_INFLUX_PORT:-18086}
INFLUX_RPC_PORT=${LINLI_INFLUX_RPC_PORT:-18088}
INFLUX_DB=${LINLI_INFLUX_DB:-linli}
PG_PORT=${LINLI_PG_PORT:-15432}
PG_DB=${LINLI_PG_DB:-linli}
PG_USER=linli
START_TIMEOUT=${LINLI_START_TIMEOUT:-30}
STOP_TIMEOUT=${LINLI_STOP_TIMEOUT:-30}

ALL_SERVICES=(mosquitto-cloud mosquitto-lan influxdb postgres)
DEFAULT_SERVICES=(mosquitto-cloud mosquitto-lan influxdb)

log() { printf 'stack: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  cat <<'EOF'
Usage: deploy/local/stack.sh COMMAND [ARGS]

  install                  install the missing Debian packages (mosquitto, mosquitto-clients,
                           influxdb, postgresql); never starts or stops system services
  install-test-tools       install plus what the tests also use: chromium, chromium-driver and a CJK
                           font (browser tests), mtools, dosfstools, docker-compose, curl, iproute2
                           and iptables (the fault schedule's partition), and cloud-init and
                           prometheus (for promtool) unpacked under .linli/tools (never installed
                           system-wide)
  start [--with-postgres] [SERVICE...]
                           start services (default: mosquitto-cloud mosquitto-lan influxdb)
  status                   one line per service: running (pid, port) or stopped
  stop [SERVICE...]        stop services started by this script (default: all)
  env                      print export lines for eval "$(deploy/local/stack.sh env)"

Services: mosquitto-cloud mosquitto-lan influxdb postgres
EOF
}

# ---------------------------------------------------------------------------------------------
# Binaries. Debian puts mosquitto in /usr/sbin (not on a normal user's PATH) and the PostgreSQL
# server binaries in /usr/lib/postgresql/<version>/bin (never on PATH).

mosquitto_bin() {
  command -v mosquitto 2>/dev/null || { [[ -x /usr/sbin/mosquitto ]] && echo /usr/sbin/mosquitto; }
}

influxd_bin() {
  command -v influxd 2>/dev/null || { [[ -x /usr/bin/influxd ]] && echo /usr/bin/influxd; }
}

pg_bin_dir() {
  local initdb dir
  if initdb=$(command -v initdb 2>/dev/null); then
    dirname -- "$(readlink -f -- "$initdb")"
    return 0
  fi
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/postgres ]] && echo "$dir"
}

missing_binary() { # name package
  die "$1 not found: install the Debian package '$2' (apt-get install --no-install-recommends $2), or run deploy/local/stack.sh install"
}

require_mosquitto() { mosquitto_bin || missing_binary mosquitto mosquitto; }
require_influxd() { influxd_bin || missing_binary influxd influxdb; }
require_pg_bin_dir() { pg_bin_dir || missing_binary postgres postgresql; }

# ---------------------------------------------------------------------------------------------
# install

package_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

cmd_install() {
  local missing=()
  mosquitto_bin >/dev/null || package_installed mosquitto || missing+=(mosquitto)
  command -v mosquitto_pub >/dev/null || package_installed mosquitto-clients || missing+=(mosquitto-clients)
  influxd_bin >/dev/null || package_installed influxdb || missing+=(influxdb)
  pg_bin_dir >/dev/null || missing+=(postgresql)
  if ((${#missing[@]} == 0)); then
    log "all packages present: mosquitto mosquitto-clients influxdb postgresql"
    return 0
  fi
  command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"
  # The packages' own maintainer scripts may start their system services (or be denied by
  # policy-rc.d); this script neither starts nor stops those, and its ports never collide with them.
  apt_install "${missing[@]}"
}

apt_install() { # package...
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "not root and sudo not found; as root run: apt-get install $*"
    sudo=(sudo)
  fi
  log "installing: $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# Tools the tests of the installers' CLI use: mtools and dosfstools to make and read FAT images, and
# cloud-init's own schema check. The cloud's browser tests use Debian's headless Chromium and its
# chromedriver (never a browser download), with a CJK font so Chinese pages render (and screenshot) as
# text. deploy/ops: docker-compose (Debian's 1.29, for `config -q` only: no engine is installed or
# started) and curl (deploy/influx/retention.sh). deploy/sim's fault schedule: iproute2 and iptables
# (a network namespace and a DROP rule). cloud-init is not installed system-wide (on a developer's
# machine it would run at the next boot and rewrite hostname, network and SSH settings): its Debian
# package is unpacked under the state directory and run with the system Python and its Debian libraries.
CLOUD_INIT_ROOT=$STATE_DIR/tools/cloud-init
PROMETHEUS_ROOT=$STATE_DIR/tools/prometheus
TEST_TOOL_PACKAGES=(chromium chromium-driver fonts-wqy-zenhei mtools dosfstools docker-compose curl iproute2 iptables
  python3 python3-configobj python3-jinja2 python3-jsonpatch python3-jsonschema
  python3-netifaces python3-oauthlib python3-requests python3-serial python3-yaml)

cmd_install_test_tools() {
  cmd_install
  local missing=() package
  for package in "${TEST_TOOL_PACKAGES[@]}"; do
    package_installed "$package" || missing+=("$package")
  done
  if ((${#missing[@]} > 0)); then
    command -v apt-get >/dev/null || die "apt-get not found; install by hand: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
  if [[ ! -x $CLOUD_INIT_ROOT/usr/bin/cloud-init ]]; then
    local download
    download=$(mktemp -d)
    log "unpacking cloud-init (for its schema check only) into $CLOUD_INIT_ROOT"
    if ! (cd "$download" && apt-get download cloud-init >/dev/null 2>&1); then
      # A machine whose package lists were never fetched (or are stale) knows no cloud-init yet.
      local sudo=()
      ((EUID == 0)) || sudo=(sudo)
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
      (cd "$download" && apt-get download cloud-init >/dev/null) || {
        rm -rf "$download"
        die "cannot download the Debian package cloud-init"
      }
    fi
    mkdir -p "$CLOUD_INIT_ROOT"
    dpkg-deb -x "$download"/cloud-init_*.deb "$CLOUD_INIT_ROOT"
    rm -rf "$download"
  fi
  # promtool (deploy/ops PrometheusConfigIT) from Debian's prometheus package, unpacked like cloud-init:
  # installing the package would start a Prometheus server.
  if [[ ! -x $PROMETHEUS_ROOT/usr/bin/promtool ]]; then
    local download
    download=$(mktemp -d)
    log "unpacking prometheus (for promtool only) into $PROMETHEUS_ROOT"
    (cd "$download" && apt-get download prometheus >/dev/null) || {
      rm -rf "$download"
      die "cannot download the Debian package prometheus"
    }
    mkdir -p "$PROMETHEUS_ROOT"
    dpkg-deb -x "$download"/prometheus_*.deb "$PROMETHEUS_ROOT"
    rm -rf "$download"
  fi
  log "test tools present: ${TEST_TOOL_PACKAGES[*]}, cloud-init schema check in $CLOUD_INIT_ROOT, promtool in $PROMETHEUS_ROOT"
}

# ---------------------------------------------------------------------------------------------
# Processes, pid files and probes

service_dir() { printf '%s/%s' "$STATE_DIR" "$1"; }
pid_file() { printf '%s/%s/%s.pid' "$STATE_DIR" "$1" "$1"; }
port_file() { printf '%s/%s/%s.port' "$STATE_DIR" "$1" "$1"; }

binary_name() {
  case $1 in
    mosquitto-*) echo mosquitto ;;
    influxdb) echo influxd ;;
    postgres) echo postgres ;;
  esac
}

# True for a live process; a zombie (exited, not yet reaped) does not count.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# Prints the pid of the given service when its pid file names a live process that is still the
# binary this script started with this state directory; a reused pid belongs to someone else.
running_pid() {
  local svc=$1 file pid exe
  file=$(pid_file "$svc")
  [[ -r $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  [[ ${exe##*/} == "$(binary_name "$svc")" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(service_dir "$svc")/" || return 1
  echo "$pid"
}

# True when something accepts TCP connections on the loopback port.
port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash, which timeout can bound
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

require_port_free() { # service port
  if port_open "$2"; then
    die "$1: port $2 on 127.0.0.1 is already in use by another process; stop it or choose another port (see deploy/local/README.md)"
  fi
}

# Sends one HTTP/1.0 request to 127.0.0.1 with bash's /dev/tcp, so that curl is not needed, and
# prints the whole response (status line, headers, body).
http_request() { # method port path [form body]
  # shellcheck disable=SC2016 # expanded by the inner bash, which timeout can bound
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s" \
      "$2" "$3" "${#4}" "$4" >&3
    cat <&3
  ' _ "$2" "$1" "$3" "${4:-}" 2>/dev/null
}

http_status() { # method port path [form body]
  local response code
  response=$(http_request "$@") || return 1
  response=${response%%$'\r'*}
  read -r _ code _ <<<"$response"
  echo "${code:-}"
}

influx_ping() { [[ $(http_status GET "$1" /ping) == 204 ]]; }

pg_ready() { "$(pg_bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$1" -U "$PG_USER" -d postgres; }

# Replaces @KEY@ placeholders of a template with the given KEY=value pairs, and refuses to leave one
# unreplaced. The Java test kit (org.linli.testkit.Template) applies the same rule to the same files.
render() { # template output KEY=value...
  local template=$1 output=$2 pair key value
  shift 2
  local expressions=()
  for pair in "$@"; do
    key=${pair%%=*}
    value=$(printf '%s' "${pair#*=}" | sed -e 's/[\\|&]/\\&/g')
    expressions+=(-e "s|@${key}@|${value}|g")
  done
  sed "${expressions[@]}" "$template" >"$output.tmp"
  if grep -n '@[A-Z_][A-Z_]*@' "$output.tmp" >&2; then
    rm -f "$output.tmp"
    die "placeholder(s) above left unreplaced in $template"
  fi
  mv "$output.tmp" "$output"
}

# Starts a daemon in the background, detached from the terminal, and records its pid. setsid and
# nohup both exec, so $! is the daemon's own pid.
launch() { # service output-file command...
  local svc=$1 output=$2
  shift 2
  printf '\n=== %s: %s\n' "$(date '+%Y-%m-%dT%H:%M:%S')" "$*" >>"$output"
  setsid nohup "$@" </dev/null >>"$output" 2>&1 &
  echo "$!" >"$(pid_file "$svc")"
  # Not this shell's job any more: no "Killed" notice if a failed start has to end it.
  disown "$!"
}

fail_start() { # service pid reason log-file...
  local svc=$1 pid=$2 reason=$3 file
  shift 3
  log "$svc: $reason"
  for file in "$@"; do
    [[ -s $file ]] || continue
    log "--- last lines of $file"
    tail -n 20 -- "$file" >&2
  done
  if alive "$pid"; then
    kill -s KILL "$pid" 2>/dev/null || true
  fi
  rm -f -- "$(pid_file "$svc")"
  die "$svc did not start"
}

# The files worth showing when a service fails to start.
log_files() {
  local dir
  dir=$(service_dir "$1")
  case $1 in
    mosquitto-*) printf '%s\n' "$dir/stdout.log" "$dir/mosquitto.log" ;;
    influxdb) printf '%s\n' "$dir/influxd.log" ;;
    postgres) printf '%s\n' "$dir/postgres.log" ;;
  esac
}

wait_ready() { # service pid probe...
  local svc=$1 pid=$2
  shift 2
  local deadline=$((SECONDS + START_TIMEOUT))
  local -a log_files
  mapfile -t log_files < <(log_files "$svc")
  until "$@"; do
    alive "$pid" || fail_start "$svc" "$pid" "exited during start-up" "${log_files[@]}"
    ((SECONDS < deadline)) || fail_start "$svc" "$pid" "not ready after ${START_TIMEOUT}s" "${log_files[@]}"
    sleep 0.2
  done
}

# ---------------------------------------------------------------------------------------------
# Services

start_mosquitto() { # service port
  local svc=$1 port=$2 bin dir pid
  bin=$(require_mosquitto)
  dir=$(service_dir "$svc")
  if pid=$(running_pid "$svc"); then
    log "$svc already running (pid $pid, port $(cat "$(port_file "$svc")"))"
    return 0
  fi
  require_port_free "$svc" "$port"
  mkdir -p "$dir/data"
  render "$CONF_DIR/mosquitto.conf.tmpl" "$dir/mosquitto.conf" \
    PORT="$port" DATA_DIR="$dir/data" LOG_FILE="$dir/mosquitto.log" RUN_USER="$(id -un)"
  echo "$port" >"$(port_file "$svc")"
  launch "$svc" "$dir/stdout.log" "$bin" -c "$dir/mosquitto.conf"
  pid=$(<"$(pid_file "$svc")")
  wait_ready "$svc" "$pid" port_open "$port"
  log "$svc running (pid $pid): tcp://127.0.0.1:$port"
}

start_influxdb() {
  local svc=influxdb bin dir pid
  bin=$(require_influxd)
  dir=$(service_dir "$svc")
  [[ $INFLUX_DB =~ ^[A-Za-z0-9_]+$ ]] || die "LINLI_INFLUX_DB must be letters, digits and _: '$INFLUX_DB'"
  if pid=$(running_pid "$svc"); then
    log "$svc already running (pid $pid, port $(cat "$(port_file "$svc")"))"
    return 0
  fi
  require_port_free "$svc" "$INFLUX_PORT"
  require_port_free "$svc (RPC)" "$INFLUX_RPC_PORT"
  mkdir -p "$dir/data"
  render "$CONF_DIR/influxdb.conf.tmpl" "$dir/influxdb.conf" \
    HTTP_PORT="$INFLUX_PORT" RPC_PORT="$INFLUX_RPC_PORT" DATA_DIR="$dir/data"
  echo "$INFLUX_PORT" >"$(port_file "$svc")"
  launch "$svc" "$dir/influxd.log" "$bin" -config "$dir/influxdb.conf"
  pid=$(<"$(pid_file "$svc")")
  wait_ready "$svc" "$pid" influx_ping "$INFLUX_PORT"
  local response
  response=$(http_request POST "$INFLUX_PORT" /query "q=CREATE+DATABASE+%22${INFLUX_DB}%22") ||
    die "influxdb: CREATE DATABASE $INFLUX_DB failed: no answer"
  [[ ${response%%$'\r'*} == *" 200 "* && $response != *'"error"'* ]] ||
    die "influxdb: CREATE DATABASE $INFLUX_DB failed: ${response##*$'\r\n\r\n'}"
  log "$svc running (pid $pid): http://127.0.0.1:$INFLUX_PORT, database $INFLUX_DB"
}

# initdb and postgres refuse to run as root: then they run as the 'postgres' OS user (created by the
# Debian package). setpriv execs, unlike runuser, so the pid we record is the postmaster's own.
AS_PG_OWNER=()
((EUID != 0)) || AS_PG_OWNER=(setpriv --reuid=postgres --regid=postgres --clear-groups --)

as_pg_owner() { "${AS_PG_OWNER[@]}" "$@"; }

start_postgres() {
  local svc=postgres bindir dir pid socket_dir
  bindir=$(require_pg_bin_dir)
  dir=$(service_dir "$svc")
  [[ $PG_DB =~ ^[a-z0-9_]+$ ]] || die "LINLI_PG_DB must be lower-case letters, digits and _: '$PG_DB'"
  if pid=$(running_pid "$svc"); then
    log "$svc already running (pid $pid, port $(cat "$(port_file "$svc")"))"
    return 0
  fi
  require_port_free "$svc" "$PG_PORT"
  mkdir -p "$dir/socket"
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "postgres: running as root needs the 'postgres' OS user (Debian package postgresql)"
    chown -R postgres: "$dir"
    as_pg_owner test -w "$dir" ||
      die "postgres: the 'postgres' OS user cannot write $dir (a parent directory is not searchable); set LINLI_STATE_DIR to a directory it can reach, e.g. /tmp/linli"
  fi
  if [[ ! -f $dir/pgdata/PG_VERSION ]]; then
    log "$svc: initdb $dir/pgdata"
    (cd "$dir" && as_pg_owner "$bindir/initdb" --pgdata="$dir/pgdata" --auth=trust -U "$PG_USER" -E UTF8 --locale=C) \
      >>"$dir/postgres.log" 2>&1 || {
      tail -n 20 "$dir/postgres.log" >&2
      die "postgres: initdb failed (log: $dir/postgres.log)"
    }
    # Settings live in linli.conf, rendered on every start so that a changed port takes effect.
    echo "include_if_exists = 'linli.conf'" >>"$dir/pgdata/postgresql.conf"
  fi
  socket_dir=$dir/socket
  # A socket address holds at most 107 bytes; an empty directory list means TCP only.
  ((${#socket_dir} + 20 <= 107)) || socket_dir=
  render "$CONF_DIR/postgresql.conf.tmpl" "$dir/pgdata/linli.conf" PORT="$PG_PORT" SOCKET_DIR="$socket_dir"
  ((EUID != 0)) || chown postgres: "$dir/pgdata/linli.conf"
  echo "$PG_PORT" >"$(port_file "$svc")"
  launch "$svc" "$dir/postgres.log" "${AS_PG_OWNER[@]}" "$bindir/postgres" -D "$dir/pgdata"
  pid=$(<"$(pid_file "$svc")")
  wait_ready "$svc" "$pid" pg_ready "$PG_PORT"
  if [[ $("$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'") != 1 ]]; then
    "$bindir/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
  fi
  log "$svc running (pid $pid): jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB (user $PG_USER)"
}

start_service() {
  case $1 in
    mosquitto-cloud) start_mosquitto mosquitto-cloud "$CLOUD_MQTT_PORT" ;;
    mosquitto-lan) start_mosquitto mosquitto-lan "$LAN_MQTT_PORT" ;;
    influxdb) start_influxdb ;;
    postgres) start_postgres ;;
  esac
}

wait_exit() { # pid seconds
  local deadline=$((SECONDS + $2))
  while alive "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

stop_service() {
  local svc=$1 pid signal=TERM
  if ! pid=$(running_pid "$svc"); then
    rm -f -- "$(pid_file "$svc")"
    log "$svc: not running"
    return 0
  fi
  # PostgreSQL's SIGTERM waits for every client to disconnect; SIGINT is its fast shutdown.
  [[ $svc == postgres ]] && signal=INT
  kill -s "$signal" "$pid"
  if ! wait_exit "$pid" "$STOP_TIMEOUT"; then
    log "$svc (pid $pid) still running after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -s KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" 10 || die "$svc (pid $pid) survived SIGKILL"
  fi
  rm -f -- "$(pid_file "$svc")"
  log "$svc stopped (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# Commands

check_services() {
  local svc known
  for svc in "$@"; do
    for known in "${ALL_SERVICES[@]}"; do
      [[ $svc == "$known" ]] && continue 2
    done
    die "unknown service '$svc' (known: ${ALL_SERVICES[*]})"
  done
}

cmd_start() {
  local services=() with_postgres=false arg
  for arg in "$@"; do
    case $arg in
      --with-postgres) with_postgres=true ;;
      -*) die "unknown option '$arg'" ;;
      *) services+=("$arg") ;;
    esac
  done
  ((${#services[@]} > 0)) || services=("${DEFAULT_SERVICES[@]}")
  if $with_postgres && [[ " ${services[*]} " != *" postgres "* ]]; then
    services+=(postgres)
  fi
  check_services "${services[@]}"
  mkdir -p "$STATE_DIR"
  for arg in "${services[@]}"; do
    start_service "$arg"
  done
}

cmd_stop() {
  local services=("$@") svc
  ((${#services[@]} > 0)) || services=("${ALL_SERVICES[@]}")
  check_services "${services[@]}"
  for svc in "${services[@]}"; do
    stop_service "$svc"
  done
}

cmd_status() {
  local svc pid
  for svc in "${ALL_SERVICES[@]}"; do
    if pid=$(running_pid "$svc"); then
      printf '%-16s running (pid %s, port %s)\n' "$svc" "$pid" "$(cat "$(port_file "$svc")" 2>/dev/null || echo '?')"
    else
      printf '%-16s stopped\n' "$svc"
    fi
  done
}

# The port a running service was started with wins over the configured one.
effective_port() { # service configured-port
  if running_pid "$1" >/dev/null && [[ -r $(port_file "$1") ]]; then
    cat "$(port_file "$1")"
  else
    echo "$2"
  fi
}

cmd_env() {
  local line
  for line in \
    "LINLI_CLOUD_MQTT_URI=tcp://127.0.0.1:$(effective_port mosquitto-cloud "$CLOUD_MQTT_PORT")" \
    "LINLI_LAN_MQTT_URI=tcp://127.0.0.1:$(effective_port mosquitto-lan "$LAN_MQTT_PORT")" \
    "LINLI_INFLUX_URL=http://127.0.0.1:$(effective_port influxdb "$INFLUX_PORT")" \
    "LINLI_INFLUX_DB=$INFLUX_DB" \
    "LINLI_JDBC_URL=jdbc:postgresql://127.0.0.1:$(effective_port postgres "$PG_PORT")/$PG_DB" \
    "LINLI_JDBC_USER=$PG_USER" \
    "LINLI_JDBC_PASSWORD="; do
    printf 'export %s=%q\n' "${line%%=*}" "${line#*=}"
  done
}

main() {
  local command=${1:-}
  (($# == 0)) || shift
  case $command in
    install) cmd_install ;;
    install-test-tools) cmd_install_test_tools ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
