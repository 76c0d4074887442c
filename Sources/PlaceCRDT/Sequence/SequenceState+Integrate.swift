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
        let point = try integrationPoint(firstID: firstID, originLeft: originLeft, originRight: originRight)
        return insertIntegrated(
            at: point, firstID: firstID, contentStart: appendContent(elements), count: elements.count)
    }

    /// Inserts the run of `count` elements at `contentStart` in the content buffer where
    /// ``integrationPoint(firstID:originLeft:originRight:)`` placed it; returns its visible index.
    mutating func insertIntegrated(at point: IntegrationPoint, firstID: OpID, contentStart: Int, count: Int) -> Int {
        let index = visibleIndex(of: point.cursor)
        let id = actors.intern(firstID)
        insert(
            SequenceRun(
                id: id, originLeft: point.originLeft, originRight: point.originRight, isDeleted: false,
                contentStart: contentStart, count: count),
            at: point.cursor)
        // The hint is the last inserted element.
        if count > 0 { noteVisibleIndex(index + count - 1, at: hint) }
        return index
    }

    /// Where a remote insert with these origins goes (see ``integrate(_:firstID:originLeft:originRight:)``);
    /// changes nothing but the lookup hints.
    mutating func integrationPoint(
        firstID: OpID, originLeft fullLeft: OpID?, originRight fullRight: OpID?
    ) throws(CRDTError) -> IntegrationPoint {
        // Origins name elements, so their actors are in the table; a missing actor means a missing element.
        let originLeft = fullLeft.flatMap { actors.compact($0) }
        let originRight = fullRight.flatMap { actors.compact($0) }
        var start = SequenceCursor(chunk: 0, run: 0, offset: 0)
        if let fullLeft {
            guard let originLeft, let leftCursor = locateNearHint(originLeft) else {
                throw CRDTError(
                    .unknownReference, "insert \(firstID): left origin \(fullLeft) is not in this sequence")
            }
            start = advanced(leftCursor)
        }
        var rightCursor = endCursor
        if let fullRight {
            guard let originRight,
                let found = isElement(originRight, at: start) ? start : locateNearHint(originRight)
            else {
                throw CRDTError(
                    .unknownReference, "insert \(firstID): right origin \(fullRight) is not in this sequence")
            }
            guard start <= found else {
                throw CRDTError(
                    .unknownReference, "insert \(firstID): right origin \(fullRight) lies before the left origin")
            }
            rightCursor = found
        }
        // The new ids cannot exist yet: the change log admits a change only with a Lamport start above
        // every counter its author used before, and other authors' ids differ in the actor.

        var cursor = start
        normalize(&cursor)
        var scanning = false
        var scanStart = cursor
        var passed = Set<CompactID>()
        while cursor < rightCursor, let other = item(at: cursor) {
            if other.originLeft == originLeft {
                if other.originRight == originRight {
                    // Concurrent siblings: the lower actor (then counter) goes first.
                    if (firstID.actor, firstID.counter) < (actors[other.id.actor], other.id.counter) { break }
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
        return IntegrationPoint(cursor: cursor, originLeft: originLeft, originRight: originRight)
    }

    /// Whether the item `id` (`nil`: the end) lies before `limit`.
    private func isBefore(_ id: CompactID?, _ limit: SequenceCursor) -> Bool {
        guard let id, let position = locate(id) else { return false }
        return position < limit
    }

    /// Marks every element named by `targets` deleted (again, if already deleted).
    ///
    /// A delete naming a missing element changes nothing: what was deleted before the missing element
    /// was found is restored before the error is thrown.
    /// - Parameter removed: called with each visible range that disappeared (index, count), in the order
    ///   to apply them as patches; ranges that continue each other are reported as one. When an error
    ///   is thrown, some may have been reported: the caller drops them.
    /// - Returns: the ids that were visible before (what an undo must restore).
    /// - Throws: ``CRDTError/Code/unknownReference`` when a target is not in this sequence.
    mutating func deleteRemote(
        _ targets: [IDRange], removed: (_ index: Int, _ count: Int) -> Void
    ) throws(CRDTError) -> [IDRange] {
        var expected: UInt64 = 0
        for target in targets {
            let (sum, overflow) = expected.addingReportingOverflow(target.count)
            guard !overflow, sum <= UInt64(totalCount) else {
                throw CRDTError(.unknownReference, "delete names more elements than this sequence holds")
            }
            expected = sum
        }
        // The ids found visible, in the order deleted. While every piece was visible they are the
        // targets themselves, so the list is only built (from the targets done so far) at the first
        // piece that was deleted already: most deletes allocate nothing for it.
        var newlyDeleted: [IDRange] = []
        var allVisible = true
        // The visible range removed last, not yet reported: the next piece may extend it.
        var pending: (index: Int, count: Int)?
        // Where the last piece ended, and the visible index there when known: a target's pieces, and
        // the next target, usually follow on right there (a selection deleted across runs) or just past
        // tombstones there, and then need neither a lookup nor a visible-index computation.
        var following = SequenceCursor(chunk: chunks.count, run: 0, offset: 0)
        var followingIndex: Int?
        for (targetIndex, target) in targets.enumerated() {
            var done: UInt64 = 0
            while done < target.count {
                let id = OpID(counter: target.start.counter + done, actor: target.start.actor)
                let actor = actors.index(of: id.actor)
                let cursor: SequenceCursor
                var knownIndex: Int?
                if let actor,
                    let found = locate(CompactID(counter: id.counter, actor: actor), pastTombstonesFrom: following)
                {
                    // Where the last piece ended, or just past tombstones there (which have no visible index).
                    cursor = found
                    knownIndex = followingIndex
                } else if let actor, let found = locateNearHint(CompactID(counter: id.counter, actor: actor)) {
                    cursor = found
                } else {
                    undelete(allVisible ? Self.prefix(of: targets, upTo: targetIndex, done: done) : newlyDeleted)
                    throw CRDTError(.unknownReference, "delete names \(id), which is not in this sequence")
                }
                let (runCount, runIsDeleted) = (
                    chunks[cursor.chunk].runs[cursor.run].count, chunks[cursor.chunk].runs[cursor.run].isDeleted
                )
                let take = min(Int(target.count - done), runCount - cursor.offset)
                if !runIsDeleted {
                    let index = knownIndex ?? visibleIndex(of: cursor)
                    let (_, start, next) = markDeleted(at: cursor, count: take)
                    if let last = pending, last.index == index {
                        pending = (index: index, count: last.count + take)
                    } else if let last = pending, index + take == last.index {
                        pending = (index: index, count: last.count + take)
                    } else {
                        if let last = pending { removed(last.index, last.count) }
                        pending = (index: index, count: take)
                    }
                    if !allVisible {
                        if let last = newlyDeleted.last, last.start.actor == id.actor,
                            last.start.counter + last.count == id.counter
                        {
                            newlyDeleted[newlyDeleted.count - 1].count += UInt64(take)
                        } else {
                            newlyDeleted.append(IDRange(start: id, count: UInt64(take)))
                        }
                    }
                    hint = start
                    noteVisibleIndex(index, at: start)
                    // The elements after the deleted ones now have the index the first of them had.
                    following = next
                    followingIndex = index
                    if splitChunkIfNeeded(start.chunk) { following.chunk = chunks.count }
                } else {
                    if allVisible {
                        allVisible = false
                        newlyDeleted = Self.prefix(of: targets, upTo: targetIndex, done: done)
                    }
                    hint = cursor
                    following = advancedBy(cursor, take)
                    // Nothing visible was passed.
                    followingIndex = knownIndex
                }
                done += UInt64(take)
            }
        }
        if let last = pending { removed(last.index, last.count) }
        return allVisible ? targets : newlyDeleted
    }

    /// The ids of `targets` before `targets[index]`, and the first `done` of that one.
    private static func prefix(of targets: [IDRange], upTo index: Int, done: UInt64) -> [IDRange] {
        var prefix = Array(targets[..<index])
        if done > 0 { prefix.append(IDRange(start: targets[index].start, count: done)) }
        return prefix
    }
}

/// Where a remote insert goes, and its origins as this sequence names them.
struct IntegrationPoint {
    var cursor: SequenceCursor
    var originLeft: CompactID?
    var originRight: CompactID?
}

extension SequenceState where Element == Unicode.Scalar {
    /// Integrates remote text as ``integrate(_:firstID:originLeft:originRight:)`` does, decoding its
    /// scalars straight into the content buffer (no array of them is built first).
    ///
    /// - Returns: the visible index of the first inserted scalar, and how many were inserted.
    mutating func integrate(
        text: String, firstID: OpID, originLeft: OpID?, originRight: OpID?
    ) throws(CRDTError) -> (index: Int, count: Int) {
        let point = try integrationPoint(firstID: firstID, originLeft: originLeft, originRight: originRight)
        let start = content.count
        text.withUTF8Bytes { content.appendScalars(ofValidUTF8: $0) }
        let count = content.count - start
        return (insertIntegrated(at: point, firstID: firstID, contentStart: start, count: count), count)
    }
}
