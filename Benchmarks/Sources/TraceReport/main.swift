// Prints, for every trace in ../shared/traces: replay time per patch (median of 5 runs), snapshot size,
// snapshot load time (median of 5), saved-log size and the size of all changes encoded; then the
// two-replica merge, and the whole trace merged into a fresh replica.
// Run: cd Benchmarks && swift run -c release trace-report
import CMallocInfo
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

/// Heap bytes in use, in MiB (glibc `mallinfo2`: small-block and mmapped allocations).
func heapInUseMiB() -> Double {
    let info = mallinfo2()
    return Double(info.uordblks + info.hblkhd) / 1_048_576
}

let environment = ProcessInfo.processInfo.environment
let runs = Int(environment["RUNS"] ?? "") ?? 5
/// `TRACES=a,b` limits the report to those traces; `SECTIONS=replay`, `merge`, `whole` or `bursts`
/// to one table.
let selectedTraces = environment["TRACES"].map { Set($0.split(separator: ",").map(String.init)) }
let sections = Set((environment["SECTIONS"] ?? "replay,merge,whole").split(separator: ",").map(String.init))
let traceNames = try EditingTrace.availableNames().filter { selectedTraces?.contains($0) ?? true }
/// Prints a Markdown table's header row and the row under it.
func printHeader(_ header: String) {
    print(header)
    print(Array(repeating: "---", count: header.split(separator: "|").count).joined(separator: "|"))
}

