#!/usr/bin/env bash
# Backs up the Linli cloud's data: PostgreSQL (tickets, canteen ledger; pg_dump, custom format) and
# InfluxDB 1.x (readings and aggregates; influxd backup -portable, online) into one new directory.
#
#   deploy/backup/backup.sh DEST        -> DEST/linli-YYYYMMDDTHHMMSSZ/  (printed on the last line)
#
# Environment:
#   PostgreSQL: the libpq variables PGHOST, PGPORT, PGUSER (PGPASSFILE for a password), PGDATABASE (linli).
#   InfluxDB:   INFLUX_DB (linli), INFLUX_RPC (127.0.0.1:8088: the RPC bind-address of influxdb.conf).
#   BACKUP_POSTGRES=no / BACKUP_INFLUX=no skip a part.
# Exit codes: 0 done, 1 a step failed (the partial directory is renamed *.failed), 2 usage.
# Restore with deploy/backup/restore.sh; keep copies off the host (OPERATIONS.md, Backup and restore).
set -euo pipefail

die() { echo "backup: $1" >&2; exit "${2:-1}"; }
[[ $# -eq 1 ]] || die "usage: backup.sh DEST" 2

PGDATABASE=${PGDATABASE:-linli}
INFLUX_DB=${INFLUX_DB:-linli}
INFLUX_RPC=${INFLUX_RPC:-127.0.0.1:8088}
export PGDATABASE

dest=$1
mkdir -p "$dest"
dir="$dest/linli-$(date -u +%Y%m%dT%H%M%SZ)"
[[ ! -e $dir ]] || die "$dir exists already"
mkdir -m 0700 "$dir"
fail() { mv "$dir" "$dir.failed"; die "$1 (partial backup kept in $dir.failed)"; }

if [[ ${BACKUP_POSTGRES:-yes} != no ]]; then
  # Custom format: compressed, and pg_restore can restore it whole or in parts, with --clean.
  pg_dump --format=custom --no-owner --file="$dir/postgres-$PGDATABASE.dump" \
    || fail "pg_dump of $PGDATABASE failed"
  echo "backup: postgres $PGDATABASE -> $dir/postgres-$PGDATABASE.dump"
fi

if [[ ${BACKUP_INFLUX:-yes} != no ]]; then
  # -portable (InfluxDB 1.5+) is the format restore -portable reads into a live server. It carries the
  # data and the retention policies; not the continuous queries (restore.sh applies retention.sh again).
  influxd backup -portable -database "$INFLUX_DB" -host "$INFLUX_RPC" "$dir/influxdb" >"$dir/influxd-backup.log" 2>&1 \
    || fail "influxd backup of $INFLUX_DB failed: $(tail -n 3 "$dir/influxd-backup.log")"
  echo "backup: influxdb $INFLUX_DB -> $dir/influxdb"
fi

(cd "$dir" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS)
echo "$dir"
