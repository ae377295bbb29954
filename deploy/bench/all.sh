#!/usr/bin/env bash
# Every benchmark of the project, one after the other on this machine, then deploy/BENCHMARKS.md and
# deploy/benchmarks.json (report.py). A benchmark run, never a test: 8.5 minutes on the shared 2-core VM (2026-11-22), longer with larger BENCH_* settings.
#   1. gateway-bench.sh: raw mosquitto_pub->mosquitto_sub vs the gateway path, RSS, ready, drain
#   2. gateway -Pbench: the canteen counter's lunch rush with sensor traffic (CounterLoad)
#   3. cloud -Pbench: ingest with rules vs a direct batched writer (IngestBench), settlement (SettlementBench)
#   4. cloud -Pbench-sse: dwell end -> ticket event on SSE at 10k readings/s (DwellToSseBench)
# Settings (environment): BENCH_RUNS (gateway runs, default 3), BENCH_MESSAGES (default 200000),
# BENCH_BACKLOG (default 200000), INGEST_POINTS (default 500000), SKIP_BUILD=1.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/deploy/bench/results/all-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
cd "$ROOT"
log() { printf '%s all.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
"$ROOT/deploy/local/stack.sh" install >/dev/null
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "building (tests skipped)"
  mvn -B -q -ntp -DskipTests package || { log "the build failed"; exit 1; }
fi
log "1/4 gateway-bench.sh"
BENCH_RUNS=${BENCH_RUNS:-3} BENCH_MESSAGES=${BENCH_MESSAGES:-200000} BENCH_BACKLOG=${BENCH_BACKLOG:-200000} \
  "$ROOT/deploy/bench/gateway-bench.sh" >"$OUT/gateway.log" 2>&1 || log "gateway-bench.sh failed (see $OUT/gateway.log)"
latest=$(ls -t "$ROOT"/deploy/bench/results/gateway-*.md 2>/dev/null | head -n 1)
[[ -n $latest ]] && cp "$latest" "$OUT/gateway.md"
log "2/4 counter lunch rush"
mvn -B -ntp -pl gateway -am -Pbench -DskipTests verify >"$OUT/counter.log" 2>&1 || log "counter bench failed"
log "3/4 cloud ingest and settlement"
mvn -B -ntp -pl cloud -am -Pbench -DskipTests -Dbench.points="${INGEST_POINTS:-500000}" verify >"$OUT/ingest.log" 2>&1 \
  || log "cloud bench failed"
log "4/4 dwell -> SSE"
mvn -B -ntp -pl cloud -am -Pbench-sse -DskipTests verify >"$OUT/sse.log" 2>&1 || log "dwell bench failed"
python3 "$ROOT/deploy/bench/report.py" "$OUT" "$ROOT" \
  "deploy/bench/all.sh  (BENCH_RUNS=${BENCH_RUNS:-3} BENCH_MESSAGES=${BENCH_MESSAGES:-200000} BENCH_BACKLOG=${BENCH_BACKLOG:-200000} INGEST_POINTS=${INGEST_POINTS:-500000})"
log "logs in $OUT; wrote deploy/BENCHMARKS.md and deploy/benchmarks.json"
