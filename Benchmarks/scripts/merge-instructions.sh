#!/usr/bin/env bash
# Counts the instructions the two-replica merge of `trace-report` executes, per merged patch, under
# valgrind's callgrind: unlike wall time, the count is the same run after run on a noisy machine, so
# two builds can be compared on one trace in seconds. Only `ChangeLog.receive([Change])` is counted
# (both directions, one run each); replay and trace loading are not. With SECTION=replay it counts the
# local replay instead (`EditingTrace.replay`, one run), per replayed patch; with SECTION=whole, the merge
# of the whole trace into a fresh replica.
#
#   Benchmarks/scripts/merge-instructions.sh sveltecomponent clownschool_flat
#   SECTION=replay Benchmarks/scripts/merge-instructions.sh sveltecomponent
#
# Needs valgrind (Debian: apt-get install -y valgrind). Profiles are left in $OUT (default
# /tmp/merge-instructions or /tmp/replay-instructions) for callgrind_annotate.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
traces_in="${PLACESYNC_TRACES:-$here/../../shared/traces}"
section="${SECTION:-merge}"
case "$section" in
merge | whole) label=merged counted='$s9PlaceCRDT9ChangeLogV7receiveyAA14ReceiveOutcomeVSayAA0C0VGF' ;;
replay) label=replayed counted='$s16PlaceTestSupport12EditingTraceV6replay5actor8document0A4CRDT9ChangeLogV_AG11ContainerIDVtAG05ActorM0V_AG08DocumentM0VtKF' ;;
*) echo "SECTION must be merge, whole or replay" >&2; exit 2 ;;
esac
out="${OUT:-/tmp/$section-instructions}"
mkdir -p "$out/traces"
# Foundation's Process cannot start gzip under valgrind: inflate the traces once, beside links to the
# originals (the report lists traces by their .json.gz names and loads NAME.json when it exists).
for file in "$traces_in"/*.json.gz; do
    name="$(basename "$file" .json.gz)"
    ln -sf "$file" "$out/traces/"
    [ -f "$out/traces/$name.json" ] || gzip -dc "$file" >"$out/traces/$name.json"
done
(cd "$here" && swift build -c release --product trace-report >/dev/null)
for trace in "$@"; do
    log="$out/$trace.log"
    PLACESYNC_TRACES="$out/traces" TRACES="$trace" SECTIONS="$section" RUNS=1 \
        valgrind --tool=callgrind --callgrind-out-file="$out/$trace.callgrind" --collect-atstart=no \
        "--toggle-collect=$counted" \
        "$here/.build/release/trace-report" >"$log" 2>&1
    instructions="$(grep -m1 'Collected' "$log" | awk '{print $4}')"
    patches="$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(t['patches']) for t in d['txns']))" "$out/traces/$trace.json")"
    echo "$trace: $instructions instructions, $((instructions / patches)) per $label patch"
done
