import PlaceCRDT
import PlaceTestSupport

let alice = ActorID.test(1)
let bob = ActorID.test(2)
let carol = ActorID.test(3)

/// Receives `changes` into `log`, failing the test on any rejection.
func deliver(_ changes: [Change], to log: inout ChangeLog) throws {
    let outcome = log.receive(changes)
    if let first = outcome.rejected.first { throw first.error }
}

/// Makes each log receive everything the other has.
func syncBoth(_ a: inout ChangeLog, _ b: inout ChangeLog) throws {
    let toB = a.changes(since: b.version)
    let toA = b.changes(since: a.version)
    try deliver(toB, to: &b)
    try deliver(toA, to: &a)
}
