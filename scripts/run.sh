#!/usr/bin/env bash
# PlaceSync quick start, step 1: install missing system packages, build, and run the main job.
# Until the daemon exists the main job is the convergence demo: two replicas edit one QI note offline
# and converge. It exits by itself (status 0 when the replicas converged).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
ensure_system_packages
echo "==> building (the first build takes a few minutes)"
swift build --product placesync-demo
echo "==> running the demo"
exec "$(swift build --show-bin-path)/placesync-demo"
