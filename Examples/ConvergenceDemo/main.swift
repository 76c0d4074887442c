// A small demo of PlaceCRDT: two practices edit the same QI note while offline, then exchange only
// the changes each lacks, and end with identical documents. Run it with `./scripts/run.sh` or
// `swift run placesync-demo`. It exits with status 1 if the replicas do not converge.
import Foundation
import PlaceCRDT

/// A fixed, readable actor id for the demo (a real node uses its Ed25519 public key).
func demoActor(_ tag: UInt8) -> ActorID {
    guard let actor = ActorID(bytes: [UInt8](repeating: tag, count: ActorID.byteCount)) else {
        preconditionFailure("32 bytes make an actor id")
    }
    return actor
}

func show(_ label: String, _ log: ChangeLog, note: DocumentID) {
    print("  \(label): \(log.document(note).json.jsonText)")
}

let practice = demoActor(0x11)  // Forest Road Surgery
let hub = demoActor(0x22)  // Hillside PCN
let note = DocumentID.main

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
_ = hillside.receive(first.map { [$0] } ?? [])
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

print("\n3. They reconnect and exchange only the changes the other lacks.")
let toHillside = forestRoad.changes(since: hillside.version)
let toForestRoad = hillside.changes(since: forestRoad.version)
let bytes = (toHillside + toForestRoad).reduce(0) { $0 + $1.encoded().count }
_ = hillside.receive(toHillside)
_ = forestRoad.receive(toForestRoad)
print("  \(toHillside.count + toForestRoad.count) change(s), \(bytes) bytes exchanged")
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
