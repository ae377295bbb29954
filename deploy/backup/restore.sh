#!/usr/bin/env bash
# Restores a directory made by deploy/backup/backup.sh into PostgreSQL and InfluxDB 1.x.
#
#   deploy/backup/restore.sh [--replace] BACKUP_DIR
#
# A database that exists is not overwritten unless --replace is given: then the PostgreSQL database is
# restored with pg_restore --clean, and the InfluxDB database is dropped first (influxd restore
# -portable cannot restore into an existing database). Stop the cloud instances first, so nothing
# writes meanwhile; gateways and the broker keep the readings of the meantime (store and forward).
# The continuous queries are not in an InfluxDB backup: retention.sh apply runs afterwards.
#
# Environment: as backup.sh (PGHOST, PGPORT, PGUSER, PGDATABASE; INFLUX_DB, INFLUX_RPC), plus INFLUX_URL
# (http://127.0.0.1:8086) for the HTTP API. Exit codes: 0 done, 1 a step failed, 2 usage or refused.
set -euo pipefail

die() { echo "restore: $1" >&2; exit "${2:-1}"; }
replace=no
if [[ ${1:-} == --replace ]]; then
  replace=yes
  shift
fi
[[ $# -eq 1 && -d $1 ]] || die "usage: restore.sh [--replace] BACKUP_DIR" 2
dir=$1

PGDATABASE=${PGDATABASE:-linli}
INFLUX_DB=${INFLUX_DB:-linli}
INFLUX_RPC=${INFLUX_RPC:-127.0.0.1:8088}
INFLUX_URL=${INFLUX_URL:-http://127.0.0.1:8086}
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)

if [[ -f $dir/SHA256SUMS ]]; then
  (cd "$dir" && sha256sum --quiet -c SHA256SUMS) || die "$dir does not match its SHA256SUMS: damaged or incomplete"
fi

influx_query() {
  curl -sS --max-time 60 -XPOST "$INFLUX_URL/query" --data-urlencode "q=$1" || die "InfluxDB at $INFLUX_URL unreachable"
}

# Check everything before changing anything.
dump="$dir/postgres-$PGDATABASE.dump"
pg_exists=no
if [[ -f $dump ]]; then
  if [[ $(PGDATABASE=postgres psql -XtAc "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'") == 1 ]]; then
    pg_exists=yes
    [[ $replace == yes ]] || die "PostgreSQL database $PGDATABASE exists; give --replace to overwrite it" 2
  fi
fi
influx_exists=no
if [[ -d $dir/influxdb ]]; then
  if influx_query "SHOW DATABASES" | grep -q "\[\"$INFLUX_DB\"\]"; then
    influx_exists=yes
    [[ $replace == yes ]] || die "InfluxDB database $INFLUX_DB exists; give --replace to overwrite it" 2
  fi
fi

if [[ -f $dump ]]; then
  if [[ $pg_exists == no ]]; then
    PGDATABASE=postgres createdb "$PGDATABASE" || die "createdb $PGDATABASE failed"
  fi
  pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$PGDATABASE" "$dump" \
    || die "pg_restore into $PGDATABASE failed"
  echo "restore: postgres $PGDATABASE <- $dump"
fi

if [[ -d $dir/influxdb ]]; then
  if [[ $influx_exists == yes ]]; then
    influx_query "DROP DATABASE \"$INFLUX_DB\"" >/dev/null
  fi
  log=$(mktemp)
  influxd restore -portable -db "$INFLUX_DB" -host "$INFLUX_RPC" "$dir/influxdb" >"$log" 2>&1 \
    || die "influxd restore of $INFLUX_DB failed: $(tail -n 3 "$log")"
  rm -f "$log"
  INFLUX_URL=$INFLUX_URL INFLUX_DB=$INFLUX_DB "$here/../influx/retention.sh" apply
  echo "restore: influxdb $INFLUX_DB <- $dir/influxdb"
fi
