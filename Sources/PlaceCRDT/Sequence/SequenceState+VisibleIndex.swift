/// Visible indices: how many visible elements lie before a cursor, and the cursor of a visible index.
extension SequenceState {
    /// The number of visible elements before `cursor`.
    @inline(__always)
    func visibleIndex(of cursor: SequenceCursor) -> Int {
        if indexHint.version == structureVersion, indexHint.cursor.chunk == cursor.chunk,
            let index = Self.visibleIndex(of: cursor, in: chunks, from: indexHint.cursor, indexHint.visibleBefore)
        {
            return index
        }
        // Through a static function of the two parts it reads: a call from a mutating method copied the
        // whole state (184 bytes) to pass it.
        return Self.visibleIndex(of: cursor, in: chunks, tree: visibleTree)
    }

    /// Remembers that `visibleBefore` elements are visible before `cursor` (a valid cursor), until the
    /// runs next change.
    mutating func noteVisibleIndex(_ visibleBefore: Int, at cursor: SequenceCursor) {
        indexHint = (cursor, visibleBefore, structureVersion)
    }

    /// The number of visible elements before `cursor`, counted from `known` in the same chunk (before
    /// which `knownBefore` are visible), or `nil` when that would sum more runs than counting afresh.
    private static func visibleIndex(
        of cursor: SequenceCursor, in chunks: [SequenceChunk], from known: SequenceCursor, _ knownBefore: Int
    ) -> Int? {
        guard cursor.chunk < chunks.count else { return nil }
        return chunks[cursor.chunk].runs.withUnsafeBufferPointer { runs -> Int? in
            let (from, to) = (known.run, min(cursor.run, runs.count))
            guard from < runs.count, abs(to - from) <= 8 else { return nil }
            // Visible elements before run `from`.
            var before = knownBefore - (runs[from].isDeleted ? 0 : min(known.offset, runs[from].count))
            if to >= from {
                for run in runs[from..<to] { before &+= Self.visibleCount(of: run) }
            } else {
                for run in runs[to..<from] { before &-= Self.visibleCount(of: run) }
            }
            if to < runs.count && !runs[to].isDeleted { before += min(cursor.offset, runs[to].count) }
            return before
        }
    }

    /// ``visibleIndex(of:)`` over `chunks` and their visible-count tree.
    private static func visibleIndex(
        of cursor: SequenceCursor, in chunks: [SequenceChunk], tree visibleTree: ChunkCountTree
    ) -> Int {
        var index = visibleTree.sum(before: min(cursor.chunk, chunks.count))
        guard cursor.chunk < chunks.count else { return index }
        // In place: copying the runs array out retained and released it on every edit. Summed from the
        // nearer end of the chunk (its visible count less the runs after), without a branch per run.
        let chunkVisible = chunks[cursor.chunk].visibleCount
        return chunks[cursor.chunk].runs.withUnsafeBufferPointer { runs in
            let runIndex = min(cursor.run, runs.count)
            if runIndex <= runs.count / 2 {
                for run in runs[..<runIndex] { index &+= Self.visibleCount(of: run) }
            } else {
                var after = 0
                for run in runs[runIndex...] { after &+= Self.visibleCount(of: run) }
                index += chunkVisible - after
            }
            if runIndex < runs.count && !runs[runIndex].isDeleted {
                index += min(cursor.offset, runs[runIndex].count)
            }
            return index
        }
    }

    /// How many of `run`'s elements are visible, without a branch (whether a run is deleted does not
    /// follow a pattern the processor could predict). Counts are far below overflow: callers add them
    /// with wrapping arithmetic.
    @inline(__always)
    private static func visibleCount(of run: SequenceRun) -> Int {
        run.count & (run.isDeleted ? 0 : -1)
    }

    /// The cursor of the visible element at `index` (0-based), which must exist.
    func cursor(ofVisible index: Int) -> SequenceCursor {
        let (chunkIndex, offset) = visibleTree.locate(index)
        var remaining = offset
        if chunkIndex < chunks.count {
            for (runIndex, run) in chunks[chunkIndex].runs.enumerated() where !run.isDeleted {
                if remaining < run.count { return SequenceCursor(chunk: chunkIndex, run: runIndex, offset: remaining) }
                remaining -= run.count
            }
        }
        preconditionFailure("visible index \(index) checked against visibleCount \(visibleCount) by callers")
    }
}
