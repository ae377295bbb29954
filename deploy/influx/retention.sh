#!/usr/bin/env bash
# Retention policies and continuous queries of the Linli InfluxDB 1.x database, over the HTTP API.
#
#   deploy/influx/retention.sh apply              # idempotent: run at install and after every upgrade
#   deploy/influx/retention.sh backfill FROM TO   # recompute minute aggregates, e.g. after a long outage
#                                                 # FROM/TO as RFC 3339: 2026-11-20T00:00:00Z
#
# raw_30d (DEFAULT): every reading as the cloud writes it (the cloud writes to the database's default
#                    retention policy), kept 30 days, 1-day shards.
# agg_2y:            minute aggregates per sensor (all tags kept), kept 2 years, 7-day shards.
#
# Environment: INFLUX_URL (http://127.0.0.1:8086), INFLUX_DB (linli), INFLUX_USERNAME and
# INFLUX_PASSWORD_FILE (when auth is on), RAW_DURATION (30d), AGG_DURATION (730d).
# Exit codes: 0 done, 1 InfluxDB refused a statement (printed), 2 usage or InfluxDB unreachable.
set -euo pipefail

INFLUX_URL=${INFLUX_URL:-http://127.0.0.1:8086}
INFLUX_DB=${INFLUX_DB:-linli}
RAW_DURATION=${RAW_DURATION:-30d}
AGG_DURATION=${AGG_DURATION:-730d}
RAW_RP=raw_30d
AGG_RP=agg_2y

die() { echo "retention: $1" >&2; exit "${2:-1}"; }

auth=()
if [[ -n ${INFLUX_USERNAME:-} ]]; then
  [[ -r ${INFLUX_PASSWORD_FILE:-} ]] || die "INFLUX_USERNAME set but INFLUX_PASSWORD_FILE is not a readable file" 2
  auth=(--data-urlencode "u=$INFLUX_USERNAME" --data-urlencode "p=$(tr -d '\n' <"$INFLUX_PASSWORD_FILE")")
fi

# Runs one InfluxQL statement; prints InfluxDB's error and returns 1 when the statement failed (InfluxDB
# reports those inside a 200 answer), exits 2 when InfluxDB cannot be reached.
query() {
  local body
  body=$(curl -sS --max-time 60 -XPOST "$INFLUX_URL/query" --data-urlencode "q=$1" "${auth[@]}") \
    || die "InfluxDB at $INFLUX_URL unreachable" 2
  if [[ $body == *'"error"'* ]]; then
    printf '%s\n' "$body"
    return 1
  fi
}

# Runs a statement that must succeed.
must() {
  local out
  out=$(query "$1") || die "InfluxDB refused: $1 -> $out"
}

# Like must, but an error whose text contains $2 counts as done.
query_tolerating() {
  local out
  if ! out=$(query "$1"); then
    [[ $out == *"$2"* ]] || die "InfluxDB refused: $1 -> $out"
  fi
}

# The minute aggregates, one per measurement the cloud writes (cloud/README.md, InfluxDB schema). Each is
# "name|SELECT ... INTO ... FROM ...": the continuous query adds GROUP BY, the backfill a time range too.
# Noise: InfluxQL aggregates take a field, not an expression, so an energy average (LAeq) of levels cannot
# be computed here; the gateways send exact per-minute laeq/lmax/lmin/l10/l90 (one point per sensor and
# minute, so max() is that value), and the 1 s levels are kept as their minute max/min/count.
# Occupancy, beams and doors: the share of readings that said 1 (readings come on change and at least every
# 60 s, so it is a reading share, not a time share), the maximum, and how many readings came.
aggregates() {
  local raw="\"$INFLUX_DB\".\"$RAW_RP\"" agg="\"$INFLUX_DB\".\"$AGG_RP\""
  printf '%s\n' \
    "cq_occupancy_1m|SELECT mean(\"occupied\") AS \"occupied_mean\", max(\"occupied\") AS \"occupied_max\", count(\"occupied\") AS \"readings\" INTO $agg.\"occupancy_1m\" FROM $raw.\"occupancy\"" \
    "cq_beam_1m|SELECT mean(\"blocked\") AS \"blocked_mean\", max(\"blocked\") AS \"blocked_max\", count(\"blocked\") AS \"readings\" INTO $agg.\"beam_1m\" FROM $raw.\"beam\"" \
    "cq_contact_1m|SELECT mean(\"open\") AS \"open_mean\", max(\"open\") AS \"open_max\", count(\"open\") AS \"readings\" INTO $agg.\"contact_1m\" FROM $raw.\"contact\"" \
    "cq_noise_1m|SELECT max(\"laeq\") AS \"laeq\", max(\"lmax\") AS \"lmax\", min(\"lmin\") AS \"lmin\", max(\"l10\") AS \"l10\", max(\"l90\") AS \"l90\", max(\"lamax\") AS \"lamax\", min(\"lamin\") AS \"lamin\", max(\"la\") AS \"la_max\", min(\"la\") AS \"la_min\", count(\"la\") AS \"la_samples\" INTO $agg.\"noise_1m\" FROM $raw.\"noise\""
}

apply() {
  query_tolerating "CREATE DATABASE \"$INFLUX_DB\"" "already exists"
  # CREATE fails when the policy exists with other settings; ALTER then brings it to these.
  query_tolerating "CREATE RETENTION POLICY \"$RAW_RP\" ON \"$INFLUX_DB\" DURATION $RAW_DURATION REPLICATION 1 SHARD DURATION 1d DEFAULT" "already exists"
  must "ALTER RETENTION POLICY \"$RAW_RP\" ON \"$INFLUX_DB\" DURATION $RAW_DURATION REPLICATION 1 SHARD DURATION 1d DEFAULT"
  query_tolerating "CREATE RETENTION POLICY \"$AGG_RP\" ON \"$INFLUX_DB\" DURATION $AGG_DURATION REPLICATION 1 SHARD DURATION 7d" "already exists"
  must "ALTER RETENTION POLICY \"$AGG_RP\" ON \"$INFLUX_DB\" DURATION $AGG_DURATION REPLICATION 1 SHARD DURATION 7d"
  # A continuous query cannot be altered: drop and create, so a changed definition takes effect. Every 5
  # minutes each one recomputes the last 2 hours, so batches a gateway buffered for up to 2 hours still
  # land in their minutes; older late data needs a backfill.
  local line name select
  while IFS= read -r line; do
    name=${line%%|*}
    select=${line#*|}
    query_tolerating "DROP CONTINUOUS QUERY \"$name\" ON \"$INFLUX_DB\"" "not found"
    must "CREATE CONTINUOUS QUERY \"$name\" ON \"$INFLUX_DB\" RESAMPLE EVERY 5m FOR 2h BEGIN $select GROUP BY time(1m), * END"
  done < <(aggregates)
  echo "retention: $INFLUX_DB: $RAW_RP ($RAW_DURATION, default), $AGG_RP ($AGG_DURATION), 4 continuous queries"
}

backfill() {
  local from=$1 to=$2 line name select
  [[ $from =~ ^[0-9T:.Z+-]+$ && $to =~ ^[0-9T:.Z+-]+$ ]] || die "backfill FROM TO: RFC 3339 times, e.g. 2026-11-20T00:00:00Z" 2
  while IFS= read -r line; do
    name=${line%%|*}
    select=${line#*|}
    must "$select WHERE time >= '$from' AND time < '$to' GROUP BY time(1m), *"
    echo "retention: $name recomputed from $from to $to"
  done < <(aggregates)
}

case ${1:-} in
  apply) apply ;;
  backfill) [[ $# -eq 3 ]] || die "usage: retention.sh backfill FROM TO" 2; backfill "$2" "$3" ;;
  *) die "usage: retention.sh apply | backfill FROM TO" 2 ;;
esac
