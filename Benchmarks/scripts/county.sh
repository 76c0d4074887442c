#!/usr/bin/env bash
# The whole county on one machine (issue 25): 94 real placesyncd processes — a county hub, 6 locality
# hubs, the county lead, 15 PCNs, 71 practices — in sync, then a week offline with 10,000 edits, then
# reconnecting at random moments over a minute. Prints the report and writes it to
# Benchmarks/results/county.md (or $PLACESYNC_COUNTY_REPORT). Takes a few minutes; needs ~4 GiB of RAM.
# The same harness runs one locality in CI (LocalitySimulationTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
report="${PLACESYNC_COUNTY_REPORT:-$PWD/Benchmarks/results/county.md}"
mkdir -p "$(dirname "$report")"
swift build --build-tests
PLACESYNC_ALONE=1 PLACESYNC_COUNTY=full PLACESYNC_COUNTY_REPORT="$report" \
    swift test --skip-build --filter "LocalitySimulationTests/theWholeCountyConvergesAfterAWeekOffline" 2>&1 \
    | grep -v '^\[' | grep -v 'ServiceLifecycle'
echo "report: $report"
