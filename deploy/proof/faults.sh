#!/usr/bin/env bash
# The long form of the fault schedule (deploy/sim FaultScheduleIT): ROUNDS rounds of PostgreSQL down, cloud
# broker SIGKILL, gateway SIGKILL, cloud broker down, cloud SIGKILL, InfluxDB down, a gateway-cloud
# partition (network namespace + iptables) and a partition that fills gw-b's buffer disk (a tmpfs), under a
# numbered load and a lunch rush at a canteen counter; then the accounting table (readings in InfluxDB or
# counted by gap markers, meals in the settlement); fails on any loss, duplicate or crash. Needs root.
# Settings (environment): ROUNDS (default 3), OUTAGE_SECONDS (default 120), CALM_SECONDS (default 20),
# SENSORS per gateway (default 10), RATE messages/s per sensor of gw-a (default 20), DISK_RATE per sensor
# of gw-b (default 30), DISK_SIZE of its tmpfs (default 3m), ELDERS in the rush (default 200),
# RUSH_SECONDS (default 600), SEED (default 20261122).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
"$ROOT/deploy/local/stack.sh" install-test-tools
command=(mvn -B -ntp -pl deploy/sim -am verify -Dtest=none -Dit.test=FaultScheduleIT
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
  -Dlinli.proof.rounds="${ROUNDS:-3}" -Dlinli.proof.outageSeconds="${OUTAGE_SECONDS:-120}"
  -Dlinli.proof.calmSeconds="${CALM_SECONDS:-20}" -Dlinli.proof.sensors="${SENSORS:-10}" -Dlinli.proof.rate="${RATE:-20}"
  -Dlinli.proof.diskRate="${DISK_RATE:-30}" -Dlinli.proof.diskSize="${DISK_SIZE:-3m}"
  -Dlinli.proof.elders="${ELDERS:-200}" -Dlinli.proof.rushSeconds="${RUSH_SECONDS:-600}" -Dlinli.proof.seed="${SEED:-20261122}")
echo "fault schedule, long form: ${command[*]}" >&2
exec "${command[@]}"
