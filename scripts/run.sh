#!/usr/bin/env bash
# PlaceSync quick start, step 1: install missing system packages, build, and run the main job: a node
# (placesyncd with its embedded SQLite replica) that listens for peers and serves the web Sharing Space,
# in the foreground. Ctrl-C stops it cleanly. On first start it creates the node and a first space,
# "My practice".
#
#   scripts/run.sh --example-data   also fills a space "Example county" with a realistic, clearly
#                                   fictional county (projects, PDSA cycles, measures, notes) to explore
#   scripts/run.sh demo             runs the self-contained convergence demo instead, and exits
#
#   PLACESYNC_HOME    the node's folder (default ~/.local/share/placesync)
#   PLACESYNC_LISTEN  host:port to listen on for peers (default 127.0.0.1:7461: this machine only; a hub
#                     that others reach says 0.0.0.0:7461)
#   PLACESYNC_HTTP    host:port of the web Sharing Space and the JSON API (default 127.0.0.1:7462)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
ensure_system_packages
if [ "${1:-}" = "demo" ]; then
    echo "==> building the demo (the first build takes a few minutes)"
    swift build --product placesync-demo
    exec "$(swift build --show-bin-path)/placesync-demo"
fi
echo "==> building placesyncd and placesync (the first build takes a few minutes)"
swift build --product placesyncd
swift build --product placesync
bin="$(swift build --show-bin-path)"
home="${PLACESYNC_HOME:-$HOME/.local/share/placesync}"
listen="${PLACESYNC_LISTEN:-127.0.0.1:7461}"
if [ ! -f "$home/node.key" ]; then
    "$bin/placesync" init --data-dir "$home"
fi
if "$bin/placesync" spaces --data-dir "$home" --json | tr -d '[:space:]' | grep -q '"spaces":\[\]'; then
    echo "==> creating a first space, \"My practice\""
    "$bin/placesync" create-space --data-dir "$home" "My practice" >/dev/null
fi
if [ "${1:-}" = "--example-data" ]; then
    if "$bin/placesync" spaces --data-dir "$home" | grep -q "Example county"; then
        echo "==> the space \"Example county\" is already there"
    else
        echo "==> writing the example county into a space \"Example county\" (about 15 seconds)"
        "$bin/placesync" create-space --data-dir "$home" "Example county" >/dev/null
        "$bin/placesync" example-county --data-dir "$home" --space "Example county"
    fi
fi
port="${listen##*:}"
http="${PLACESYNC_HTTP:-127.0.0.1:7462}"
cat <<HELP
==> starting the node (Ctrl-C stops it)

Open the Sharing Space at the "web" address placesyncd prints below, and paste the access token from
  $home/http.token
(API clients send the same token: curl -H "Authorization: Bearer \$(cat $home/http.token)" http://$http/v1/spaces)

To connect a second node (another folder on this machine; for another machine, start this one with PLACESYNC_LISTEN=0.0.0.0:7461):
  $bin/placesync init --data-dir /tmp/second-node
  $bin/placesync invite --data-dir "$home" "My practice" --role writer      # prints psinv1-…
  $bin/placesync join --data-dir /tmp/second-node <that psinv1 text> --peer 127.0.0.1:$port --name "My practice"
  $bin/placesyncd --data-dir /tmp/second-node --listen 127.0.0.1:0 --http 127.0.0.1:7463 --peer 127.0.0.1:$port
Then edit on either side and read on the other:
  $bin/placesync set --data-dir "$home" "My practice" falls-audit title "Falls audit"
  $bin/placesync get --data-dir /tmp/second-node "My practice" falls-audit

HELP
exec "$bin/placesyncd" --data-dir "$home" --listen "$listen" --http "$http"
