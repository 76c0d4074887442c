#!/usr/bin/env bash
# Builds the decoder fuzzer with libFuzzer and AddressSanitizer and runs it for N seconds (default 60)
# on the corpus in Fuzz/corpus (seeded from Protocol/vectors). New crashers land in Fuzz/crashers/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
# SwiftPM can keep a stale plan of the root package's files in a dependent package: re-plan every time.
rm -f .build/release.yaml .build/build.db
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product FuzzDecoders
mkdir -p corpus crashers
# Seed the corpus with the committed vectors: selector byte 0 = change, 1 = snapshot.
unhex() { printf "$(tr -d '\n' <"$1" | sed 's/../\\x&/g')"; }
for f in ../Protocol/vectors/document/change-*.hex; do
    { printf '\x00'; unhex "$f"; } >"corpus/$(basename "$f" .hex)"
done
{ printf '\x01'; unhex ../Protocol/vectors/document/snapshot.hex; } >corpus/snapshot
for f in ../Protocol/vectors/envelope/*-?.hex ../Protocol/vectors/envelope/*-v?.hex; do
    { printf '\x03'; unhex "$f"; } >"corpus/envelope-$(basename "$f" .hex)"
done
for f in ../Protocol/vectors/membership/*.hex; do
    { printf '\x05'; unhex "$f"; } >"corpus/membership-$(basename "$f" .hex)"
done
for f in ../Protocol/vectors/sync/*.hex; do
    { printf '\x08'; unhex "$f"; } >"corpus/sync-$(basename "$f" .hex)"
done
"$(swift build -c release --show-bin-path)/FuzzDecoders" corpus -max_total_time="$seconds" -max_len=4096 \
    -rss_limit_mb=2048 -timeout=5 -artifact_prefix=crashers/
