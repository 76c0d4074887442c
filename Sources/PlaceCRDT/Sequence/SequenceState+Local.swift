extension SequenceState {
    /// Inserts `elements` so that the first lands at visible position `index`, as a local edit.
    ///
    /// The new elements go directly after the visible element at `index - 1` (before any tombstones
    /// that follow it); their right origin is whatever item follows there, tombstone or not.
    /// - Precondition: `0 <= index <= visibleCount` (callers check and throw).
    /// - Returns: the origins recorded in the insert operation.
    mutating func insertLocal(
        _ elements: [Element], at index: Int, firstID: OpID
    ) -> (originLeft: OpID?, originRight: OpID?) {
        precondition(index >= 0 && index <= visibleCount, "callers check the index")
        var position = SequenceCursor(chunk: 0, offset: 0)
        var originLeft: OpID?
        if index > 0 {
            let leftCursor = cursor(ofVisible: index - 1)
            originLeft = chunks[leftCursor.chunk].items[leftCursor.offset].id
            position = SequenceCursor(chunk: leftCursor.chunk, offset: leftCursor.offset + 1)
        }
        let originRight = item(at: position)?.id
        insert(
            Self.makeItems(elements, firstID: firstID, originLeft: originLeft, originRight: originRight), at: position)
        return (originLeft, originRight)
    }

    /// Deletes `count` visible elements starting at visible position `index`, as a local edit.
    /// - Precondition: the range lies within `0..<visibleCount` (callers check and throw).
    /// - Returns: the ids deleted, as runs of consecutive ids.
    mutating func deleteLocal(at index: Int, count: Int) -> [IDRange] {
        precondition(index >= 0 && count >= 0 && index + count <= visibleCount, "callers check the range")
        var ranges: [IDRange] = []
        guard count > 0 else { return ranges }
        var position = cursor(ofVisible: index)
        var remaining = count
        while remaining > 0 {
            let item = chunks[position.chunk].items[position.offset]
            if !item.isDeleted {
                _ = markDeleted(at: position)
                remaining -= 1
                if let last = ranges.last, last.start.actor == item.id.actor,
                    last.start.counter + last.count == item.id.counter
                {
                    ranges[ranges.count - 1].count += 1
                } else {
                    ranges.append(IDRange(start: item.id, count: 1))
                }
            }
            position = advanced(position)
        }
        return ranges
    }

    /// Builds the items of one insert: consecutive ids, each one's left origin the one before it.
    static func makeItems(
        _ elements: [Element], firstID: OpID, originLeft: OpID?, originRight: OpID?, isDeleted: Bool = false
    ) -> [SequenceItem<Element>] {
        var items: [SequenceItem<Element>] = []
        items.reserveCapacity(elements.count)
        var left = originLeft
        for (offset, element) in elements.enumerated() {
            let id = OpID(counter: firstID.counter + UInt64(offset), actor: firstID.actor)
            items.append(
                SequenceItem(id: id, originLeft: left, originRight: originRight, isDeleted: isDeleted, element: element)
            )
            left = id
        }
        return items
    }
}
