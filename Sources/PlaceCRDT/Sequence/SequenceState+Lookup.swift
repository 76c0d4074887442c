/// Finding an element by its id: near where the last edits happened first (remote changes mostly land
/// there), then where its counter bucket was last seen, then everywhere.
extension SequenceState {
    /// Finds the element with `id` by scanning the runs.
    func locate(_ id: CompactID) -> SequenceCursor? {
        for chunkIndex in chunks.indices {
            if let found = locate(id, inChunk: chunkIndex) { return found }
        }
        return nil
    }

    private func locate(_ id: CompactID, inChunk chunkIndex: Int) -> SequenceCursor? {
        guard chunks[chunkIndex].mayContain(counter: id.counter) else { return nil }
        return chunks[chunkIndex].runs.withUnsafeBufferPointer { runs in
            for runIndex in runs.indices {
                if let offset = runs[runIndex].offset(of: id) {
                    return SequenceCursor(chunk: chunkIndex, run: runIndex, offset: offset)
                }
            }
            return nil
        }
    }

    /// Finds the element with `id` in `cursor`'s run or the run either side of it (backspacing, typing
    /// on, stepping over a split or a tombstone). The cursor is a hint and may be stale: runs may have
    /// been removed since it was taken (merged tombstones, an undone insert), so it may point past the
    /// end of the runs.
    @inline(__always)
    private func locate(_ id: CompactID, near cursor: SequenceCursor) -> SequenceCursor? {
        guard cursor.chunk < chunks.count else { return nil }
        return chunks[cursor.chunk].runs.withUnsafeBufferPointer { runs in
            let (lower, upper) = (max(cursor.run - 1, 0), min(cursor.run + 2, runs.count))
            guard lower < upper else { return nil }
            for runIndex in lower..<upper {
                if let offset = runs[runIndex].offset(of: id) {
                    return SequenceCursor(chunk: cursor.chunk, run: runIndex, offset: offset)
                }
            }
            return nil
        }
    }

    /// Finds the element with `id` in chunk `guess` or else one of its two neighbours.
    private func locate(_ id: CompactID, around guess: Int) -> SequenceCursor? {
        guard guess >= 0, guess < chunks.count else { return nil }
        if let found = locate(id, inChunk: guess) { return found }
        return locate(id, besides: guess)
    }

    /// Finds the element with `id` in one of the two neighbours of chunk `guess`.
    private func locate(_ id: CompactID, besides guess: Int) -> SequenceCursor? {
        guard guess >= 0, guess < chunks.count else { return nil }
        if guess > 0, let found = locate(id, inChunk: guess - 1) { return found }
        if guess + 1 < chunks.count, let found = locate(id, inChunk: guess + 1) { return found }
        return nil
    }

    /// Finds the element with `id`, looking first at the hint's run and the run either side of it, then
    /// the same around the previous hint, then in the chunks where the id's counter bucket was last seen,
    /// then in the hint's chunk and its neighbours, then everywhere. Remote changes replayed from one
    /// author's history hit the first two guesses for about three lookups in five, and the bucket's
    /// chunks for nearly all the rest.
    mutating func locateNearHint(_ id: CompactID) -> SequenceCursor? {
        if let found = locate(id, near: hint) { return found }
        if let found = locate(id, near: previousHint) {
            previousHint = hint
            return found
        }
        previousHint = hint
        let bucket = CounterBucket(actor: id.actor, bucket: id.counter / CounterBucket.width)
        if let recent = chunkHints[bucket] {
            // The chunks themselves first, then their neighbours (where a split may have moved the id).
            for rank in 0..<4 {
                let stableID = recent.stableID(at: rank)
                guard stableID >= 0 else { break }
                if stableID < chunkIndices.count, chunkIndices[stableID] >= 0, chunkIndices[stableID] < chunks.count,
                    let found = locate(id, inChunk: chunkIndices[stableID])
                {
                    return found
                }
            }
            for rank in 0..<4 {
                let stableID = recent.stableID(at: rank)
                guard stableID >= 0 else { break }
                if stableID < chunkIndices.count, let found = locate(id, besides: chunkIndices[stableID]) {
                    return found
                }
            }
        }
        if hint.chunk < chunks.count, let found = locate(id, around: hint.chunk) { return found }
        guard let found = locate(id) else { return nil }
        noteFound(found, bucket: bucket)
        return found
    }

    /// Whether the element at `cursor` (normalized, or any cursor past the end) is `id`.
    @inline(__always)
    func isElement(_ id: CompactID, at cursor: SequenceCursor) -> Bool {
        guard cursor.chunk < chunks.count, cursor.run < chunks[cursor.chunk].runs.count else { return false }
        return chunks[cursor.chunk].runs[cursor.run].offset(of: id) == cursor.offset
    }

    /// Finds `id` at `cursor` (a valid cursor or any cursor past the end), or in one of the deleted runs
    /// that follow it, or first in the visible run after those (looking at most `limit` runs on): so
    /// that the visible index at `cursor` is also the visible index of what is found. Where a delete's
    /// next piece usually is: the text it deletes was contiguous where it was deleted, with tombstones
    /// between its pieces here.
    @inline(__always)
    func locate(_ id: CompactID, pastTombstonesFrom cursor: SequenceCursor, limit: Int = 8) -> SequenceCursor? {
        guard cursor.chunk < chunks.count, cursor.run < chunks[cursor.chunk].runs.count else { return nil }
        let (runIsDeleted, offset) = chunks[cursor.chunk].runs.withUnsafeBufferPointer { runs in
            (runs[cursor.run].isDeleted, runs[cursor.run].offset(of: id))
        }
        // The element at the cursor (the usual case), then, only when tombstones lie there, past them.
        if let offset, offset >= cursor.offset, runIsDeleted || offset == cursor.offset {
            return SequenceCursor(chunk: cursor.chunk, run: cursor.run, offset: offset)
        }
        guard runIsDeleted, offset == nil else { return nil }
        return Self.locate(id, pastTombstonesAfter: cursor, in: chunks, limit: limit - 1)
    }

    /// Looks for `id` as ``locate(_:pastTombstonesFrom:limit:)`` does, from the run after `cursor`'s.
    /// Static, over the chunks alone: a call from a mutating method copied the whole state to pass it.
    @inline(never)
    private static func locate(
        _ id: CompactID, pastTombstonesAfter cursor: SequenceCursor, in chunks: [SequenceChunk], limit: Int
    ) -> SequenceCursor? {
        var position = SequenceCursor(chunk: cursor.chunk, run: cursor.run + 1, offset: 0)
        normalize(&position, in: chunks)
        for _ in 0..<max(limit, 0) {
            guard position.chunk < chunks.count, position.run < chunks[position.chunk].runs.count else { return nil }
            let (runIsDeleted, offset) = chunks[position.chunk].runs.withUnsafeBufferPointer { runs in
                (runs[position.run].isDeleted, runs[position.run].offset(of: id))
            }
            if let offset, runIsDeleted || offset == 0 {
                return SequenceCursor(chunk: position.chunk, run: position.run, offset: offset)
            }
            guard runIsDeleted, offset == nil else { return nil }
            position = SequenceCursor(chunk: position.chunk, run: position.run + 1, offset: 0)
            normalize(&position, in: chunks)
        }
        return nil
    }
}
