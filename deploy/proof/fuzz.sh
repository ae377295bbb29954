#!/usr/bin/env bash
# The long form of the fuzzing: CASES mutated inputs per target (default 100,000, so 10^6 in all)
# through the real decoders and loaders, with SEED (default 20261122). Prints the table; fails on any
# crash, hang or refused valid seed. The short form (10^5 in all) runs in the test command (FuzzTest).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CASES=${1:-${CASES:-100000}}
SEED=${2:-${SEED:-20261122}}
cd "$ROOT"
exec mvn -B -ntp -pl deploy/proof -am verify -Dtest=FuzzTest -Dit.test=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dlinli.fuzz.cases="$CASES" -Dlinli.fuzz.seed="$SEED"
