// What an envelope costs as a space grows (issue 24's baseline): the bytes of a one-word edit's
// envelope in spaces of 3, 30 and 300 authors, split into header (and its dependency vector), sealed
// body and signature; and what deflate would save on the batches an initial sync sends, with its speed.
// Run: cd Benchmarks && swift run -c release envelope-report
// Sizes: AUTHORS (default "3,30,300"), EDITS (200: one-word edits by a writer that merged everyone).
import CZlibRaw
import Foundation
import PlaceCRDT
import PlaceSync
import PlaceWire

let environment = ProcessInfo.processInfo.environment
let authorCounts = (environment["AUTHORS"] ?? "3,30,300").split(separator: ",").compactMap { Int($0) }
let steadyEdits = Int(environment["EDITS"] ?? "") ?? 200
// zlib level (LEVEL, default 1: what PlaceWire's deflated messages use).
let deflateLevel = Int32(environment["LEVEL"] ?? "") ?? 1
let root = FileManager.default.temporaryDirectory.appendingPathComponent("placesync-envelope-report-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: root) }

func configuration() -> NodeConfiguration {
    var configuration = NodeConfiguration()
    configuration.store.durability = .normal
    return configuration
}

/// Deflates `bytes` (zlib, at `deflateLevel`): the compressed size and the seconds it took.
func deflate(_ bytes: [UInt8]) -> (size: Int, seconds: Double) {
    var size = compressBound(uLong(bytes.count))
    var output = [UInt8](repeating: 0, count: Int(size))
    let start = Date()
    let status = compress2(&output, &size, bytes, uLong(bytes.count), deflateLevel)
    precondition(status == Z_OK, "zlib failed: \(status)")
    return (Int(size), Date().timeIntervalSince(start))
}

/// The batches an initial sync sends: pages of at most 2,048 envelopes or 1 MiB, each a run of
/// length-prefixed envelopes. Returns total bytes, deflated bytes and deflate MB/s.
func deflateBatches(_ envelopes: [[UInt8]]) -> (bytes: Int, deflated: Int, megabytesPerSecond: Double) {
    var total = 0
    var deflated = 0
    var seconds = 0.0
    var batch: [UInt8] = []
    var count = 0
    func flush() {
        guard !batch.isEmpty else { return }
        let result = deflate(batch)
        total += batch.count
        deflated += result.size
        seconds += result.seconds
        batch.removeAll(keepingCapacity: true)
        count = 0
    }
    for envelope in envelopes {
        if count == 2_048 || batch.count + envelope.count > 1 << 20 { flush() }
        var length = UInt32(envelope.count).bigEndian
        withUnsafeBytes(of: &length) { batch.append(contentsOf: $0) }
        batch.append(contentsOf: envelope)
        count += 1
    }
    flush()
    return (total, deflated, Double(total) / 1e6 / max(seconds, 1e-9))
}

func percent(_ part: Int, of whole: Int) -> String {
    String(format: "%.0f %%", 100 * Double(part) / Double(max(whole, 1)))
}

print("# Envelope sizes by space size (format \(EnvelopeHeader.formatVersion))\n")
print(
    "A one-word edit by a writer that has merged every author's change; then \(steadyEdits) such edits (the steady state,"
)
print("every envelope naming every author), sent to a new member in initial-sync batches (2,048 envelopes / 1 MiB).\n")
print(
    "authors | one-word edit envelope | header | of it dependencies | sealed body | signature + lengths | steady-state batches deflated | whole log deflated | deflate MB/s"
)
print("---|---|---|---|---|---|---|---|---")
for authors in authorCounts {
    let folder = "\(root)/\(authors)"
    let admin = try Node.create(at: "\(folder)/admin", configuration: configuration())
    let space = try admin.createSpace(name: "county")
    var text = ContainerID.root
    try admin.transact(in: space, document: .main) { tx in
        text = try tx.makeContainer(.text, at: "body")
        try tx.insertText("County QI board\n", at: 0, in: text)
    }
    var members: [Node] = []
    for index in 0..<(authors - 1) {
        let member = try Node.create(at: "\(folder)/member-\(index)", configuration: configuration())
        try admin.addMember(member.nodeID, role: .writer, in: space)
        members.append(member)
    }
    // Every member takes in the log, writes one word, and the writer merges them all.
    let log = try admin.envelopes(in: space, since: VersionVector())
    for member in members {
        try member.joinSpace(space, name: "county")
        _ = try member.ingest(log)
        try member.transact(in: space, document: .main) { tx in try tx.insertText("word ", at: 0, in: text) }
    }
    for member in members {
        _ = try admin.ingest(try member.envelopes(in: space, since: try admin.version(of: space)))
    }
    let before = try admin.version(of: space)
    try admin.transact(in: space, document: .main) { tx in try tx.insertText("audit ", at: 0, in: text) }
    let edit = try admin.envelopes(in: space, since: before)
    guard edit.count == 1, let bytes = edit.first else { fatalError("expected one envelope") }
    let envelope = try Envelope(decoding: bytes)
    let header = envelope.header.encoded()
    let dependencies = envelope.header.deps.count * 33
    for _ in 0..<steadyEdits {
        try admin.transact(in: space, document: .main) { tx in try tx.insertText("audit ", at: 0, in: text) }
    }
    let steady = try admin.envelopes(in: space, since: before)
    let whole = try admin.envelopes(in: space, since: VersionVector())
    let steadyDeflated = deflateBatches(steady)
    let wholeDeflated = deflateBatches(whole)
    print(
        "\(authors) | \(bytes.count) B | \(header.count) B | \(dependencies) B (\(envelope.header.deps.count) entries) | "
            + "\(envelope.body.count) B | \(bytes.count - header.count - envelope.body.count) B | "
            + "\(steadyDeflated.deflated) of \(steadyDeflated.bytes) B (\(percent(steadyDeflated.deflated, of: steadyDeflated.bytes))) | "
            + "\(wholeDeflated.deflated) of \(wholeDeflated.bytes) B (\(percent(wholeDeflated.deflated, of: wholeDeflated.bytes)), \(whole.count) envelopes) | "
            + String(format: "%.0f", steadyDeflated.megabytesPerSecond))
    try? FileManager.default.removeItem(atPath: folder)
}
