/// The state of one list or text container: every element ever inserted, in document order, with
/// deleted ones kept as tombstones.
///
/// The ordering algorithm is YjsMod / FugueMax (see `SequenceState+Integrate.swift`): concurrent inserts
/// at the same place never interleave element by element.
package struct SequenceState<Element: Sendable>: Sendable {
    package internal(set) var chunks: [SequenceChunk<Element>] = []
    /// The number of elements not deleted.
    package internal(set) var visibleCount = 0
    /// The number of elements including tombstones.
    package internal(set) var totalCount = 0
    /// Where the last edit happened: remote edits usually land next to it, so id lookups look here first.
    /// Not part of the state (snapshots and equality ignore it).
    var hint = SequenceCursor(chunk: 0, offset: 0)

    /// Chunks are split in two when they grow beyond this many items.
    static var maxChunkSize: Int { 512 }

    package init() {}

    /// Creates a state from items already in document order (used when loading a snapshot).
    package init(items: [SequenceItem<Element>]) {
        let half = Self.maxChunkSize / 2
        var start = 0
        while start < items.count {
            let end = min(start + half, items.count)
            let chunk = SequenceChunk(items: Array(items[start..<end]))
            chunks.append(chunk)
            visibleCount += chunk.visibleCount
            start = end
        }
        totalCount = items.count
    }

    /// Every item in document order, tombstones included.
    package var allItems: some Sequence<SequenceItem<Element>> {
        chunks.lazy.flatMap(\.items)
    }

    /// The elements not deleted, in order.
    package var visibleElements: [Element] {
        var result: [Element] = []
        result.reserveCapacity(visibleCount)
        for chunk in chunks where chunk.visibleCount > 0 {
            for item in chunk.items where !item.isDeleted {
                result.append(item.element)
            }
        }
        return result
    }

    /// The cursor just past the last item.
    var endCursor: SequenceCursor {
        chunks.isEmpty
            ? SequenceCursor(chunk: 0, offset: 0)
            : SequenceCursor(chunk: chunks.count - 1, offset: chunks[chunks.count - 1].items.count)
    }

    /// The item at `cursor`, or `nil` at the end.
    func item(at cursor: SequenceCursor) -> SequenceItem<Element>? {
        var cursor = cursor
        normalize(&cursor)
        guard cursor.chunk < chunks.count, cursor.offset < chunks[cursor.chunk].items.count else { return nil }
        return chunks[cursor.chunk].items[cursor.offset]
    }

    /// Moves a cursor that points past the end of a chunk to the start of the next non-empty chunk.
    func normalize(_ cursor: inout SequenceCursor) {
        while cursor.chunk < chunks.count - 1 && cursor.offset >= chunks[cursor.chunk].items.count {
            cursor = SequenceCursor(chunk: cursor.chunk + 1, offset: 0)
        }
    }

    /// The cursor after `cursor`'s item.
    func advanced(_ cursor: SequenceCursor) -> SequenceCursor {
        var next = SequenceCursor(chunk: cursor.chunk, offset: cursor.offset + 1)
        normalize(&next)
        return next
    }

    /// Finds the item with `id` by scanning (linear; the performance issue adds an index).
    func locate(_ id: OpID) -> SequenceCursor? {
        for (chunkIndex, chunk) in chunks.enumerated() {
            if let offset = chunk.items.firstIndex(where: { $0.id == id }) {
                return SequenceCursor(chunk: chunkIndex, offset: offset)
            }
        }
        return nil
    }

    /// Finds the item with `id`, looking first at the hint and the items right after it, then in the
    /// hint's chunk and its neighbours, then everywhere. Remote changes replayed from one author's
    /// history hit the first or second guess almost always.
    func locateNearHint(_ id: OpID) -> SequenceCursor? {
        guard hint.chunk < chunks.count, hint.offset < chunks[hint.chunk].items.count else { return locate(id) }
        let items = chunks[hint.chunk].items
        for offset in hint.offset..<min(hint.offset + 2, items.count) where items[offset].id == id {
            return SequenceCursor(chunk: hint.chunk, offset: offset)
        }
        if hint.offset + 2 >= items.count, hint.chunk + 1 < chunks.count, chunks[hint.chunk + 1].items.first?.id == id {
            return SequenceCursor(chunk: hint.chunk + 1, offset: 0)
        }
        for chunkIndex in [hint.chunk, hint.chunk - 1, hint.chunk + 1]
        where chunkIndex >= 0 && chunkIndex < chunks.count {
            if let offset = chunks[chunkIndex].items.firstIndex(where: { $0.id == id }) {
                return SequenceCursor(chunk: chunkIndex, offset: offset)
            }
        }
        return locate(id)
    }

    /// The number of visible items before `cursor`.
    func visibleIndex(of cursor: SequenceCursor) -> Int {
        var index = 0
        for chunkIndex in 0..<min(cursor.chunk, chunks.count) {
            index += chunks[chunkIndex].visibleCount
        }
        if cursor.chunk < chunks.count {
            for item in chunks[cursor.chunk].items.prefix(cursor.offset) where !item.isDeleted {
                index += 1
            }
        }
        return index
    }

    /// The cursor of the visible item at `index` (0-based), which must exist.
    func cursor(ofVisible index: Int) -> SequenceCursor {
        var remaining = index
        for (chunkIndex, chunk) in chunks.enumerated() {
            if remaining >= chunk.visibleCount {
                remaining -= chunk.visibleCount
                continue
            }
            for (offset, item) in chunk.items.enumerated() where !item.isDeleted {
                if remaining == 0 { return SequenceCursor(chunk: chunkIndex, offset: offset) }
                remaining -= 1
            }
        }
        preconditionFailure("visible index \(index) checked against visibleCount \(visibleCount) by callers")
    }

    /// Inserts items at `cursor`, splitting the chunk when it grows too large, and remembers where the
    /// last inserted item ended up (the lookup hint).
    mutating func insert(_ items: [SequenceItem<Element>], at cursor: SequenceCursor) {
        guard !items.isEmpty else { return }
        let added = SequenceChunk(items: items).visibleCount
        visibleCount += added
        totalCount += items.count
        if chunks.isEmpty {
            chunks.append(SequenceChunk(items: []))
        }
        var target = cursor
        if target.chunk >= chunks.count {
            target = endCursor
        }
        chunks[target.chunk].items.insert(contentsOf: items, at: target.offset)
        chunks[target.chunk].visibleCount += added
        let last = target.offset + items.count - 1
        if chunks[target.chunk].items.count > Self.maxChunkSize {
            split(chunkAt: target.chunk)
            let half = Self.maxChunkSize / 2
            hint = SequenceCursor(chunk: target.chunk + last / half, offset: last % half)
        } else {
            hint = SequenceCursor(chunk: target.chunk, offset: last)
        }
    }

    private mutating func split(chunkAt index: Int) {
        let items = chunks[index].items
        let half = Self.maxChunkSize / 2
        var pieces: [SequenceChunk<Element>] = []
        var start = 0
        while start < items.count {
            let end = min(start + half, items.count)
            pieces.append(SequenceChunk(items: Array(items[start..<end])))
            start = end
        }
        chunks.replaceSubrange(index...index, with: pieces)
    }

    /// Marks the item at `cursor` deleted. Returns whether it was visible before.
    mutating func markDeleted(at cursor: SequenceCursor) -> Bool {
        if chunks[cursor.chunk].items[cursor.offset].isDeleted { return false }
        chunks[cursor.chunk].items[cursor.offset].isDeleted = true
        chunks[cursor.chunk].visibleCount -= 1
        visibleCount -= 1
        return true
    }
}
