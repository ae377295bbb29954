#!/usr/bin/env bash
# Runs every test: unit tests and the *IT integration tests, which start real Mosquitto, InfluxDB and
# PostgreSQL processes on free loopback ports. Installs the missing Debian packages first.
# Extra arguments go to Maven, e.g. deploy/local/test.sh -pl gateway -am
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)

command -v java >/dev/null || { echo "test: java not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "test: mvn not found: install Maven (apt-get install maven)" >&2; exit 1; }
"$SCRIPT_DIR/stack.sh" install-test-tools
cd "$REPO_ROOT"
exec mvn -B -ntp verify "$@"
