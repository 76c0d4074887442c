extension SequenceState {
    /// Places a remote insert between its origins, deterministically, whatever else was inserted there
    /// concurrently.
    ///
    /// This is the YjsMod integration (equivalent to FugueMax; idea from diamond-types and the Fugue paper
    /// by Weidner and Kleppmann): scan the items between the left and right origins; an item whose own
    /// left origin lies before ours ends the scan; a sibling with the same origins sorts by actor id; a
    /// sibling with the same left but a nearer right origin is skipped past tentatively ("scanning").
    /// Concurrent runs of typing therefore never interleave.
    ///
    /// - Returns: the visible index of the first inserted element.
    /// - Throws: ``CRDTError/Code/unknownReference`` when an origin is not in this sequence or the right
    ///   origin does not come after the left one (only a forged operation can do that).
    mutating func integrate(
        _ elements: [Element], firstID: OpID, originLeft: OpID?, originRight: OpID?
    ) throws(CRDTError) -> Int {
        var start = SequenceCursor(chunk: 0, offset: 0)
        if let originLeft {
            guard let leftCursor = locate(originLeft) else {
                throw CRDTError(
                    .unknownReference, "insert \(firstID): left origin \(originLeft) is not in this sequence")
            }
            start = advanced(leftCursor)
        }
        var rightCursor = endCursor
        if let originRight {
            guard let found = locate(originRight) else {
                throw CRDTError(
                    .unknownReference, "insert \(firstID): right origin \(originRight) is not in this sequence")
            }
            guard start <= found else {
                throw CRDTError(
                    .unknownReference, "insert \(firstID): right origin \(originRight) lies before the left origin")
            }
            rightCursor = found
        }
        if let existing = locate(firstID) {
            _ = existing
            throw CRDTError(.unknownReference, "insert \(firstID): an element with this id already exists")
        }

        var cursor = start
        normalize(&cursor)
        var scanning = false
        var scanStart = cursor
        var passed = Set<OpID>()
        while cursor < rightCursor, let other = item(at: cursor) {
            if other.originLeft == originLeft {
                if other.originRight == originRight {
                    // Concurrent siblings: the lower actor (then counter) goes first.
                    if (firstID.actor, firstID.counter) < (other.id.actor, other.id.counter) { break }
                    scanning = false
                } else if isBefore(other.originRight, rightCursor) {
                    if !scanning {
                        scanning = true
                        scanStart = cursor
                    }
                } else {
                    scanning = false
                }
            } else if let otherLeft = other.originLeft, passed.contains(otherLeft) {
                // `other` hangs off an item we already passed: keep going.
            } else {
                // `other`'s left origin lies before ours: we go before it.
                break
            }
            passed.insert(other.id)
            cursor = advanced(cursor)
        }
        if scanning { cursor = scanStart }
        let index = visibleIndex(of: cursor)
        insert(Self.makeItems(elements, firstID: firstID, originLeft: originLeft, originRight: originRight), at: cursor)
        return index
    }

    /// Whether the item `id` (`nil`: the end) lies before `limit`.
    private func isBefore(_ id: OpID?, _ limit: SequenceCursor) -> Bool {
        guard let id, let position = locate(id) else { return false }
        return position < limit
    }

    /// Marks every element named by `targets` deleted (again, if already deleted).
    /// - Returns: the visible ranges that disappeared, in the order to apply them as patches.
    /// - Throws: ``CRDTError/Code/unknownReference`` when a target is not in this sequence.
    mutating func deleteRemote(_ targets: [IDRange]) throws(CRDTError) -> [(index: Int, count: Int)] {
        var expected: UInt64 = 0
        for target in targets {
            let (sum, overflow) = expected.addingReportingOverflow(target.count)
            guard !overflow, sum <= UInt64(totalCount) else {
                throw CRDTError(.unknownReference, "delete names more elements than this sequence holds")
            }
            expected = sum
        }
        var found: UInt64 = 0
        var removed: [(index: Int, count: Int)] = []
        var visibleBefore = 0
        for chunkIndex in chunks.indices {
            for offset in chunks[chunkIndex].items.indices {
                let item = chunks[chunkIndex].items[offset]
                guard targets.contains(where: { $0.contains(item.id) }) else {
                    if !item.isDeleted { visibleBefore += 1 }
                    continue
                }
                found += 1
                if markDeleted(at: SequenceCursor(chunk: chunkIndex, offset: offset)) {
                    if let last = removed.last, last.index == visibleBefore {
                        removed[removed.count - 1].count += 1
                    } else {
                        removed.append((index: visibleBefore, count: 1))
                    }
                }
            }
        }
        guard found == expected else {
            throw CRDTError(
                .unknownReference, "delete names \(expected) element(s) but only \(found) are in this sequence")
        }
        return removed
    }
}
