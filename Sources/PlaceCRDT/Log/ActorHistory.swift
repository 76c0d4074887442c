internal import PlaceBinary

/// One actor's applied changes, stored compactly: Lamport ranges as plain arrays, each change's
/// encoded body (the bytes an envelope would carry) packed into one buffer, and dependencies on other
/// actors packed beside them. A `Change` value is rebuilt only when asked for (sync, saving the log).
///
/// A change held as a `Change` value costs about 550 bytes (its dependency dictionary, its operation
/// array); packed, a typing change costs about 60.
struct ActorHistory: Sendable {
    private(set) var lamportStarts: [UInt64] = []
    private(set) var lamportEnds: [UInt64] = []
    private var bodyEnds: [Int] = []
    private var bodies: [UInt8] = []
    private var dependencyEnds: [Int] = []
    /// Other actors' dependency entries: 32-byte actor id, then the seq as 8 bytes big-endian.
    private var dependencies: [UInt8] = []

    /// The number of changes, which is also the highest seq.
    var count: Int { lamportEnds.count }

    /// Appends the next change of this actor, given its encoded body.
    mutating func append(_ change: Change, body: [UInt8]) {
        lamportStarts.append(change.lamportStart)
        lamportEnds.append(change.lamportEnd)
        bodies.append(contentsOf: body)
        bodyEnds.append(bodies.count)
        for (actor, seq) in change.deps.entries where actor != change.actor {
            dependencies.append(contentsOf: actor.bytes)
            for shift in stride(from: 56, through: 0, by: -8) {
                dependencies.append(UInt8(truncatingIfNeeded: seq >> UInt64(shift)))
            }
        }
        dependencyEnds.append(dependencies.count)
    }

    /// Rebuilds change `seq` (1-based) of `actor`.
    func change(seq: UInt64, actor: ActorID) -> Change {
        let index = Int(seq - 1)
        let bodyStart = index == 0 ? 0 : bodyEnds[index - 1]
        let dependencyStart = index == 0 ? 0 : dependencyEnds[index - 1]
        var entries: [ActorID: UInt64] = [actor: seq - 1]
        var offset = dependencyStart
        while offset < dependencyEnds[index] {
            let actorBytes = dependencies[offset..<(offset + ActorID.byteCount)]
            let seqBytes = dependencies[(offset + ActorID.byteCount)..<(offset + ActorID.byteCount + 8)]
            if let other = ActorID(bytes: actorBytes) {
                entries[other] = seqBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
            offset += ActorID.byteCount + 8
        }
        do {
            return try Change(
                actor: actor, seq: seq, deps: VersionVector(entries), body: Array(bodies[bodyStart..<bodyEnds[index]]))
        } catch {
            // The bytes were produced by `encodedBody()` of a change that was valid when it was stored.
            preconditionFailure("a stored change no longer decodes: \(error)")
        }
    }
}
