#!/usr/bin/env bash
# PlaceSync quick start, step 2: run the whole test suite (the same command CI runs).
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --filter TraceReplay`.
# PLACESYNC_FUZZ_SEEDS=10000 runs the convergence fuzz at the release bar instead of CI's 200 seeds.
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
swift test --skip-build "$@"
