#!/usr/bin/env bash
# Fails when a target imports a module that LAYERS.md (STYLE.md §2–3, with the departures it names) does
# not allow it to (dependencies point one way only; each third-party library stays in its one target and
# is imported internal).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
    [Sources/PlaceBinary]=""
    [Sources/PlaceCRDT]="PlaceBinary"
    [Sources/CSodium]=""
    [Sources/CZlib]=""
    [Sources/PlaceCrypto]="CSodium Glibc"
    [Sources/PlaceWire]="PlaceBinary PlaceCRDT PlaceCrypto CZlib"
    [Sources/PlaceStore]="PlaceCRDT GRDB Foundation Glibc"
    [Sources/PlaceSync]="PlaceBinary PlaceCRDT PlaceWire PlaceCrypto PlaceStore Foundation Dispatch Glibc Synchronization Logging ServiceLifecycle NIOCore NIOPosix CoreMetrics"
    [Sources/PlaceDaemon]="PlaceSync PlaceCrypto Logging Foundation"
    [Sources/placesync]="PlaceQI PlaceBinary PlaceDaemon PlaceSync PlaceWire PlaceCrypto PlaceCRDT ArgumentParser Logging Foundation Glibc"
    [Daemon/Sources/placesyncd]="PlaceDaemon PlaceHTTP PlaceSync PlaceWire PlaceCrypto ArgumentParser Logging Metrics Prometheus ServiceLifecycle UnixSignals Foundation Glibc"
    [Tests/Helpers/ReplicaWorker]="PlaceSync PlaceStore PlaceCRDT PlaceWire Foundation"
    [Tests/PlaceStoreTests]="PlaceStore PlaceCRDT PlaceTestSupport Testing Foundation"
    [Tests/Helpers/PlaceSyncTestHelpers]="PlaceSync PlaceCRDT PlaceWire PlaceCrypto PlaceTestSupport CSQLiteFaultVFS Foundation"
    [Tests/PlaceSyncIntegrationTests]="PlaceQI PlaceSyncTestHelpers PlaceSync PlaceStore PlaceWire PlaceCrypto PlaceCRDT PlaceTestSupport Testing Foundation Glibc Synchronization"
    [Tests/PlaceSyncTests]="PlaceSyncTestHelpers Clocks PlaceSync PlaceStore PlaceWire PlaceCrypto PlaceCRDT PlaceTestSupport Testing Foundation Glibc Synchronization"
    [Sources/PlaceQI]="PlaceSync PlaceBinary Foundation Synchronization"
    [Sources/PlaceTestSupport]="PlaceBinary PlaceCRDT Foundation"
    [Examples/EmbeddedNode]="PlaceSync Foundation"
    [Examples/SingleDocument]="PlaceCRDT Foundation"
    [Tests/PlaceQITests]="PlaceQI PlaceSync PlaceSyncTestHelpers PlaceTestSupport Testing Foundation FoundationXML"
    [Sources/PlaceHTTP]="PlaceQI PlaceSync PlaceCrypto PlaceBinary Hummingbird HTTPTypes NIOCore ServiceLifecycle Mustache Metrics Prometheus Logging Foundation Glibc Synchronization"
    [Tests/PlaceHTTPTests]="PlaceHTTP PlaceQI PlaceSync PlaceSyncTestHelpers Testing Foundation Glibc Logging ServiceLifecycle Synchronization"
    [Examples/ConvergenceDemo]="PlaceCRDT PlaceWire PlaceSync Foundation"
    [Tests/PlaceBinaryTests]="PlaceBinary PlaceTestSupport Testing Foundation"
    [Tests/PlaceCRDTTests]="PlaceBinary PlaceCRDT PlaceTestSupport Testing Foundation"
    [Tests/PlaceCryptoTests]="PlaceCrypto Testing Foundation"
    [Tests/PlaceWireTests]="PlaceWire PlaceCrypto PlaceCRDT PlaceTestSupport Testing Foundation"
)

status=0
for dir in "${!allowed[@]}"; do
    [ -d "$dir" ] || continue
    while IFS= read -r line; do
        file=${line%%:*}
        module=$(sed -E 's/^[^:]*:[0-9]+:[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|package|internal|fileprivate|private)[[:space:]]+)?import[[:space:]]+(class |struct |enum |func |protocol )?([A-Za-z_][A-Za-z0-9_]*).*/\5/' <<<"$line")
        case " ${allowed[$dir]} " in
            *" $module "*) ;;
            *) echo "error: $file imports $module, which $dir may not import (see STYLE.md §2)" >&2; status=1 ;;
        esac
    done < <(grep -rnE '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|package|internal|fileprivate|private)[[:space:]]+)?import[[:space:]]' "$dir" --include='*.swift' || true)
done
for dir in Sources/*/; do
    dir=${dir%/}
    [ -n "${allowed[$dir]+set}" ] || { echo "error: $dir has no entry in scripts/check-imports.sh" >&2; status=1; }
done
# Third-party modules are imported internal, except where LAYERS.md says otherwise.
declare -A exposed=(
    [Sources/PlaceSync]="Logging ServiceLifecycle"
    [Sources/PlaceDaemon]="Logging"
    [Sources/PlaceHTTP]="Prometheus"
)
while IFS= read -r line; do
    file=${line%%:*}
    module=$(sed -E 's/^[^:]*:[0-9]+:[[:space:]]*(@_exported[[:space:]]+)?(public|package)[[:space:]]+import[[:space:]]+([A-Za-z_]+).*/\3/' <<<"$line")
    dir=$(sed -E 's#^(Sources/[^/]+|Daemon/Sources/[^/]+|Tests/[^/]+|Tests/Helpers/[^/]+|Examples/[^/]+)/.*#\1#' <<<"$file")
    case " ${exposed[$dir]:-} " in
        *" $module "*) ;;
        *) echo "error: $file imports the third-party module $module publicly; import it internal (see LAYERS.md)" >&2; status=1 ;;
    esac
done < <(grep -rnE '^[[:space:]]*(@_exported[[:space:]]+)?(public|package)[[:space:]]+import[[:space:]]+(GRDB|NIO[A-Za-z]*|Logging|ServiceLifecycle|UnixSignals|ArgumentParser|Clocks|Hummingbird|Mustache|Prometheus|Metrics|CoreMetrics|HTTPTypes)\b' Sources Daemon Tests Examples --include='*.swift' || true)
# NIO stays in PlaceSync's Transport/TCP/ (STYLE.md §2) and the HTTP frontend (its byte buffers; LAYERS.md).
while IFS= read -r line; do
    echo "error: ${line%%:*} imports NIO outside Sources/PlaceSync/Transport/TCP/ (see STYLE.md §2)" >&2
    status=1
done < <(grep -rlE '^[[:space:]]*((public|package|internal)[[:space:]]+)?import[[:space:]]+NIO' Sources --include='*.swift' | grep -v '^Sources/PlaceSync/Transport/TCP/' | grep -v '^Sources/PlaceHTTP/' || true)
[ "$status" -eq 0 ] && echo "imports ok"
exit "$status"