if sections.contains("replay") {
    printHeader(
        "trace | patches | replay µs/patch (median of \(runs)) | snapshot bytes | load ms | changes bytes | bytes/change | body bytes/change | final chars | retained MiB (log + document)"
    )
}
for name in traceNames where sections.contains("replay") {
    let trace = try EditingTrace.load(named: name)
    var replayTimes: [Double] = []
    var result: (ChangeLog, ContainerID)?
    var retained = 0.0
    for _ in 0..<runs {
        result = nil
        let before = heapInUseMiB()
        replayTimes.append(try seconds { result = try trace.replay() })
        retained = heapInUseMiB() - before
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
    // Per change: the whole encoding (actor, seq, dependencies, body: what the CRDT log exchanges) and the
    // body alone (document, Lamport start, actors, operations: what PlaceSync seals into an envelope).
    let changes = log.changes(since: VersionVector())
    let changeBytes = changes.reduce(0) { $0 + $1.encoded().count }
    let bodyBytes = changes.reduce(0) { $0 + $1.encodedBody().count }
    let perPatch = median(replayTimes) / Double(trace.patchCount) * 1e6
    print(
        "\(name) | \(trace.patchCount) | \(String(format: "%.2f", perPatch)) | \(snapshot.count) | "
            + "\(String(format: "%.2f", median(loadTimes) * 1e3)) | \(changeBytes) | "
            + "\(String(format: "%.1f", Double(changeBytes) / Double(max(changes.count, 1)))) | "
            + "\(String(format: "%.1f", Double(bodyBytes) / Double(max(changes.count, 1)))) | "
            + "\(trace.endContent.unicodeScalars.count) | "
            + String(format: "%.1f", retained)
    )
}

// Two replicas: A replays the first half, B merges A's changes as remote changes, B replays the second
// half, A merges B's changes.
if sections.contains("merge") {
    print()
    printHeader(
        "trace (merge: median of \(runs)) | bytes A→B | merge A→B ms | µs/merged patch | bytes B→A | bytes B→A, heads (v3) | merge B→A ms | µs/merged patch | B→A from bytes: v2, v3 ms | converged"
    )
}
/// Replays `transactions` into `log` as `actor`'s local edits of `text`, one transaction per txn.
func replay(
    _ transactions: ArraySlice<[EditingTrace.Patch]>, into log: inout ChangeLog, actor: ActorID, text: ContainerID
) throws {
    for transaction in transactions {
        try log.transact(document: .main, actor: actor) { tx in
            for patch in transaction {
                try tx.spliceText(at: patch.position, deleting: patch.deleteCount, inserting: patch.insert, in: text)
            }
        }
    }
}

/// A log in which the first author made the text the traces edit, and that text.
func logWithText() throws -> (ChangeLog, ContainerID) {
    var log = ChangeLog()
    var text = ContainerID.root
    try log.transact(document: .main, actor: .test(1)) { tx in text = try tx.makeContainer(.text, at: "text") }
    return (log, text)
}

for name in traceNames where sections.contains("merge") {
    let trace = try EditingTrace.load(named: name)
    let half = trace.transactions.count / 2
    /// A's replica after replaying the first half (built afresh for each measured merge).
    func replicaA() throws -> (ChangeLog, ContainerID) {
        var (log, text) = try logWithText()
        try replay(trace.transactions[..<half], into: &log, actor: .test(1), text: text)
        return (log, text)
    }
    var (a, text) = try replicaA()
    let toB = a.changes(since: VersionVector())
    let bytesToB = toB.reduce(0) { $0 + $1.encoded().count }
    let patchesToB = trace.transactions[..<half].reduce(0) { $0 + $1.count }
    // Median of `runs` merges, each into a receiver built afresh that shares no storage with anything
    // else (as a node's replica does): merging into a copy of one log would also time the copy-on-write
    // of every chunk the merge touches.
    func medianMerge(_ changes: [Change], into makeReceiver: () throws -> ChangeLog) throws -> (Double, ChangeLog) {
        var times: [Double] = []
        var merged = ChangeLog()
        for _ in 0..<runs {
            merged = try makeReceiver()
            times.append(seconds { _ = merged.receive(changes) })
        }
        return (median(times), merged)
    }
    let mergeB: Double
    var b: ChangeLog
    (mergeB, b) = try medianMerge(toB) { ChangeLog() }
    try replay(trace.transactions[half...], into: &b, actor: .test(2), text: text)
    let toA = b.changes(since: a.version)
    let bytesToA = toA.reduce(0) { $0 + $1.encoded().count }
    // The same changes in encoding 3: each of B's names A only in its first (its one head).
    let bytesToAHeads = b.encodedChanges(since: a.version).reduce(0) { $0 + $1.count }
    let patchesToA = trace.patchCount - patchesToB
    // Decoding included, the same changes as bytes: encoding 2 (whole dependencies) and 3 (heads, resolved
    // by the receiving log), alternating.
    let bytesV2 = toA.map { $0.encoded() }
    let bytesV3 = b.encodedChanges(since: a.version)
    var fromBytes: [[Double]] = [[], []]
    for _ in 0..<runs {
        for (index, batch) in [bytesV2, bytesV3].enumerated() {
            var receiver = try replicaA().0
            fromBytes[index].append(try seconds { _ = try receiver.receive(encoded: batch) })
            guard receiver.version == b.version, receiver.unresolvedCount == 0 else {
                print("\(name): merging from bytes did not reach B's version")
                exit(1)
            }
        }
    }
    let mergeA: Double
    (mergeA, a) = try medianMerge(toA) { try replicaA().0 }
    let converged = a.document(.main).text(of: text) == trace.endContent && a.document(.main) == b.document(.main)
    print(
        "\(name) | \(bytesToB) | \(String(format: "%.1f", mergeB * 1e3)) | \(String(format: "%.3f", mergeB / Double(patchesToB) * 1e6)) | "
            + "\(bytesToA) | \(bytesToAHeads) | \(String(format: "%.1f", mergeA * 1e3)) | \(String(format: "%.3f", mergeA / Double(patchesToA) * 1e6)) | "
            + "\(String(format: "%.1f", median(fromBytes[0]) * 1e3)), \(String(format: "%.1f", median(fromBytes[1]) * 1e3)) | \(converged)"
    )
}

// A fresh replica merges the whole trace's changes as remote changes at once: those of two authors,
// one per half (as in the two-replica run), received together.
if sections.contains("whole") {
    print()
    printHeader(
        "trace (whole trace into a fresh replica: median of \(runs)) | changes | bytes | merge ms | µs/merged patch | converged | decode µs/change | rebuild µs/change"
    )
}
for name in traceNames where sections.contains("whole") {
    let trace = try EditingTrace.load(named: name)
    let half = trace.transactions.count / 2
    var (log, text) = try logWithText()
    try replay(trace.transactions[..<half], into: &log, actor: .test(1), text: text)
    try replay(trace.transactions[half...], into: &log, actor: .test(2), text: text)
    let changes = log.changes(since: VersionVector())
    let bytes = changes.reduce(0) { $0 + $1.encoded().count }
    // What a receiver spends before the merge: decoding each change from its bytes, and what a
    // sender spends rebuilding its changes from the log's history to send them.
    let encoded = changes.map { $0.encoded() }
    var decodeTimes: [Double] = []
    var rebuildTimes: [Double] = []
    for _ in 0..<runs {
        decodeTimes.append(try seconds { for bytes in encoded { _ = try Change(encoded: bytes) } })
        rebuildTimes.append(seconds { _ = log.changes(since: VersionVector()) })
    }
    var times: [Double] = []
    var merged = ChangeLog()
    for _ in 0..<runs {
        merged = ChangeLog()
        times.append(seconds { _ = merged.receive(changes) })
    }
    let converged = merged.document(.main) == log.document(.main)
    print(
        "\(name) | \(changes.count) | \(bytes) | \(String(format: "%.1f", median(times) * 1e3)) | "
            + "\(String(format: "%.3f", median(times) / Double(trace.patchCount) * 1e6)) | \(converged) | "
            + "\(String(format: "%.2f", median(decodeTimes) / Double(changes.count) * 1e6)) | "
            + "\(String(format: "%.2f", median(rebuildTimes) / Double(changes.count) * 1e6))"
    )
}

// Typing bursts: runs of up to 32 consecutive insertions, each right after the one before (what a
// browser sends as one transaction while someone types), each as one change. The change body (what
// PlaceSync seals) is a fixed part — version, document id (16 bytes), Lamport start, counts, one insert
// operation's container and neighbours — plus the typed text.
if sections.contains("bursts") {
    print()
    printHeader(
        "trace (typing bursts of ≤ 32 insertions) | bursts | chars in them | body bytes per burst (median) | of it fixed: body − text bytes (median) | body bytes per char (all bursts)"
    )
}
for name in traceNames where sections.contains("bursts") {
    let trace = try EditingTrace.load(named: name)
    var (log, text) = try logWithText()
    let patches = trace.transactions.flatMap { $0 }
    var bodies: [Double] = []
    var fixed: [Double] = []
    var totalBody = 0
    var totalChars = 0
    var index = 0
    while index < patches.count {
        var burst = [patches[index]]
        if patches[index].deleteCount == 0 && !patches[index].insert.isEmpty {
            var end = patches[index].position + patches[index].insert.unicodeScalars.count
            while burst.count < 32, index + burst.count < patches.count {
                let next = patches[index + burst.count]
                guard next.deleteCount == 0, !next.insert.isEmpty, next.position == end else { break }
                burst.append(next)
                end += next.insert.unicodeScalars.count
            }
        }
        let change = try log.transact(document: .main, actor: .test(2)) { tx in
            for patch in burst {
                try tx.spliceText(at: patch.position, deleting: patch.deleteCount, inserting: patch.insert, in: text)
            }
        }
        index += burst.count
        guard let change, burst.allSatisfy({ $0.deleteCount == 0 }) else { continue }
        let body = change.encodedBody().count
        let textBytes = burst.reduce(0) { $0 + $1.insert.utf8.count }
        bodies.append(Double(body))
        fixed.append(Double(body - textBytes))
        totalBody += body
        totalChars += burst.reduce(0) { $0 + $1.insert.unicodeScalars.count }
    }
    guard log.document(.main).text(of: text) == trace.endContent else {
        print("\(name): bursts do not reach endContent")
        exit(1)
    }
    print(
        "\(name) | \(bodies.count) | \(totalChars) | \(String(format: "%.0f", median(bodies))) | "
            + "\(String(format: "%.0f", median(fixed))) | \(String(format: "%.2f", Double(totalBody) / Double(max(totalChars, 1))))"
    )
}
