/// An element id inside one sequence: the counter, and the actor as its index in the sequence's actor
/// table (`SequenceActors`). Twelve bytes instead of forty, compared with two integer compares.
package struct CompactID: Hashable, Sendable {
    package var counter: UInt64
    package var actor: UInt32

    package init(counter: UInt64, actor: UInt32) {
        self.counter = counter
        self.actor = actor
    }
}

/// One element of a list or text as the algorithms see it: its id, its origins and whether it is
/// deleted. Storage keeps elements in runs (`SequenceRun`); this is a view of one element of a run
/// (without its content, which the algorithms never look at).
package struct SequenceItem: Sendable {
    /// The element's id (its inserting operation's id plus its offset in that insert).
    package var id: CompactID
    /// The element to the left when it was inserted (`nil`: the start of the sequence).
    package var originLeft: CompactID?
    /// The element to the right when it was inserted (`nil`: the end of the sequence).
    package var originRight: CompactID?
    /// Whether the element has been deleted.
    package var isDeleted: Bool
}

/// Consecutive elements inserted by one actor with consecutive counters, each the left origin of the
/// next, sharing a right origin and a deleted flag: typing a word makes one run, not one item per
/// character. Runs are split when an edit lands inside them.
///
/// A run holds no elements itself: they sit in its sequence's content buffer
/// (`SequenceState.content`), from `contentStart` on; and it names actors by their index in the
/// sequence's actor table. Runs are plain 56-byte values with no references, so moving, copying and
/// splitting them never retains, releases or allocates.
package struct SequenceRun: Sendable, Equatable {
    /// The first element's counter; element `k` has the counter `counter + k`.
    package var counter: UInt64
    private var leftCounter: UInt64
    private var rightCounter: UInt64
    /// Where the run's elements start in its sequence's content buffer.
    package var contentStart: Int
    /// The number of elements.
    package var count: Int
    /// The inserting actor's index.
    package var actor: UInt32
    /// The origins' actor indices; `noOrigin` when there is none.
    private var leftActor: UInt32
    private var rightActor: UInt32
    package var isDeleted: Bool

    /// The actor index that marks a missing origin (no table grows that large).
    private static let noOrigin = UInt32.max

    package init(
        id: CompactID, originLeft: CompactID?, originRight: CompactID?, isDeleted: Bool, contentStart: Int, count: Int
    ) {
        counter = id.counter
        actor = id.actor
        leftCounter = originLeft?.counter ?? 0
        leftActor = originLeft?.actor ?? Self.noOrigin
        rightCounter = originRight?.counter ?? 0
        rightActor = originRight?.actor ?? Self.noOrigin
        self.isDeleted = isDeleted
        self.contentStart = contentStart
        self.count = count
    }

    /// The first element's id.
    package var id: CompactID { CompactID(counter: counter, actor: actor) }

    /// The first element's left origin (element `k > 0` has element `k - 1` as its left origin).
    package var originLeft: CompactID? {
        get { leftActor == Self.noOrigin ? nil : CompactID(counter: leftCounter, actor: leftActor) }
        set {
            leftCounter = newValue?.counter ?? 0
            leftActor = newValue?.actor ?? Self.noOrigin
        }
    }

    /// The right origin shared by every element.
    package var originRight: CompactID? {
        rightActor == Self.noOrigin ? nil : CompactID(counter: rightCounter, actor: rightActor)
    }

    /// The id of element `offset`.
    package func id(at offset: Int) -> CompactID {
        CompactID(counter: counter + UInt64(offset), actor: actor)
    }

    /// The id of the last element.
    package var lastID: CompactID { id(at: count - 1) }

    /// The offset of `other` in this run, if it is one of its elements.
    package func offset(of other: CompactID) -> Int? {
        // One unsigned compare covers both bounds: a counter below the run's wraps around to a huge
        // distance (id lookups run this on every run of a chunk).
        let distance = other.counter &- counter
        guard distance < UInt64(truncatingIfNeeded: count), other.actor == actor else { return nil }
        return Int(truncatingIfNeeded: distance)
    }

    /// Element `offset` as an item.
    package func item(at offset: Int) -> SequenceItem {
        SequenceItem(
            id: id(at: offset), originLeft: offset == 0 ? originLeft : id(at: offset - 1), originRight: originRight,
            isDeleted: isDeleted)
    }

    /// Splits off the elements from `offset` on into a run of their own.
    mutating func split(at offset: Int) -> SequenceRun {
        var tail = self
        tail.counter = counter + UInt64(offset)
        tail.originLeft = id(at: offset - 1)
        tail.contentStart = contentStart + offset
        tail.count = count - offset
        count = offset
        return tail
    }

    /// Drops the first `dropped` elements (undo of their insert).
    mutating func dropFirst(_ dropped: Int) {
        originLeft = id(at: dropped - 1)
        counter += UInt64(dropped)
        contentStart += dropped
        count -= dropped
    }

    /// Whether `next` continues this run's ids, origins and deleted flag (so that a snapshot writes the
    /// two as one run).
    func continues(into next: SequenceRun) -> Bool {
        next.counter == counter + UInt64(count) && next.actor == actor && next.leftActor == actor
            && next.leftCounter == next.counter - 1 && next.rightCounter == rightCounter
            && next.rightActor == rightActor && next.isDeleted == isDeleted
    }

    /// Whether `next` continues this run and its elements follow this run's in the content buffer (so
    /// the two can be one stored run).
    func canAbsorb(_ next: SequenceRun) -> Bool {
        next.contentStart == contentStart + count && continues(into: next)
    }
}

/// A contiguous slice of a sequence's runs, with the counts of its elements.
///
/// Chunks bound the cost of inserting into the middle of a long sequence and let a position be found by
/// skipping whole chunks.
package struct SequenceChunk: Sendable {
    package var runs: [SequenceRun]
    package var visibleCount: Int
    package var totalCount: Int
    /// Every element id in the chunk has a counter in `lowestCounter...highestCounter` (the bounds may be
    /// wider than needed after an undo): id lookups skip chunks whose bounds exclude the counter.
    private(set) var lowestCounter = UInt64.max
    private(set) var highestCounter: UInt64 = 0
    /// Names the chunk for id hints while its index shifts (see `SequenceState.chunkIndices`).
    var stableID = 0

    package init(runs: [SequenceRun]) {
        self.runs = runs
        visibleCount = runs.reduce(0) { $0 + ($1.isDeleted ? 0 : $1.count) }
        totalCount = runs.reduce(0) { $0 + $1.count }
        for run in runs { widenCounters(for: run) }
    }

    /// Whether an element with this counter may be in the chunk.
    func mayContain(counter: UInt64) -> Bool { counter >= lowestCounter && counter <= highestCounter }

    /// Extends the counter bounds to cover `run`'s ids.
    mutating func widenCounters(for run: SequenceRun) {
        guard run.count > 0 else { return }
        lowestCounter = min(lowestCounter, run.id.counter)
        highestCounter = max(highestCounter, run.id.counter + UInt64(run.count - 1))
    }
}

/// A position in a sequence: element `offset` of run `run` of chunk `chunk`.
package struct SequenceCursor: Comparable, Sendable {
    package var chunk: Int
    package var run: Int
    package var offset: Int

    package static func < (lhs: SequenceCursor, rhs: SequenceCursor) -> Bool {
        (lhs.chunk, lhs.run, lhs.offset) < (rhs.chunk, rhs.run, rhs.offset)
    }
}
