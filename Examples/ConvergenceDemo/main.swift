// A small demo: two practices keep a QI note in their own replicas on disk (SQLite, through the
// PlaceSync node), edit it while offline from each other, then exchange only the envelopes each lacks
// — signed and encrypted, relayed by a locality hub that checks signatures but holds no key — and end
// with identical documents. Run it with `./scripts/run.sh` or `swift run placesync-demo [folder]`.
// It exits with status 1 if anything fails or the replicas do not converge.
import Foundation
import PlaceCRDT
import PlaceSync
import PlaceWire

/// What a locality hub does with each envelope: check the author's signature, forward the bytes
/// unchanged. It holds no content key.
func hubRelay(_ envelopes: [[UInt8]]) throws -> [[UInt8]] {
    for bytes in envelopes { try Envelope(decoding: bytes).verify() }
    return envelopes
}

/// Sends `from` everything `to` lacks in `space`, through the hub. Returns the bytes relayed.
func exchange(from: Node, to: Node, in space: SpaceID) throws -> Int {
    let envelopes = try hubRelay(from.envelopes(in: space, since: to.version(of: space)))
    let report = try to.ingest(envelopes)
    guard report.rejected.isEmpty else { throw DemoFailure("envelopes were refused: \(report.rejected)") }
    return envelopes.reduce(0) { $0 + $1.count }
}

struct DemoFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func show(_ label: String, _ node: Node, _ space: SpaceID, _ note: DocumentID) throws {
    print("  \(label): \(try node.document(note, in: space).json.jsonText)")
}

do {
    let folder =
        CommandLine.arguments.dropFirst().first
        ?? FileManager.default.temporaryDirectory.appendingPathComponent(
            "placesync-demo-\(UUID().uuidString.prefix(8))"
        )
        .path
    let forestRoad = try Node.create(at: folder + "/forest-road")  // Forest Road Surgery
    let hillside = try Node.create(at: folder + "/hillside")  // Hillside PCN
    print("Replicas on disk in \(folder) (SQLite; inspect them with sqlite3, remove them when done).")

    print("\n1. Forest Road Surgery creates the locality space, shares its key with Hillside PCN,")
    print("   and starts a QI note.")
    let space = try forestRoad.createSpace(name: "Forest of Dean locality")
    // Forest Road (the space's first admin) adds Hillside as a writer; the add and Hillside's key
    // travel as signed envelopes like everything else.
    try forestRoad.addMember(hillside.nodeID, role: .writer, in: space)
    try hillside.joinSpace(space, name: "Forest of Dean locality")
    let note = DocumentID.main
    var body = ContainerID.root
    var reviews = ContainerID.root
    try forestRoad.transact(in: space, document: note) { tx in
        try tx.set("type", .string("note"))
        try tx.set("title", .string("Falls prevention: PDSA cycle 1"))
        try tx.set("status", .string("plan"))
        body = try tx.makeContainer(.text, at: "body")
        try tx.insertText("Aim: fewer falls in over-75s.", at: 0, in: body)
        reviews = try tx.makeContainer(.counter, at: "reviews")
    }
    _ = try exchange(from: forestRoad, to: hillside, in: space)
    try show("Forest Road", forestRoad, space, note)
    try show("Hillside   ", hillside, space, note)

    print("\n2. Both go offline and edit the same note; each edit is committed to its own replica.")
    try forestRoad.transact(in: space, document: note) { tx in
        let end = tx.document.count(of: body) ?? 0
        try tx.insertText(" Measure: falls per month.", at: end, in: body)
        try tx.set("status", .string("do"))
        try tx.increment(reviews)
    }
    try hillside.transact(in: space, document: note) { tx in
        try tx.insertText("[PCN draft] ", at: 0, in: body)
        try tx.set("status", .string("study"))
        try tx.increment(reviews, by: 2)
    }
    try show("Forest Road", forestRoad, space, note)
    try show("Hillside   ", hillside, space, note)

    print("\n3. They reconnect through the locality hub and exchange only the envelopes the other lacks;")
    print("   the hub checks signatures but holds no key.")
    let relayed =
        try exchange(from: forestRoad, to: hillside, in: space) + exchange(from: hillside, to: forestRoad, in: space)
    print("  \(relayed) bytes of ciphertext relayed")
    try show("Forest Road", forestRoad, space, note)
    try show("Hillside   ", hillside, space, note)
    let conflicts = try forestRoad.document(note, in: space).conflicts(forKey: "status")
    print("  'status' was written concurrently: \(conflicts.count) values kept, the same winner on both sides")
    let hits = try hillside.search("falls month")
    print("  Full-text search on Hillside for \"falls month\": \(hits.map(\.excerpt))")

    let a = try forestRoad.document(note, in: space).snapshot()
    let b = try hillside.document(note, in: space).snapshot()
    guard a == b, try forestRoad.version(of: space) == hillside.version(of: space) else {
        throw DemoFailure("NOT converged: the replicas differ")
    }
    print("\nConverged: both replicas hold byte-identical snapshots (\(a.count) bytes).")
} catch {
    print("demo failed: \(error)")
    exit(1)
}
