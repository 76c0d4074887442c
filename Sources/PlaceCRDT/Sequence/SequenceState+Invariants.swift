extension SequenceState {
    /// Checks the internal bookkeeping; traps with a message when it is inconsistent (a bug, not bad input).
    package func _checkInvariants() {
        var total = 0
        var visible = 0
        var ids = Set<OpID>()
        for chunk in chunks {
            precondition(!chunk.items.isEmpty || chunks.count == 1, "empty chunk in a multi-chunk sequence")
            precondition(chunk.items.count <= Self.maxChunkSize, "chunk larger than the maximum")
            let chunkVisible = chunk.items.reduce(0) { $0 + ($1.isDeleted ? 0 : 1) }
            precondition(chunkVisible == chunk.visibleCount, "chunk visible count is stale")
            total += chunk.items.count
            visible += chunkVisible
            for item in chunk.items {
                precondition(ids.insert(item.id).inserted, "duplicate element id \(item.id)")
            }
        }
        precondition(total == totalCount, "total count is stale")
        precondition(visible == visibleCount, "visible count is stale")
    }
}
