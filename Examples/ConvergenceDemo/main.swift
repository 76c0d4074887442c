// A small demo: two practices edit the same QI note while offline, then exchange only the changes each
// lacks — sealed into signed, encrypted envelopes that a locality hub verifies and relays without being
// able to read them — and end with identical documents. Run it with `./scripts/run.sh` or
// `swift run placesync-demo`. It exits with status 1 if anything fails or the replicas do not converge.
import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceWire

/// The CRDT actor of a node: its Ed25519 public key.
func actor(of node: NodeKeyPair) -> ActorID {
    guard let actor = ActorID(bytes: node.nodeID.publicKey) else { preconditionFailure("node ids are 32 bytes") }
    return actor
}

/// Seals changes into envelopes (what travels), chaining each author's envelopes by id.
struct Outbox {
    let node: NodeKeyPair
    let space: SpaceID
    let key: ContentKey
    var previous: EnvelopeID?

    mutating func seal(_ change: Change) throws -> [UInt8] {
        let header = try EnvelopeHeader(
            kind: .content, space: space, author: change.actor, seq: change.seq, epoch: key.epoch, previous: previous,
            deps: change.deps)
        let envelope = try Envelope.sealContent(header: header, plaintext: change.encodedBody(), key: key, author: node)
        previous = envelope.id
        return envelope.encoded
    }
}

/// What a hub does: check the author's signature and forward the bytes unchanged. It holds no key.
func hubRelay(_ bytes: [UInt8]) throws -> [UInt8] {
    try Envelope(decoding: bytes).verify()
    return bytes
}

/// What the receiving practice does: verify, decrypt, decode the change and apply it.
func deliver(_ bytes: [UInt8], to log: inout ChangeLog, key: ContentKey) throws {
    let envelope = try Envelope(decoding: bytes)
    let header = envelope.header
    let change = try Change(actor: header.author, seq: header.seq, deps: header.deps, body: envelope.open(with: key))
    _ = try log.receive(change)
}

func show(_ label: String, _ log: ChangeLog, note: DocumentID) {
    print("  \(label): \(log.document(note).json.jsonText)")
}

let forestRoadNode = try NodeKeyPair.generate()  // Forest Road Surgery
let hillsideNode = try NodeKeyPair.generate()  // Hillside PCN
let practice = actor(of: forestRoadNode)
let hub = actor(of: hillsideNode)
let note = DocumentID.main
let space = try SpaceID(bytes: [UInt8](repeating: 0x5A, count: SpaceID.byteCount))
let contentKey = try EpochKey.generate(epoch: 1).contentKey()  // in PlaceSync: sealed to members with KeyWrap
var forestRoadOutbox = Outbox(node: forestRoadNode, space: space, key: contentKey)
var hillsideOutbox = Outbox(node: hillsideNode, space: space, key: contentKey)

var forestRoad = ChangeLog()
var hillside = ChangeLog()

print("1. Forest Road Surgery starts a QI note and shares it with Hillside PCN.")
var body = ContainerID.root
var reviews = ContainerID.root
let first = try forestRoad.transact(document: note, actor: practice) { tx in
    try tx.set("title", .string("Falls prevention: PDSA cycle 1"))
    try tx.set("status", .string("plan"))
    body = try tx.makeContainer(.text, at: "body")
    try tx.insertText("Aim: fewer falls in over-75s.", at: 0, in: body)
    reviews = try tx.makeContainer(.counter, at: "reviews")
}
if let first { try deliver(hubRelay(forestRoadOutbox.seal(first)), to: &hillside, key: contentKey) }
show("Forest Road", forestRoad, note: note)
show("Hillside   ", hillside, note: note)

print("\n2. Both go offline and edit the same note.")
try forestRoad.transact(document: note, actor: practice) { tx in
    let end = tx.document.count(of: body) ?? 0
    try tx.insertText(" Measure: falls per month.", at: end, in: body)
    try tx.set("status", .string("do"))
    try tx.increment(reviews)
}
try hillside.transact(document: note, actor: hub) { tx in
    try tx.insertText("[PCN draft] ", at: 0, in: body)
    try tx.set("status", .string("study"))
    try tx.increment(reviews, by: 2)
}
show("Forest Road", forestRoad, note: note)
show("Hillside   ", hillside, note: note)

print("\n3. They reconnect through the locality hub and exchange only the changes the other lacks,")
print("   as signed, encrypted envelopes; the hub checks signatures but holds no key.")
var relayed = 0
for change in forestRoad.changes(since: hillside.version) {
    let bytes = try hubRelay(forestRoadOutbox.seal(change))
    relayed += bytes.count
    try deliver(bytes, to: &hillside, key: contentKey)
}
for change in hillside.changes(since: forestRoad.version) {
    let bytes = try hubRelay(hillsideOutbox.seal(change))
    relayed += bytes.count
    try deliver(bytes, to: &forestRoad, key: contentKey)
}
print("  \(relayed) bytes of ciphertext relayed")
show("Forest Road", forestRoad, note: note)
show("Hillside   ", hillside, note: note)

let conflicts = forestRoad.document(note).conflicts(forKey: "status")
print("  'status' was written concurrently: \(conflicts.count) values kept, the same winner on both sides")

let a = forestRoad.document(note).snapshot()
let b = hillside.document(note).snapshot()
if a == b {
    print("\nConverged: both replicas hold byte-identical snapshots (\(a.count) bytes).")
} else {
    print("\nNOT converged: the snapshots differ.")
    exit(1)
}
