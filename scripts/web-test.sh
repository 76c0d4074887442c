#!/usr/bin/env bash
# The web frontend against real daemons (run by scripts/test.sh after `swift test`, so CI runs it):
#   1. the Sharing Space in headless Chromium (Tests/Browser/sharing_space_test.py; screenshots of each
#      main page land in .build/screenshots/);
#   2. schemathesis against a live placesyncd with its token: every documented operation fuzzed,
#      no 5xx, every response valid against /v1/openapi.json.
# Needs Debian's chromium and chromium-driver, and selenium, schemathesis and prometheus_client from
# PyPI: it installs what is missing. PLACESYNC_SCHEMATHESIS_EXAMPLES sets examples per operation (20).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
PLACESYNC_APT_PACKAGES=(chromium chromium-driver)
ensure_system_packages
python3 -c "import selenium, schemathesis, prometheus_client" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check selenium schemathesis prometheus_client
bin="$(swift build --show-bin-path)"
[ -x "$bin/placesyncd" ] || swift build --product placesyncd
[ -x "$bin/placesync" ] || swift build --product placesync

echo "==> the Sharing Space in headless Chromium"
PLACESYNC_BIN="$bin" python3 Tests/Browser/sharing_space_test.py

echo "==> schemathesis against a live placesyncd"
work=$(mktemp -d)
daemon=""
cleanup() { [ -n "$daemon" ] && kill "$daemon" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin/placesync" init --data-dir "$work/node" >/dev/null
space=$("$bin/placesync" create-space --data-dir "$work/node" "Example county")
"$bin/placesync" example-county --data-dir "$work/node" --seed 9 --scale 0.02 >/dev/null 2>&1
"$bin/placesyncd" --data-dir "$work/node" --listen "" --http 127.0.0.1:0 >"$work/out" 2>"$work/log" &
daemon=$!
for _ in $(seq 1 100); do grep -q "web http" "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*web \(http:[^ ]*\)\/ .*/\1/p' "$work/out")
[ -n "$url" ] || { echo "placesyncd did not start its web frontend:"; cat "$work/out" "$work/log"; exit 1; }
token=$(cat "$work/node/http.token")
printf '[parameters]\n"path.space" = "%s"\n' "$space" >"$work/schemathesis.toml"
schemathesis --config-file "$work/schemathesis.toml" run "$url/v1/openapi.json" --url "$url" \
    -H "Authorization: Bearer $token" -n "${PLACESYNC_SCHEMATHESIS_EXAMPLES:-20}" --exclude-path /v1/events \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --generation-deterministic --no-color 2>&1 | tail -25
status=${PIPESTATUS[0]}
grep -q "error\|critical" "$work/log" && { echo "the daemon logged errors:"; grep "error\|critical" "$work/log" | head; }
exit "$status"
