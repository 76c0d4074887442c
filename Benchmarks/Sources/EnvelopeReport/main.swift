// What an envelope costs as a space grows: the bytes of a one-word edit's envelope in spaces of 3, 30
// and 300 authors, in envelope format 1 (the whole vector), format 2 (heads) and format 3 (heads, content
// sealed compactly) in the same run, split into header and sealed body; and what deflate saves on the
// batches an initial sync sends.
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

print("# Envelope sizes by space size, format 1 (whole vector) against format 2 (heads), same run\n")
print("Per space: every member writes one word concurrently and the writer merges them all; then:")
print("- *after merging N*: the writer's next one-word edit, whose heads are every member's concurrent edit;")
print("- *steady*: its next edit (heads: none but its own previous);")
print("- *after one other*: one member edits after seeing that, the writer merges it and edits (one head);")
print("- *inside another's word*: the writer's next word, typed inside that member's word (the change names it);")
print("- then \(steadyEdits) steady edits, sent to a new member in initial-sync batches (2,048 envelopes / 1 MiB).\n")
print(
    "authors | format | after merging N | steady | after one other | inside another's word | of a steady edit: header, sealed body | steady-state batches deflated | whole log | whole log deflated"
)
print("---|---|---|---|---|---|---|---|---")

/// One one-word edit by `node`: its envelope's bytes.
func edit(_ node: Node, _ space: SpaceID, _ text: ContainerID, _ word: String, at offset: Int = 0) throws -> [UInt8] {
    let before = try node.version(of: space)
    try node.transact(in: space, document: .main) { tx in try tx.insertText(word, at: offset, in: text) }
    let written = try node.envelopes(in: space, since: before)
    guard written.count == 1, let bytes = written.first else { throw ReportError("expected one envelope") }
    return bytes
}

struct ReportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

for authors in authorCounts {
    for format in [EnvelopeHeader.vectorFormat, EnvelopeHeader.headsFormat, EnvelopeHeader.compactFormat] {
        let folder = "\(root)/\(authors)-\(format)"
        var writing = configuration()
        writing.envelopeFormat = format
        let admin = try Node.create(at: "\(folder)/admin", configuration: writing)
        let space = try admin.createSpace(name: "county")
        var text = ContainerID.root
        try admin.transact(in: space, document: .main) { tx in
            text = try tx.makeContainer(.text, at: "body")
            try tx.insertText("County QI board\n", at: 0, in: text)
        }
        var members: [Node] = []
        for index in 0..<(authors - 1) {
            let member = try Node.create(at: "\(folder)/member-\(index)", configuration: writing)
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
        let merged = try edit(admin, space, text, "audit ")
        let steadyBytes = try edit(admin, space, text, "audit ")
        let other = members[0]
        _ = try other.ingest(try admin.envelopes(in: space, since: try other.version(of: space)))
        _ = try edit(other, space, text, "reply ")
        _ = try admin.ingest(try other.envelopes(in: space, since: try admin.version(of: space)))
        let afterOne = try edit(admin, space, text, "noted ")
        // The text now starts "noted reply ": a word typed inside the other member's word names it (its
        // origins are that member's characters), so the change's actor table carries its 32-byte id.
        let inside = try edit(admin, space, text, "(sic) ", at: 8)
        let steadyStart = try admin.version(of: space)
        for _ in 0..<steadyEdits { _ = try edit(admin, space, text, "audit ") }
        let steady = try admin.envelopes(in: space, since: steadyStart)
        let whole = try admin.envelopes(in: space, since: VersionVector())
        let steadyDeflated = deflateBatches(steady)
        let wholeDeflated = deflateBatches(whole)
        let envelope = try Envelope(decoding: steadyBytes)
        print(
            "\(authors) | \(format) | \(merged.count) B | \(steadyBytes.count) B | \(afterOne.count) B | \(inside.count) B | "
                + "\(envelope.header.encoded().count) B, \(envelope.body.count) B | "
                + "\(steadyDeflated.deflated) of \(steadyDeflated.bytes) B (\(percent(steadyDeflated.deflated, of: steadyDeflated.bytes))) | "
                + "\(wholeDeflated.bytes) B (\(whole.count) envelopes) | "
                + "\(wholeDeflated.deflated) B (\(percent(wholeDeflated.deflated, of: wholeDeflated.bytes)))")
        try? FileManager.default.removeItem(atPath: folder)
    }
}
