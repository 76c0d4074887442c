/// One element of a list or text, kept after deletion as a tombstone so that concurrent inserts next to
/// it still find their place.
package struct SequenceItem<Element: Sendable>: Sendable {
    /// The element's id (its inserting operation's id plus its offset in that insert).
    package var id: OpID
    /// The element to the left when it was inserted (`nil`: the start of the sequence).
    package var originLeft: OpID?
    /// The element to the right when it was inserted (`nil`: the end of the sequence).
    package var originRight: OpID?
    /// Whether the element has been deleted.
    package var isDeleted: Bool
    /// The element; meaningless once deleted (a snapshot does not keep deleted content).
    package var element: Element
}

/// A contiguous slice of a sequence's items, with the count of those not deleted.
///
/// Chunks bound the cost of inserting into the middle of a long sequence and let a position be found by
/// skipping whole chunks. (The performance issue replaces this with run-length items in a B-tree; the
/// encodings and API do not depend on it.)
package struct SequenceChunk<Element: Sendable>: Sendable {
    package var items: [SequenceItem<Element>]
    package var visibleCount: Int

    package init(items: [SequenceItem<Element>]) {
        self.items = items
        self.visibleCount = items.reduce(0) { $0 + ($1.isDeleted ? 0 : 1) }
    }
}

/// A position in a sequence: before the item at `offset` of chunk `chunk`.
package struct SequenceCursor: Comparable, Sendable {
    package var chunk: Int
    package var offset: Int

    package static func < (lhs: SequenceCursor, rhs: SequenceCursor) -> Bool {
        (lhs.chunk, lhs.offset) < (rhs.chunk, rhs.offset)
    }
}
