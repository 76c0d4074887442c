// Prints, for every trace in ../shared/traces: replay time per patch (median of 5 runs), snapshot size,
// snapshot load time (median of 5), saved-log size and the size of all changes encoded.
// Run: cd Benchmarks && swift run -c release trace-report
import Foundation
import PlaceCRDT
import PlaceTestSupport

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "") ?? 5
print("trace | patches | replay µs/patch (median of \(runs)) | snapshot bytes | load ms | changes bytes | final chars")
print("---|---|---|---|---|---|---")
for name in try EditingTrace.availableNames() {
    let trace = try EditingTrace.load(named: name)
    var replayTimes: [Double] = []
    var result: (ChangeLog, ContainerID)?
    for _ in 0..<runs {
        replayTimes.append(try seconds { result = try trace.replay() })
    }
    guard let (log, text) = result else { continue }
    let document = log.document(.main)
    guard document.text(of: text) == trace.endContent else {
        print("\(name): replay does not reach endContent")
        exit(1)
    }
    let snapshot = document.snapshot()
    var loadTimes: [Double] = []
    for _ in 0..<runs {
        loadTimes.append(try seconds { _ = try Document(snapshot: snapshot) })
    }
    let changeBytes = log.changes(since: VersionVector()).reduce(0) { $0 + $1.encoded().count }
    let perPatch = median(replayTimes) / Double(trace.patchCount) * 1e6
    print(
        "\(name) | \(trace.patchCount) | \(String(format: "%.2f", perPatch)) | \(snapshot.count) | "
            + "\(String(format: "%.2f", median(loadTimes) * 1e3)) | \(changeBytes) | \(trace.endContent.unicodeScalars.count)"
    )
}
