public import PlaceCRDT
public import PlaceWire

/// One membership entry as the rules see it: its author, its place in the space's log (seq and the
/// version vector it was written on) and what it does.
public struct MembershipEntry: Hashable, Sendable {
    /// Names an entry: `(author, seq)`.
    public struct Key: Hashable, Sendable, Comparable {
        /// The author.
        public var author: ActorID
        /// The author's seq in the space.
        public var seq: UInt64

        /// Names entry `seq` of `author`.
        public init(author: ActorID, seq: UInt64) {
            self.author = author
            self.seq = seq
        }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.author, lhs.seq) < (rhs.author, rhs.seq) }
    }

    /// The author (the envelope's signer).
    public var author: ActorID
    /// The author's seq in the space (counted across all envelope kinds).
    public var seq: UInt64
    /// The envelope's dependencies: what its author had seen.
    public var deps: VersionVector
    /// What it does.
    public var operation: MembershipOperation
    /// For an entry that starts an epoch: the commitment to the epoch's key its author made (32 bytes;
    /// `nil` in a version 1 body).
    public var keyCommitment: [UInt8]?

    /// Creates an entry.
    public init(
        author: ActorID, seq: UInt64, deps: VersionVector, operation: MembershipOperation,
        keyCommitment: [UInt8]? = nil
    ) {
        self.author = author
        self.seq = seq
        self.deps = deps
        self.operation = operation
        self.keyCommitment = keyCommitment
    }

    /// Creates an entry from a decoded body.
    public init(author: ActorID, seq: UInt64, deps: VersionVector, body: MembershipBody) {
        self.init(author: author, seq: seq, deps: deps, operation: body.operation, keyCommitment: body.keyCommitment)
    }

    /// The entry's key.
    public var key: Key { Key(author: author, seq: seq) }

    /// Whether `other` is in this entry's causal past.
    public func follows(_ other: MembershipEntry) -> Bool { deps[other.author] >= other.seq }

    /// The position in the deterministic order (Protocol/MEMBERSHIP.md §3): the sum of the dependency
    /// vector, then author, then seq. With honest (closed) vectors an entry's sum exceeds every entry of
    /// its causal past, so the order extends the causal order.
    var orderKey: (UInt64, ActorID, UInt64) {
        var sum: UInt64 = 0
        deps.forEachEntry { _, seq in sum &+= seq }
        return (sum, author, seq)
    }
}
