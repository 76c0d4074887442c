extension SequenceState {
    /// Inserts `elements` so that the first lands at visible position `index`, as a local edit.
    ///
    /// The new elements go directly after the visible element at `index - 1` (before any tombstones
    /// that follow it); their right origin is whatever element follows there, tombstone or not.
    /// - Precondition: `0 <= index <= visibleCount` (callers check and throw).
    /// - Returns: the origins recorded in the insert operation.
    mutating func insertLocal(
        _ elements: [Element], at index: Int, firstID: OpID
    ) -> (originLeft: OpID?, originRight: OpID?) {
        insertLocal(contentStart: appendContent(elements), count: elements.count, at: index, firstID: firstID)
    }

    /// Inserts the `count` elements already appended to `content` at `contentStart` as visible
    /// position `index`, as ``insertLocal(_:at:firstID:)`` does.
    private mutating func insertLocal(
        contentStart: Int, count: Int, at index: Int, firstID: OpID
    ) -> (originLeft: OpID?, originRight: OpID?) {
        precondition(index >= 0 && index <= visibleCount, "callers check the index")
        var position = SequenceCursor(chunk: 0, run: 0, offset: 0)
        var originLeft: CompactID?
        if index > 0 {
            let leftCursor = cursor(ofVisible: index - 1)
            originLeft = chunks[leftCursor.chunk].runs[leftCursor.run].id(at: leftCursor.offset)
            position = advanced(leftCursor)
        }
        let originRight = id(at: position)
        let id = actors.intern(firstID)
        let run = SequenceRun(
            id: id, originLeft: originLeft, originRight: originRight, isDeleted: false, contentStart: contentStart,
            count: count)
        insert(run, at: position)
        return (originLeft.map { actors.opID($0) }, originRight.map { actors.opID($0) })
    }

    /// Deletes `count` visible elements starting at visible position `index`, as a local edit.
    /// - Precondition: the range lies within `0..<visibleCount` (callers check and throw).
    /// - Returns: the ids deleted, as runs of consecutive ids.
    mutating func deleteLocal(at index: Int, count: Int) -> [IDRange] {
        precondition(index >= 0 && count >= 0 && index + count <= visibleCount, "callers check the range")
        var ranges: [IDRange] = []
        guard count > 0 else { return ranges }
        var position = cursor(ofVisible: index)
        let firstChunk = position.chunk
        var lastChunk = position.chunk
        var remaining = count
        while remaining > 0 {
            lastChunk = position.chunk
            if chunks[position.chunk].runs[position.run].isDeleted {
                position = SequenceCursor(chunk: position.chunk, run: position.run + 1, offset: 0)
                normalize(&position)
                continue
            }
            let first = actors.opID(chunks[position.chunk].runs[position.run].id(at: position.offset))
            let (deleted, _, next) = markDeleted(at: position, count: remaining)
            remaining -= deleted
            if let last = ranges.last, last.start.actor == first.actor, last.start.counter + last.count == first.counter
            {
                ranges[ranges.count - 1].count += UInt64(deleted)
            } else {
                ranges.append(IDRange(start: first, count: UInt64(deleted)))
            }
            position = next
        }
        hint = position
        for chunkIndex in stride(from: lastChunk, through: firstChunk, by: -1) { splitChunkIfNeeded(chunkIndex) }
        return ranges
    }
}

extension SequenceState where Element == Unicode.Scalar {
    /// Inserts `text` (not empty) at visible position `index` as a local edit, decoding its scalars
    /// straight into the content buffer (no array of them is built first).
    /// - Returns: the new elements' origins, and how many scalars were inserted.
    mutating func insertLocal(
        text: String, at index: Int, firstID: OpID
    ) -> (originLeft: OpID?, originRight: OpID?, count: Int) {
        let start = content.count
        text.withUTF8Bytes { content.appendScalars(ofValidUTF8: $0) }
        let count = content.count - start
        let origins = insertLocal(contentStart: start, count: count, at: index, firstID: firstID)
        return (origins.originLeft, origins.originRight, count)
    }
}
