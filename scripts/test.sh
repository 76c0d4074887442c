#!/usr/bin/env bash
# PlaceSync quick start, step 2: run the whole test suite (the same command CI runs).
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --filter TraceReplay`.
# PLACESYNC_FUZZ_SEEDS=10000 runs the convergence fuzz at the release bar instead of CI's 200 seeds.
# Without arguments it then runs scripts/web-test.sh (headless Chromium and schemathesis against real
# daemons; it installs chromium, chromium-driver and three PyPI packages if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
ensure_system_packages
echo "==> checking each target's imports against the layering rules"
scripts/check-imports.sh
if swift format --version >/dev/null 2>&1; then
    echo "==> checking formatting (swift format lint --strict)"
    swift format lint --strict -r Sources Tests Examples Daemon/Sources
fi
echo "==> building tests"
swift build --build-tests
echo "==> building the documentation (DocC, warnings as errors)"
scripts/docs.sh
echo "==> running tests"
# Every key and token the tests create, and every log they write, go to an audit folder; the scan then
# looks for each key in each log (RELIABILITY.md D34).
audit=$(mktemp -d)
trap 'rm -rf "$audit"' EXIT
PLACESYNC_SECRETS_AUDIT="$audit" swift test --skip-build "$@" 2>&1 | tee "$audit/swift-test.log"
# The suites that start and kill many processes run alone, one after the other (see runsAlone in
# Tests/PlaceSyncIntegrationTests/ChildProcess.swift).
if [ "$#" -eq 0 ]; then
    for suite in LocalitySimulationTests ChaosSoakTests; do
        echo "==> running $suite alone (it starts and kills many processes)"
        PLACESYNC_ALONE=1 PLACESYNC_SECRETS_AUDIT="$audit" swift test --skip-build --filter "$suite" 2>&1 \
            | tee -a "$audit/swift-test.log"
    done
fi
echo "==> scanning the suite's logs for the keys it created"
python3 scripts/scan-secrets.py "$audit"
# The web frontend in a real browser and schemathesis against a live daemon (not when only some tests
# were asked for with arguments).
if [ "$#" -eq 0 ]; then
    scripts/web-test.sh
fi
