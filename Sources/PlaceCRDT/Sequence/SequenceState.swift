/// The state of one list or text container: every element ever inserted, in document order, with
/// deleted ones kept as tombstones, stored as runs (`SequenceRun`) in chunks.
///
/// The ordering algorithm is YjsMod / FugueMax (see `SequenceState+Integrate.swift`): concurrent inserts
/// at the same place never interleave element by element.
package struct SequenceState<Element: Sendable>: Sendable {
    package internal(set) var chunks: [SequenceChunk] = [] {
        // Every change to the runs or their counts (in place: a `didSet` that does not read the old
        // value does not copy).
        didSet { structureVersion &+= 1 }
    }
    /// Counts changes to `chunks`: an `indexHint` is valid only while this is unchanged.
    var structureVersion = 0
    /// The visible index of an element an edit just placed or deleted, for `visibleIndex(of:)` to count
    /// from (the next edit is usually near): valid only while `structureVersion` is `version`. Not part
    /// of the state.
    var indexHint: (cursor: SequenceCursor, visibleBefore: Int, version: Int) = (
        SequenceCursor(chunk: -1, run: 0, offset: 0), 0, -1
    )
    /// Every element ever inserted, in the order they arrived (not document order): runs name theirs
    /// by position here (`SequenceRun.contentStart`). Only appended to, so splitting and merging runs
    /// never moves an element; a deleted element's slot is kept (an undo may bring it back).
    package internal(set) var content: [Element] = []
    /// The actors the runs name by index.
    package internal(set) var actors = SequenceActors()
    /// The number of elements not deleted.
    package internal(set) var visibleCount = 0
    /// The number of elements including tombstones.
    package internal(set) var totalCount = 0
    /// Where the last edit happened: remote edits usually land next to it, so id lookups look here first.
    /// Not part of the state (snapshots and equality ignore it).
    var hint = SequenceCursor(chunk: 0, run: 0, offset: 0)
    /// Where the hint was before a lookup last had to look elsewhere: edits that alternate between two
    /// places (two writers, or one writer moving text from one place to another) find both nearby.
    /// Not part of the state.
    var previousHint = SequenceCursor(chunk: 0, run: 0, offset: 0)
    /// For each stretch of 64 counters of one actor, the chunk (by stable id) where an element of it was
    /// last placed or found: where an id lookup that misses the hint looks next. Only a guess (a miss
    /// falls back to scanning), so it may be stale; not part of the state.
    var chunkHints = ChunkHintTable()
    /// The last (chunk, actor, bucket) noted in `chunkHints`: noting it again would change nothing, so
    /// it is skipped (an insert next to the last one usually would). Not part of the state.
    private var lastNote: (stableID: Int, actor: UInt32, bucket: UInt64) = (-1, 0, 0)
    /// The current index of each chunk by stable id (-1 once removed).
    var chunkIndices: [Int] = []
    /// The chunks' visible counts, for positions in O(log chunks).
    var visibleTree = ChunkCountTree()

    /// Chunks are split in two when they hold more runs than this.
    static var maxRunsPerChunk: Int { 64 }

    package init() {}

    /// Creates a state from runs already in document order whose elements are in `content` (used
    /// when loading a snapshot).
    package init(runs: [SequenceRun], content: [Element], actors: SequenceActors) {
        self.content = content
        self.actors = actors
        let half = Self.maxRunsPerChunk / 2
        var start = 0
        while start < runs.count {
            let end = min(start + half, runs.count)
            let chunk = makeChunk(runs: Array(runs[start..<end]), at: chunks.count)
            chunks.append(chunk)
            visibleCount += chunk.visibleCount
            totalCount += chunk.totalCount
            start = end
        }
        rebuildVisibleTree()
    }

    /// Every run in document order.
    package var allRuns: some Sequence<SequenceRun> { chunks.lazy.flatMap(\.runs) }

    /// The elements of `run`, one of this state's runs.
    package func elements(of run: SequenceRun) -> ArraySlice<Element> {
        content[run.contentStart..<(run.contentStart + run.count)]
    }

    /// Appends `elements` to the content buffer; returns where they start.
    mutating func appendContent(_ elements: [Element]) -> Int {
        let start = content.count
        content.append(contentsOf: elements)
        return start
    }

    // MARK: Cursors

    /// The cursor just past the last element.
    var endCursor: SequenceCursor {
        chunks.isEmpty
            ? SequenceCursor(chunk: 0, run: 0, offset: 0)
            : SequenceCursor(chunk: chunks.count - 1, run: chunks[chunks.count - 1].runs.count, offset: 0)
    }

    /// Moves a cursor past the end of a run or chunk to the next element (or to the end).
    @inline(__always)
    func normalize(_ cursor: inout SequenceCursor) {
        Self.normalize(&cursor, in: chunks)
    }

    /// ``normalize(_:)`` over `chunks`: for helpers that take the chunks alone, so that a mutating
    /// caller does not copy the whole state to call them.
    static func normalize(_ cursor: inout SequenceCursor, in chunks: [SequenceChunk]) {
        while cursor.chunk < chunks.count {
            let runCount = chunks[cursor.chunk].runs.count
            if cursor.run < runCount && cursor.offset >= chunks[cursor.chunk].runs[cursor.run].count {
                cursor = SequenceCursor(chunk: cursor.chunk, run: cursor.run + 1, offset: 0)
            } else if cursor.run >= runCount && cursor.chunk < chunks.count - 1 {
                cursor = SequenceCursor(chunk: cursor.chunk + 1, run: 0, offset: 0)
            } else {
                return
            }
        }
    }

    /// The element at `cursor`, or `nil` at the end.
    func item(at cursor: SequenceCursor) -> SequenceItem? {
        var cursor = cursor
        normalize(&cursor)
        guard cursor.chunk < chunks.count, cursor.run < chunks[cursor.chunk].runs.count else { return nil }
        let run = chunks[cursor.chunk].runs[cursor.run]
        return cursor.offset < run.count ? run.item(at: cursor.offset) : nil
    }

    /// The id of the element at `cursor`, or `nil` at the end (``item(at:)`` without building the rest
    /// of the item).
    func id(at cursor: SequenceCursor) -> CompactID? {
        var cursor = cursor
        normalize(&cursor)
        guard cursor.chunk < chunks.count, cursor.run < chunks[cursor.chunk].runs.count else { return nil }
        return chunks[cursor.chunk].runs.withUnsafeBufferPointer { runs in
            cursor.offset < runs[cursor.run].count ? runs[cursor.run].id(at: cursor.offset) : nil
        }
    }

    /// The cursor after `cursor`'s element.
    @inline(__always)
    func advanced(_ cursor: SequenceCursor) -> SequenceCursor {
        var next = SequenceCursor(chunk: cursor.chunk, run: cursor.run, offset: cursor.offset + 1)
        normalize(&next)
        return next
    }

    // MARK: Chunk identity

    /// A chunk for `runs` that will sit at `index`, with a new stable id.
    mutating func makeChunk(runs: [SequenceRun], at index: Int) -> SequenceChunk {
        var chunk = SequenceChunk(runs: runs)
        chunk.stableID = chunkIndices.count
        chunkIndices.append(index)
        return chunk
    }

    /// Recomputes the visible-count tree after chunks were inserted or removed (from chunk `first` on).
    mutating func rebuildVisibleTree(from first: Int = 0) {
        visibleTree.rebuild(from: first, count: chunks.count) { chunks[$0].visibleCount }
    }

    /// Records the indices of the chunks from `index` on, after chunks were inserted or removed before them.
    mutating func renumberChunks(from index: Int) {
        for chunkIndex in index..<chunks.count {
            chunkIndices[chunks[chunkIndex].stableID] = chunkIndex
        }
    }

    /// Remembers that an element of `bucket` was found at `found` (by scanning every chunk).
    mutating func noteFound(_ found: SequenceCursor, bucket: CounterBucket) {
        chunkHints.note(chunks[found.chunk].stableID, for: bucket)
        lastNote = (-1, 0, 0)
    }

    /// Remembers that `run`'s elements are in chunk `index`.
    mutating func noteChunk(_ index: Int, holds run: SequenceRun) {
        guard run.count > 0 else { return }
        let stableID = chunks[index].stableID
        let first = run.id.counter / CounterBucket.width
        let last = (run.id.counter + UInt64(run.count - 1)) / CounterBucket.width
        for bucket in first...last
        where lastNote.stableID != stableID || lastNote.actor != run.actor || lastNote.bucket != bucket {
            chunkHints.note(stableID, for: CounterBucket(actor: run.actor, bucket: bucket))
            lastNote = (stableID, run.actor, bucket)
        }
    }

    // MARK: Structural edits

    /// Makes element `cursor.offset` the start of its own run (no-op at offset 0). Returns the cursor of
    /// that element afterwards.
    @discardableResult
    mutating func splitRun(at cursor: SequenceCursor) -> SequenceCursor {
        guard cursor.offset > 0 else { return cursor }
        let tail = chunks[cursor.chunk].runs[cursor.run].split(at: cursor.offset)
        chunks[cursor.chunk].runs.insert(tail, at: cursor.run + 1)
        return SequenceCursor(chunk: cursor.chunk, run: cursor.run + 1, offset: 0)
    }

    /// Inserts `run` at `cursor` (before the element there), extending the run before it when `run`
    /// continues it — what typing does. Remembers the last inserted element as the hint.
    mutating func insert(_ run: SequenceRun, at cursor: SequenceCursor) {
        guard run.count > 0 else { return }
        let added = run.isDeleted ? 0 : run.count
        visibleCount += added
        totalCount += run.count
        if chunks.isEmpty {
            chunks.append(makeChunk(runs: [], at: 0))
            rebuildVisibleTree()
        }
        var target = cursor
        if target.chunk >= chunks.count { target = endCursor }
        if target.offset > 0 {
            if target.run < chunks[target.chunk].runs.count
                && target.offset < chunks[target.chunk].runs[target.run].count
            {
                // Inside a run: it is split around the new one in one shift of the runs after it
                // (splitting, then inserting, shifted them twice). The head ends before ids that
                // already exist (the tail's), so it never absorbs the new run.
                let (chunk, index) = (target.chunk, target.run)
                let tail = chunks[chunk].runs[index].split(at: target.offset)
                chunks[chunk].runs.insert(contentsOf: repeatElement(run, count: 2), at: index + 1)
                chunks[chunk].runs[index + 2] = tail
                finishInsert(run, added: added, inChunk: chunk, at: index + 1)
                return
            } else {
                target = SequenceCursor(chunk: target.chunk, run: target.run + 1, offset: 0)
            }
        }
        // Extend the previous run (in this chunk, or the last run of the previous chunk) when possible.
        var previous: (chunk: Int, run: Int)?
        if target.run > 0 {
            previous = (target.chunk, target.run - 1)
        } else if target.chunk > 0, !chunks[target.chunk - 1].runs.isEmpty {
            previous = (target.chunk - 1, chunks[target.chunk - 1].runs.count - 1)
        }
        if let previous, chunks[previous.chunk].runs[previous.run].canAbsorb(run) {
            chunks[previous.chunk].runs[previous.run].count += run.count
            chunks[previous.chunk].widenCounters(for: run)
            // The run's earlier elements already noted their bucket here: note only new buckets.
            let lastBucket = (run.id.counter + UInt64(run.count - 1)) / CounterBucket.width
            if lastBucket != (run.id.counter - 1) / CounterBucket.width {
                noteChunk(previous.chunk, holds: run)
            }
            chunks[previous.chunk].visibleCount += added
            visibleTree.add(added, at: previous.chunk)
            chunks[previous.chunk].totalCount += run.count
            hint = SequenceCursor(
                chunk: previous.chunk, run: previous.run, offset: chunks[previous.chunk].runs[previous.run].count - 1)
            return
        }
        chunks[target.chunk].runs.insert(run, at: target.run)
        finishInsert(run, added: added, inChunk: target.chunk, at: target.run)
    }

    /// The bookkeeping after `run` (with `added` visible elements) was inserted as run `index` of chunk
    /// `chunk`: counter bounds, hints, counts, and a split of the chunk if it grew too long.
    private mutating func finishInsert(_ run: SequenceRun, added: Int, inChunk chunk: Int, at index: Int) {
        chunks[chunk].widenCounters(for: run)
        noteChunk(chunk, holds: run)
        chunks[chunk].visibleCount += added
        visibleTree.add(added, at: chunk)
        chunks[chunk].totalCount += run.count
        hint = SequenceCursor(chunk: chunk, run: index, offset: run.count - 1)
        splitChunkIfNeeded(chunk)
    }

    /// Splits a chunk that holds too many runs, keeping the hint pointing at the same element. Returns
    /// whether it did (cursors other than the hints are then stale).
    @discardableResult
    mutating func splitChunkIfNeeded(_ index: Int) -> Bool {
        guard chunks[index].runs.count > Self.maxRunsPerChunk else { return false }
        let half = chunks[index].runs.count / 2
        let tail = makeChunk(runs: Array(chunks[index].runs[half...]), at: index + 1)
        // The head keeps its storage and its counter bounds (which may be wider than needed).
        chunks[index].runs.removeSubrange(half...)
        chunks[index].visibleCount -= tail.visibleCount
        chunks[index].totalCount -= tail.totalCount
        chunks.insert(tail, at: index + 1)
        renumberChunks(from: index + 1)
        rebuildVisibleTree(from: index)
        // The tail's runs were noted under the head's chunk: note them under the tail's, or later splits
        // carry them out of reach of the hint and lookups scan every chunk.
        // A run whose buckets the run before it just noted here would change nothing: skipped.
        var lastNoted: (actor: UInt32, bucket: UInt64)?
        for run in chunks[index + 1].runs where run.count > 0 {
            let first = run.counter / CounterBucket.width
            let last = (run.counter + UInt64(run.count - 1)) / CounterBucket.width
            if let noted = lastNoted, noted.actor == run.actor, noted.bucket == first, first == last { continue }
            noteChunk(index + 1, holds: run)
            lastNoted = (run.actor, last)
        }
        Self.follow(&hint, splitOf: index, at: half)
        Self.follow(&previousHint, splitOf: index, at: half)
        return true
    }

    /// Moves `cursor` with its element when chunk `index` is split at run `half`.
    private static func follow(_ cursor: inout SequenceCursor, splitOf index: Int, at half: Int) {
        if cursor.chunk == index && cursor.run >= half {
            cursor.chunk += 1
            cursor.run -= half
        } else if cursor.chunk > index {
            cursor.chunk += 1
        }
    }

    /// Marks up to `count` elements deleted, starting at `cursor`, within that element's run. Returns
    /// how many were visible before, the cursor of the first of them afterwards, and the cursor of the
    /// first element after them.
    ///
    /// The deleted elements are merged back into a deleted neighbour run they continue (what they were
    /// split from), so backspacing or deleting forward over a word leaves one tombstone run, not one per
    /// keystroke. The chunk's runs are rewritten in one step: in place when their number does not
    /// change (a whole run deleted, or its first or last elements joining a tombstone run beside it),
    /// else with one shift of the runs after them (splitting and merging one at a time shifted them up
    /// to four times).
    mutating func markDeleted(
        at cursor: SequenceCursor, count: Int
    ) -> (deleted: Int, start: SequenceCursor, next: SequenceCursor) {
        let (chunk, runIndex, offset) = (cursor.chunk, cursor.run, cursor.offset)
        // Runs are plain values with no references: copies of them are cheap.
        let run = chunks[chunk].runs[runIndex]
        let take = min(count, run.count - offset)
        if run.isDeleted {
            return (0, cursor, advancedBy(cursor, take))
        }
        chunks[chunk].visibleCount -= take
        visibleTree.add(-take, at: chunk)
        visibleCount -= take

        // A whole run (a selection's inner pieces) beside no tombstone run it continues: only its flag.
        if offset == 0 && take == run.count {
            var deleted = run
            deleted.isDeleted = true
            let joins =
                (runIndex > 0 && chunks[chunk].runs[runIndex - 1].canAbsorb(deleted))
                || (runIndex + 1 < chunks[chunk].runs.count && deleted.canAbsorb(chunks[chunk].runs[runIndex + 1]))
            if !joins {
                chunks[chunk].runs[runIndex].isDeleted = true
                return (take, cursor, advancedBy(cursor, take))
            }
        }

        // The run becomes head (visible, before the cursor), deleted, tail (visible, after them).
        var head = run
        var deleted = offset > 0 ? head.split(at: offset) : run
        let tail = take < deleted.count ? deleted.split(at: take) : nil
        deleted.isDeleted = true
        let runCount = chunks[chunk].runs.count
        // A tombstone run the deleted elements continue, or that continues them.
        let joinsPrevious =
            offset == 0 && runIndex > 0 && chunks[chunk].runs[runIndex - 1].canAbsorb(deleted)
        var merged = joinsPrevious ? chunks[chunk].runs[runIndex - 1] : deleted
        let startOffset = joinsPrevious ? merged.count : 0
        if joinsPrevious { merged.count += take }
        let joinsNext =
            tail == nil && runIndex + 1 < runCount && merged.canAbsorb(chunks[chunk].runs[runIndex + 1])
        if joinsNext { merged.count += chunks[chunk].runs[runIndex + 1].count }

        // Runs first...last become [head] merged [tail]: the difference in number inserted or removed
        // (one shift of the runs after them), then all of them written in place.
        let first = joinsPrevious ? runIndex - 1 : runIndex
        let replacing = (joinsNext ? runIndex + 1 : runIndex) - first + 1
        let replacement = (offset > 0 ? 1 : 0) + 1 + (tail == nil ? 0 : 1)
        if replacement > replacing {
            chunks[chunk].runs.insert(
                contentsOf: repeatElement(merged, count: replacement - replacing), at: first + replacing)
        } else if replacement < replacing {
            chunks[chunk].runs.removeSubrange((first + replacement)..<(first + replacing))
        }
        chunks[chunk].runs.withUnsafeMutableBufferPointer { runs in
            var position = first
            if offset > 0 {
                runs[position] = head
                position += 1
            }
            runs[position] = merged
            if let tail { runs[position + 1] = tail }
        }
        let startRun = offset > 0 ? runIndex + 1 : first
        let start = SequenceCursor(chunk: chunk, run: startRun, offset: startOffset)
        return (take, start, advancedBy(start, take))
    }

    /// The cursor `steps` elements after `cursor`, all within `cursor`'s run or just past it.
    @inline(__always)
    func advancedBy(_ cursor: SequenceCursor, _ steps: Int) -> SequenceCursor {
        var next = SequenceCursor(chunk: cursor.chunk, run: cursor.run, offset: cursor.offset + steps)
        normalize(&next)
        return next
    }
}
