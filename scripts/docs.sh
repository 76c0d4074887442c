#!/usr/bin/env bash
# Builds the DocC documentation of every library target with warnings as errors (a broken link or an
# undocumented parameter fails), into .build/docs/TARGET. CI runs it from scripts/test.sh.
# Browse: `scripts/docs.sh && python3 -m http.server -d .build/docs/PlaceSync` and open
# http://localhost:8000/documentation/placesync (static hosting layout).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/docs
mkdir -p "$out"
for target in PlaceBinary PlaceCRDT PlaceCrypto PlaceWire PlaceStore PlaceSync PlaceQI PlaceHTTP; do
    echo "==> documentation: $target"
    swift package --allow-writing-to-directory "$out" generate-documentation --target "$target" \
        --warnings-as-errors --transform-for-static-hosting --output-path "$out/$target" >"$out/$target.log" 2>&1 || {
        grep -E "error|warning" -A6 "$out/$target.log" | head -60
        echo "documentation of $target has errors (full log: $out/$target.log)" >&2
        exit 1
    }
done
