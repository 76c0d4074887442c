extension SequenceState {
    /// Checks the internal bookkeeping; traps with a message when it is inconsistent (a bug, not bad input).
    package func _checkInvariants() {
        var total = 0
        var visible = 0
        var ids = Set<CompactID>()
        for chunk in chunks {
            precondition(!chunk.runs.isEmpty || chunks.count == 1, "empty chunk in a multi-chunk sequence")
            precondition(chunk.runs.count <= Self.maxRunsPerChunk, "chunk holds more runs than the maximum")
            var chunkVisible = 0
            var chunkTotal = 0
            for run in chunk.runs {
                precondition(run.count > 0, "empty run")
                for id in [run.id, run.originLeft, run.originRight].compactMap(\.self) {
                    precondition(Int(id.actor) < actors.actors.count, "a run names an actor missing from the table")
                }
                precondition(
                    run.contentStart >= 0 && run.contentStart + run.count <= content.count, "content out of range")
                chunkTotal += run.count
                if !run.isDeleted { chunkVisible += run.count }
                for offset in 0..<run.count {
                    precondition(ids.insert(run.id(at: offset)).inserted, "duplicate element id \(run.id(at: offset))")
                }
            }
            precondition(chunkVisible == chunk.visibleCount, "chunk visible count is stale")
            precondition(chunkTotal == chunk.totalCount, "chunk total count is stale")
            total += chunkTotal
            visible += chunkVisible
        }
        precondition(total == totalCount, "total count is stale")
        precondition(visible == visibleCount, "visible count is stale")
        precondition(visibleTree.count == chunks.count, "visible-count tree covers the wrong number of chunks")
        var before = 0
        for (index, chunk) in chunks.enumerated() {
            precondition(visibleTree.sum(before: index) == before, "visible-count tree is stale at chunk \(index)")
            before += chunk.visibleCount
        }
        for (index, id) in chunkIndices.enumerated() where id >= 0 {
            precondition(
                id < chunks.count && chunks[id].stableID == index, "chunk index of stable id \(index) is stale")
        }
    }
}
