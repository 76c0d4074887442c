/// The unit of causality and sync: one local transaction on one document.
///
/// A change is `(actor, seq, lamportStart, deps, document, operations)`. `seq` counts the actor's
/// changes across every document of the log (in PlaceSync: of the space), starting at 1; `deps` is the
/// version vector the actor had applied when it made the change, which always includes its own
/// `seq - 1`. `lamportStart` must be 1 + the largest Lamport counter of the changes in `deps` — checked
/// when the change is applied — so no actor can jump the clock and win every conflict.
/// `(actor, seq)` is exactly the envelope's `(author, seq)` in PlaceSync.
public struct Change: Hashable, Sendable, CustomStringConvertible {
    /// Identifies a change within a log.
    public struct ID: Hashable, Comparable, Sendable, CustomStringConvertible {
        /// The author.
        public var actor: ActorID
        /// The author's sequence number, from 1.
        public var seq: UInt64

        /// Creates a change id.
        public init(actor: ActorID, seq: UInt64) {
            self.actor = actor
            self.seq = seq
        }

        public static func < (lhs: ID, rhs: ID) -> Bool { (lhs.actor, lhs.seq) < (rhs.actor, rhs.seq) }

        public var description: String { "\(actor)#\(seq)" }
    }

    /// The author.
    public let actor: ActorID
    /// The author's sequence number in this log, from 1.
    public let seq: UInt64
    /// The counter of the first operation; later operations follow on (see ``Operation/width``).
    public let lamportStart: UInt64
    /// The changes this one was made on top of.
    public private(set) var deps: VersionVector
    /// The document the operations edit.
    public let document: DocumentID
    /// The operations, at least one.
    public let operations: [Operation]
    /// The counter of the last element of the last operation.
    public let lamportEnd: UInt64
    /// The body bytes this change was decoded from, kept so that storing or relaying it needs no
    /// re-encoding (and relays forward exactly what the author wrote). Not part of equality.
    package private(set) var receivedBody: [UInt8]?

    /// Creates a change, checking the header's own consistency.
    ///
    /// - Throws: ``CRDTError/Code/invalidChange`` when `seq` is 0, `deps` does not name exactly
    ///   `seq - 1` for the actor itself, there are no operations, or a counter would overflow.
    public init(
        actor: ActorID, seq: UInt64, lamportStart: UInt64, deps: VersionVector, document: DocumentID,
        operations: [Operation]
    ) throws(CRDTError) {
        guard seq >= 1 else { throw CRDTError(.invalidChange, "sequence numbers start at 1, got 0") }
        guard actor != .zero else { throw CRDTError(.invalidChange, "the all-zero actor id is reserved") }
        guard deps[actor] == seq - 1 else {
            throw CRDTError(
                .invalidChange,
                "change \(actor)#\(seq) must depend on exactly its author's previous change #\(seq - 1), "
                    + "but its deps name #\(deps[actor])")
        }
        guard !operations.isEmpty else { throw CRDTError(.invalidChange, "a change must contain an operation") }
        guard lamportStart >= 1, lamportStart <= Change.maxLamport else {
            throw CRDTError(.invalidChange, "Lamport start \(lamportStart) is outside 1...\(Change.maxLamport)")
        }
        var width: UInt64 = 0
        // Read in place: `for operation in operations` copied (and then destroyed) each operation.
        try operations.withUnsafeBufferPointer { operations throws(CRDTError) in
            for index in operations.indices {
                let opWidth = operations[index].width
                guard opWidth >= 1 else {
                    throw CRDTError(.invalidChange, "an insert must insert at least one element")
                }
                width += opWidth
                guard width <= Change.maxLamport - lamportStart + 1 else {
                    throw CRDTError(.invalidChange, "the change's Lamport counters overflow \(Change.maxLamport)")
                }
            }
        }
        self.actor = actor
        self.seq = seq
        self.lamportStart = lamportStart
        self.deps = deps
        self.document = document
        self.operations = operations
        self.lamportEnd = lamportStart + width - 1
    }

    /// The largest Lamport counter a change may use (2^53, far beyond any real history, and small
    /// enough that counters never overflow in arithmetic).
    public static let maxLamport: UInt64 = 1 << 53

    /// The change's id.
    public var id: ID { ID(actor: actor, seq: seq) }

    /// The same change with its whole dependencies, resolved by a log from the heads encoding 3 named
    /// (`deps` covers the heads and names the author's previous change, as the log checked).
    func resolving(deps resolved: VersionVector) -> Change {
        var copy = self
        copy.deps = resolved
        return copy
    }

    /// Remembers the bytes the change was decoded from.
    package mutating func keepReceivedBody(_ body: [UInt8]) {
        receivedBody = body
    }

    public static func == (lhs: Change, rhs: Change) -> Bool {
        lhs.actor == rhs.actor && lhs.seq == rhs.seq && lhs.lamportStart == rhs.lamportStart && lhs.deps == rhs.deps
            && lhs.document == rhs.document && lhs.operations == rhs.operations
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(actor)
        hasher.combine(seq)
        hasher.combine(lamportStart)
        hasher.combine(document)
        hasher.combine(operations)
    }

    public var description: String {
        "Change(\(id), lamport \(lamportStart)...\(lamportEnd), \(operations.count) op(s), doc \(document))"
    }
}
