internal import PlaceBinary

/// One actor's applied changes, stored compactly: Lamport ends as a plain array, each change's encoded
/// body (the bytes an envelope would carry, minus the document id) packed into one buffer, the document
/// ids run-length encoded, and dependencies on other actors packed beside them. A `Change` value is
/// rebuilt only when asked for (sync, saving the log).
///
/// A change held as a `Change` value costs about 550 bytes (its dependency dictionary, its operation
/// array); packed, a typing change costs about 35.
struct ActorHistory: Sendable {
    private(set) var lamportEnds: [UInt64] = []
    private var bodyEnds: [UInt32] = []
    /// Encoded bodies without their 16-byte document id (body version byte, then the rest).
    private var bodies: [UInt8] = []
    /// (first seq, document) for each stretch of consecutive changes to one document.
    private var documentRuns: [(firstSeq: UInt64, document: DocumentID)] = []
    private var dependencyEnds: [UInt32] = []
    /// Other actors' dependency entries: 32-byte actor id, then the seq as 8 bytes big-endian.
    private var dependencies: [UInt8] = []

    /// Where the document id sits in an encoded body (after the version byte).
    private static let documentRange = 1..<(1 + DocumentID.byteCount)

    /// The number of changes, which is also the highest seq.
    var count: Int { lamportEnds.count }

    /// Whether another change might not fit the 32-bit offsets (4 GiB of one author's bodies in one log,
    /// far beyond any real history): the log then refuses the author's further changes.
    var isFull: Bool {
        bodies.count > Int(UInt32.max) - 2 * CRDTLimits.maxChangeBytes
            || dependencies.count > Int(UInt32.max) - 2 * CRDTLimits.maxChangeBytes
    }

    /// Appends the next change of this actor, given its encoded body.
    mutating func append(_ change: Change, body: [UInt8]) {
        lamportEnds.append(change.lamportEnd)
        bodies.append(body[0])
        bodies.append(contentsOf: body[Self.documentRange.upperBound...])
        bodyEnds.append(UInt32(truncatingIfNeeded: bodies.count))
        if documentRuns.last?.document != change.document {
            documentRuns.append((firstSeq: change.seq, document: change.document))
        }
        for (actor, seq) in change.deps.entries where actor != change.actor {
            dependencies.append(contentsOf: actor.bytes)
            for shift in stride(from: 56, through: 0, by: -8) {
                dependencies.append(UInt8(truncatingIfNeeded: seq >> UInt64(shift)))
            }
        }
        dependencyEnds.append(UInt32(truncatingIfNeeded: dependencies.count))
    }

    /// The document of change `seq`.
    private func document(ofSeq seq: UInt64) -> DocumentID {
        var low = 0
        var high = documentRuns.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if documentRuns[middle].firstSeq <= seq { low = middle } else { high = middle - 1 }
        }
        return documentRuns[low].document
    }

    /// Rebuilds change `seq` (1-based) of `actor`.
    func change(seq: UInt64, actor: ActorID) -> Change {
        let index = Int(seq - 1)
        let bodyStart = index == 0 ? 0 : Int(bodyEnds[index - 1])
        let dependencyStart = index == 0 ? 0 : Int(dependencyEnds[index - 1])
        var entries: [ActorID: UInt64] = [actor: seq - 1]
        var offset = dependencyStart
        while offset < Int(dependencyEnds[index]) {
            let actorBytes = dependencies[offset..<(offset + ActorID.byteCount)]
            let seqBytes = dependencies[(offset + ActorID.byteCount)..<(offset + ActorID.byteCount + 8)]
            if let other = ActorID(bytes: actorBytes) {
                entries[other] = seqBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
            offset += ActorID.byteCount + 8
        }
        var body: [UInt8] = []
        body.reserveCapacity(Int(bodyEnds[index]) - bodyStart + DocumentID.byteCount)
        body.append(bodies[bodyStart])
        body.append(contentsOf: document(ofSeq: seq).bytes)
        body.append(contentsOf: bodies[(bodyStart + 1)..<Int(bodyEnds[index])])
        do {
            return try Change(actor: actor, seq: seq, deps: VersionVector(entries), body: body)
        } catch {
            // The bytes were produced by `encodedBody()` of a change that was valid when it was stored.
            preconditionFailure("a stored change no longer decodes: \(error)")
        }
    }
}
