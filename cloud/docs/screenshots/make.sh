#!/usr/bin/env bash
# Makes the dashboard screenshots that cloud/README.md shows: runs the browser tests
# (cloud DashboardBrowserIT, TicketsBrowserIT, CanteenBrowserIT, TicketPhotoBrowserIT and SpacesBrowserIT, Debian's headless
# Chromium at a phone's size) with their
# screenshots written into this folder. Installs the test tools first (deploy/local/stack.sh install-test-tools).
set -euo pipefail

DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd -- "$DIR/../../.." && pwd -P)

"$ROOT/deploy/local/stack.sh" install-test-tools
cd "$ROOT"
mvn -B -ntp -pl cloud -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='DashboardBrowserIT,TicketsBrowserIT,CanteenBrowserIT,TicketPhotoBrowserIT,SpacesBrowserIT' -Dfailsafe.failIfNoSpecifiedTests=false -Dlinli.screenshots.dir="$DIR"
ls -l "$DIR"/*.png
