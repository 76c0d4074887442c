/// For each actor, the highest sequence number seen: "every change of this actor up to seq".
///
/// Actors with no changes are absent (their entry reads as 0). A version vector describes a causally
/// closed set of changes: a change log's applied changes, or a change's dependencies.
///
/// ```swift
/// var vector = VersionVector()
/// vector[alice] = 3
/// vector.includes(actor: alice, seq: 2)  // true
/// ```
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    private var storage: [ActorID: UInt64]

    /// An empty vector.
    public init() {
        storage = [:]
    }

    /// A vector with the given entries; zero entries are dropped.
    public init(_ entries: [ActorID: UInt64]) {
        storage = entries.filter { $0.value > 0 }
    }

    /// The highest sequence number of `actor`, or 0.
    public subscript(actor: ActorID) -> UInt64 {
        get { storage[actor] ?? 0 }
        set { storage[actor] = newValue == 0 ? nil : newValue }
    }

    /// The entries in ascending actor order (the canonical order used by encodings).
    public var entries: [(actor: ActorID, seq: UInt64)] {
        storage.sorted { $0.key < $1.key }.map { (actor: $0.key, seq: $0.value) }
    }

    /// Calls `body` with every entry, in no particular order (cheaper than ``entries``, which sorts).
    func forEachEntry<Failure: Error>(_ body: (ActorID, UInt64) throws(Failure) -> Void) throws(Failure) {
        for (actor, seq) in storage { try body(actor, seq) }
    }

    /// The number of actors with at least one change.
    public var count: Int { storage.count }

    /// Whether no actor has a change.
    public var isEmpty: Bool { storage.isEmpty }

    /// The actors with at least one change, in no particular order.
    public var actors: Dictionary<ActorID, UInt64>.Keys { storage.keys }

    /// Whether the change `(actor, seq)` is covered.
    public func includes(actor: ActorID, seq: UInt64) -> Bool { self[actor] >= seq }

    /// Whether every change covered by `other` is covered by this vector.
    public func includes(_ other: VersionVector) -> Bool {
        other.storage.allSatisfy { self[$0.key] >= $0.value }
    }

    /// Raises each entry to the larger of the two vectors' entries.
    public mutating func formUnion(_ other: VersionVector) {
        for (actor, seq) in other.storage where seq > self[actor] {
            storage[actor] = seq
        }
    }

    public var description: String {
        "[" + entries.map { "\($0.actor): \($0.seq)" }.joined(separator: ", ") + "]"
    }
}
