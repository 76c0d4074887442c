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
///
/// Stored as entries sorted by actor: a change's dependencies name one to a few actors, so a lookup is
/// a short scan (a binary search in large vectors) with no hashing, two vectors compare entry by entry,
/// and the canonical order that encodings use is the storage order.
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    private struct Entry: Hashable, Sendable {
        var actor: ActorID
        var seq: UInt64
    }

    /// Sorted by actor, no zero seqs.
    private var storage: [Entry]

    /// An empty vector.
    public init() {
        storage = []
    }

    /// An empty vector with room for `capacity` entries (for ``appendInOrder(_:_:)``).
    init(capacity: Int) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Adds the entry of an actor that sorts after every actor already in the vector; a zero `seq` is
    /// dropped. For decoders that read entries in canonical order (no dictionary to build and sort).
    mutating func appendInOrder(_ actor: ActorID, _ seq: UInt64) {
        precondition(storage.last.map { $0.actor < actor } ?? true, "entries appended out of order")
        guard seq > 0 else { return }
        storage.append(Entry(actor: actor, seq: seq))
    }

    /// A vector with the given entries; zero entries are dropped.
    public init(_ entries: [ActorID: UInt64]) {
        storage = entries.filter { $0.value > 0 }.map { Entry(actor: $0.key, seq: $0.value) }.sorted {
            $0.actor < $1.actor
        }
    }

    /// Where `actor`'s entry is, or where it would be inserted.
    private func position(of actor: ActorID) -> (index: Int, found: Bool) {
        if storage.count <= 8 {
            for index in storage.indices {
                if storage[index].actor == actor { return (index, true) }
                if actor < storage[index].actor { return (index, false) }
            }
            return (storage.count, false)
        }
        var low = 0
        var high = storage.count
        while low < high {
            let middle = (low + high) / 2
            if storage[middle].actor < actor { low = middle + 1 } else { high = middle }
        }
        return (low, low < storage.count && storage[low].actor == actor)
    }

    /// The highest sequence number of `actor`, or 0.
    public subscript(actor: ActorID) -> UInt64 {
        get {
            let (index, found) = position(of: actor)
            return found ? storage[index].seq : 0
        }
        set {
            let (index, found) = position(of: actor)
            switch (found, newValue) {
            case (true, 0): storage.remove(at: index)
            case (true, _): storage[index].seq = newValue
            case (false, 0): break
            case (false, _): storage.insert(Entry(actor: actor, seq: newValue), at: index)
            }
        }
    }

    /// The entries in ascending actor order (the canonical order used by encodings).
    /// Calls `body` with each (actor, seq), in actor order, without building an array.
    public func forEachEntry(_ body: (ActorID, UInt64) throws -> Void) rethrows {
        for index in 0..<count { try body(actor(at: index), seq(at: index)) }
    }

    /// The actor of entry `index` (in actor order).
    public func actor(at index: Int) -> ActorID { storage[index].actor }
    /// The seq of entry `index` (in actor order).
    public func seq(at index: Int) -> UInt64 { storage[index].seq }

    public var entries: [(actor: ActorID, seq: UInt64)] {
        storage.map { (actor: $0.actor, seq: $0.seq) }
    }

    /// Calls `body` with every entry, in ascending actor order.
    func forEachEntry<Failure: Error>(_ body: (ActorID, UInt64) throws(Failure) -> Void) throws(Failure) {
        for entry in storage { try body(entry.actor, entry.seq) }
    }

    /// The number of actors with at least one change.
    public var count: Int { storage.count }

    /// Whether no actor has a change.
    public var isEmpty: Bool { storage.isEmpty }

    /// The actors with at least one change, in ascending order.
    public var actors: [ActorID] { storage.map(\.actor) }

    /// Whether the change `(actor, seq)` is covered.
    public func includes(actor: ActorID, seq: UInt64) -> Bool { self[actor] >= seq }

    /// Whether every change covered by `other` is covered by this vector.
    public func includes(_ other: VersionVector) -> Bool {
        other.storage.allSatisfy { self[$0.actor] >= $0.seq }
    }

    /// Whether the two vectors agree on every actor except `actor` (whose entries may differ).
    func equalsIgnoring(_ actor: ActorID, _ other: VersionVector) -> Bool {
        // Runs for every received keystroke: read both in place, without retaining or bounds checks.
        storage.withUnsafeBufferPointer { lhs in
            other.storage.withUnsafeBufferPointer { rhs in
                var (left, right) = (0, 0)
                while true {
                    if left < lhs.count && lhs[left].actor == actor { left += 1 }
                    if right < rhs.count && rhs[right].actor == actor { right += 1 }
                    guard left < lhs.count, right < rhs.count else {
                        return left == lhs.count && right == rhs.count
                    }
                    guard lhs[left].seq == rhs[right].seq, lhs[left].actor == rhs[right].actor else { return false }
                    left += 1
                    right += 1
                }
            }
        }
    }

    /// Raises each entry to the larger of the two vectors' entries.
    public mutating func formUnion(_ other: VersionVector) {
        for entry in other.storage where entry.seq > self[entry.actor] {
            self[entry.actor] = entry.seq
        }
    }

    /// Lowers each entry to the smaller of the two vectors' entries (an actor absent from either is
    /// dropped): what both cover.
    public mutating func formIntersection(_ other: VersionVector) {
        storage = storage.compactMap { entry in
            let seq = min(entry.seq, other[entry.actor])
            return seq > 0 ? Entry(actor: entry.actor, seq: seq) : nil
        }
    }

    public var description: String {
        "[" + entries.map { "\($0.actor): \($0.seq)" }.joined(separator: ", ") + "]"
    }
}
