#!/usr/bin/env bash
# The long form of the fault schedule (deploy/sim FaultScheduleIT): ROUNDS rounds of gateway SIGKILL,
# cloud broker outage, cloud SIGKILL, InfluxDB outage and a gateway-cloud partition (network namespace +
# iptables, needs root) under a numbered load, then the accounting table; fails on any loss or duplicate.
# Settings (environment): ROUNDS (default 3), OUTAGE_SECONDS (default 120), CALM_SECONDS (default 20),
# SENSORS per gateway (default 10), RATE messages/s per sensor (default 20).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
"$ROOT/deploy/local/stack.sh" install-test-tools
exec mvn -B -ntp -pl deploy/sim -am verify -Dtest=none -Dit.test=FaultScheduleIT \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dlinli.proof.rounds="${ROUNDS:-3}" -Dlinli.proof.outageSeconds="${OUTAGE_SECONDS:-120}" \
  -Dlinli.proof.calmSeconds="${CALM_SECONDS:-20}" -Dlinli.proof.sensors="${SENSORS:-10}" -Dlinli.proof.rate="${RATE:-20}"
