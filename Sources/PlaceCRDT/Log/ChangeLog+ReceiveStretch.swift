extension ChangeLog {
    /// Applies, from `changes[start...]`, the longest stretch of consecutive changes by one author to one
    /// document that are ready one after the other — what a branch that was offline for days looks like
    /// on arrival — in one pass: the document and the author's history are taken out of their
    /// dictionaries once, the clocks are written once, runs of keystroke changes are integrated as one
    /// run (see `Combinable`), and the stretch's patches are merged where they continue each other.
    ///
    /// Every change goes through the same checks as ``receive(_:)`` (readiness, the Lamport rule, every
    /// named id in its causal past); a change that is not ready, or fails a check, ends the stretch
    /// without being applied, and the caller hands it to the one-at-a-time path, which reports it.
    ///
    /// - Returns: how many changes applied (0 when `changes[start]` is not ready).
    mutating func applyStretch(_ changes: [Change], from start: Int, into outcome: inout ReceiveOutcome) -> Int {
        let first = changes[start]
        let actor = first.actor
        let documentID = first.document
        // A pending change of this author might hold the same (actor, seq): the one-at-a-time path
        // decides whether it is a duplicate or an equivocation.
        guard first.seq == version[actor] + 1, pending[actor] == nil else { return 0 }

        let existing = documents.removeValue(forKey: documentID)
        var stretch = Stretch(
            actor: actor, history: history.removeValue(forKey: actor) ?? ActorHistory(),
            document: existing ?? Document(), hadDocument: existing.hasValue)
        // A change usually makes at most one patch (after merging): the stretch's patches fit.
        stretch.patches.reserve(stretch.history.reserve(stretchOf: changes, from: start))
        var index = start
        var typing = TypingBuffers()
        changes.withUnsafeBufferPointer { changes in
            while index < changes.count, !stretch.history.isFull {
                guard changes[index].actor == actor, changes[index].document == documentID,
                    changes[index].seq == stretch.seq + 1,
                    let expected = expectedLamportStart(of: changes[index], stretch: &stretch),
                    changes[index].lamportStart == expected
                else { break }
                let groupEnd = Combinable.groupEnd(in: changes, from: index)
                if groupEnd > index + 1,
                    applyCombined(changes, index..<groupEnd, to: &stretch, typing: &typing, outcome: &outcome)
                {
                    index = groupEnd
                    continue
                }
                guard apply(changes.baseAddress.unsafelyUnwrapped + index, to: &stretch) else { break }
                stretch.record(changes, index, outcome: &outcome)
                index += 1
            }
        }
        let applied = index - start
        if applied > 0 || stretch.history.count > 0 { history[actor] = stretch.history }
        // A document that did not exist stays absent unless an edit reached it.
        if stretch.hadDocument || stretch.edited { documents[documentID] = stretch.document }
        guard applied > 0 else { return 0 }
        version[actor] = stretch.seq
        maxLamport = max(maxLamport, stretch.ownLamportEnd)
        let patches = stretch.patches.finish()
        if !patches.isEmpty {
            // The first stretch for a document hands its array over instead of copying it element by element.
            if outcome.patches.withValue(forKey: documentID, { $0.append(contentsOf: patches) }) == nil {
                outcome.patches[documentID] = patches
            }
        }
        if pendingCount > 0 { drainPending(startingWith: actor, into: &outcome) }
        return applied
    }

    /// Applies one change of the stretch; on failure takes its edits back and returns `false`.
    /// Reads the change in place: a copy of a `Change` retains and releases each of its arrays.
    private func apply(_ change: UnsafePointer<Change>, to stretch: inout Stretch) -> Bool {
        edit(&stretch, deps: change.pointee.deps) { document, patches, undo, isKnown throws(CRDTError) in
            try document.apply(change, patches: &patches, undo: &undo, isKnown: isKnown)
        }
    }

    /// Runs `body` on the stretch's document with what a change with dependencies `deps` knows of other
    /// authors (ids of the change's own author are judged by the document, by their counters); on
    /// failure takes its edits back and returns `false`.
    ///
    /// `stretch.knownEnds` must already be those of `deps`: `expectedLamportStart` prepared them for the
    /// change (or the first change of a keystroke group, whose others share its dependencies on other
    /// authors), so they are not compared again here (debug builds check).
    private func edit(
        _ stretch: inout Stretch, deps: borrowing VersionVector,
        _ body: (inout Document, inout [Patch], inout [UndoStep], (OpID) -> Bool) throws(CRDTError) -> Void
    ) -> Bool {
        assert(
            stretch.knownEndsFor.map { $0.equalsIgnoring(stretch.actor, deps) } ?? false,
            "the known ends were not prepared for this change")
        let knownEnds = stretch.knownEnds
        // The buffers only grow while edits succeed (emptying them for every edit cost more than the
        // edit's own bookkeeping); an edit's entries are those from where it started.
        if stretch.undo.count >= 64 { stretch.undo.removeAll(keepingCapacity: true) }
        if stretch.changePatches.count >= 64 { stretch.changePatches.removeAll(keepingCapacity: true) }
        let (undoStart, patchStart) = (stretch.undo.count, stretch.changePatches.count)
        stretch.edited = true
        do throws(CRDTError) {
            // The document is edited where it lies: a copy retains every table of it.
            try body(&stretch.document, &stretch.changePatches, &stretch.undo) { id in
                for known in knownEnds where known.actor == id.actor { return id.counter <= known.end }
                return false
            }
        } catch {
            for step in stretch.undo[undoStart...].reversed() { stretch.document.undo(step) }
            stretch.undo.removeSubrange(undoStart...)
            stretch.changePatches.removeSubrange(patchStart...)
            return false
        }
        if stretch.changePatches.count == patchStart + 1 {
            // The usual edit makes one patch: moved, not copied and later destroyed.
            stretch.patches.append(stretch.changePatches.removeLast())
        } else {
            // Moved too, by way of a buffer that turns their order around twice (a copy of a patch
            // retains its text or values, and the copy left behind is destroyed later).
            while stretch.changePatches.count > patchStart {
                stretch.patchesReversed.append(stretch.changePatches.removeLast())
            }
            while let patch = stretch.patchesReversed.popLast() { stretch.patches.append(patch) }
        }
        return true
    }

    /// Makes `stretch.knownEnds` hold, for each other author in `deps`, the largest counter of its
    /// changes up to the one `deps` names (what a change with these dependencies may refer to), unless
    /// it already does: consecutive changes of an author usually share their other dependencies.
    private func prepareKnownEnds(_ stretch: inout Stretch, deps: VersionVector) {
        if let previous = stretch.knownEndsFor, previous.equalsIgnoring(stretch.actor, deps) { return }
        stretch.knownEnds.removeAll(keepingCapacity: true)
        stretch.knownEndsMax = 0
        deps.forEachEntry { other, seq in
            guard other != stretch.actor, seq >= 1, let changes = history[other], seq <= UInt64(changes.count) else {
                return
            }
            let end = changes.lamportEnd(ofSeq: seq)
            stretch.knownEnds.append((actor: other, end: end))
            stretch.knownEndsMax = max(stretch.knownEndsMax, end)
        }
        stretch.knownEndsFor = deps
    }

    /// Applies a group of keystroke changes as one combined change and records each of them. Returns
    /// `false`, with nothing changed, when the combined change does not apply (then the changes go one
    /// at a time, and the one that fails is reported).
    private func applyCombined(
        _ changes: UnsafeBufferPointer<Change>, _ group: Range<Int>, to stretch: inout Stretch,
        typing: inout TypingBuffers, outcome: inout ReceiveOutcome
    ) -> Bool {
        // Bodies are at most `CRDTLimits.maxChangeBytes` each.
        let dependencyBytes = group.count * changes[group.lowerBound].deps.count * (ActorID.byteCount + 8)
        guard
            stretch.history.hasRoom(
                bodyBytes: group.count * CRDTLimits.maxChangeBytes, dependencyBytes: dependencyBytes),
            applyCombinedEdit(changes, group, to: &stretch, typing: &typing)
        else { return false }
        stretch.record(changes, group, outcome: &outcome)
        return true
    }

    /// Applies what the group does as one edit: its text as one run, or its deletes as one delete.
    private func applyCombinedEdit(
        _ changes: UnsafeBufferPointer<Change>, _ group: Range<Int>, to stretch: inout Stretch,
        typing: inout TypingBuffers
    ) -> Bool {
        let first = group.lowerBound
        if case .insert(let insert) = changes[first].operations[0], case .text = insert.content {
            let (container, left, right) = (insert.container, insert.originLeft, insert.originRight)
            typing.utf8.removeAll(keepingCapacity: true)
            guard Combinable.typedText(changes, group, utf8: &typing.utf8) else { return false }
            let firstID = OpID(counter: changes[first].lamportStart, actor: changes[first].actor)
            let text = String(decoding: typing.utf8, as: UTF8.self)
            return edit(&stretch, deps: changes[first].deps) { document, patches, undo, isKnown throws(CRDTError) in
                try document.applyTextRun(
                    text, into: container, firstID: firstID, originLeft: left, originRight: right, patches: &patches,
                    undo: &undo, isKnown: isKnown)
            }
        }
        guard let (container, targets) = Combinable.combinedDelete(changes, group) else { return false }
        // As the last change of the group: its causal past holds every earlier change's.
        let last = changes.baseAddress.unsafelyUnwrapped + (group.upperBound - 1)
        let id = OpID(counter: last.pointee.lamportStart, actor: last.pointee.actor)
        return edit(&stretch, deps: last.pointee.deps) { document, patches, undo, isKnown throws(CRDTError) in
            try document.applyDeleteRun(
                targets, in: container, id: id, patches: &patches, undo: &undo, isKnown: isKnown)
        }
    }

    /// The Lamport start `change` must have, or `nil` when one of its dependencies on other authors has
    /// not applied. The author's own previous change (its history is out of the dictionary while a
    /// stretch applies) ended at `stretch.ownLamportEnd`.
    ///
    /// Also prepares `stretch.knownEnds` for the change's dependencies: consecutive changes of an author
    /// usually share their other dependencies, and then neither is looked up again (other authors'
    /// histories do not change while the stretch applies, and what has applied stays applied).
    private func expectedLamportStart(of change: borrowing Change, stretch: inout Stretch) -> UInt64? {
        if let previous = stretch.knownEndsFor, previous.equalsIgnoring(stretch.actor, change.deps) {
            // `knownEndsFor` is the previous change's dependencies, or ones it shared.
            stretch.sharesPreviousDependencies = stretch.seq > 0
            return max(stretch.ownLamportEnd, stretch.knownEndsMax) + 1
        }
        stretch.sharesPreviousDependencies = false
        var ready = true
        change.deps.forEachEntry { other, otherSeq in
            if other != stretch.actor && version[other] < otherSeq { ready = false }
        }
        guard ready else { return nil }
        prepareKnownEnds(&stretch, deps: change.deps)
        return max(stretch.ownLamportEnd, stretch.knownEndsMax) + 1
    }
}

/// The buffer a stretch reuses for the text of each keystroke group (growing one afresh for every
/// group cost an allocation or two per group).
private struct TypingBuffers {
    var utf8: [UInt8] = []
}

/// What a stretch being applied holds outside the log's dictionaries.
private struct Stretch {
    let actor: ActorID
    var history: ActorHistory
    /// The document (empty when the log had none), out of the log's dictionary while the stretch applies.
    var document: Document
    /// Whether the log held the document before the stretch.
    let hadDocument: Bool
    /// Whether an edit (applied or taken back) has run on the document.
    var edited = false
    var seq: UInt64
    var ownLamportEnd: UInt64
    var undo: [UndoStep] = []
    var changePatches: [Patch] = []
    /// Empty between edits: where an edit's patches wait, last first, on their way to `patches`.
    var patchesReversed: [Patch] = []
    var patches = PatchCoalescer()
    /// For each other author of `knownEndsFor`, the largest counter a change depending on it may name.
    var knownEnds: [(actor: ActorID, end: UInt64)] = []
    var knownEndsFor: VersionVector?
    /// The largest of `knownEnds` (0 when empty): a change with these dependencies starts after it.
    var knownEndsMax: UInt64 = 0
    /// Whether the change about to be recorded depends on the same changes of other authors as the one
    /// recorded before it (so the author's history need not compare them).
    var sharesPreviousDependencies = false

    init(actor: ActorID, history: ActorHistory, document: Document, hadDocument: Bool) {
        self.actor = actor
        self.history = history
        self.document = document
        self.hadDocument = hadDocument
        seq = UInt64(history.count)
        ownLamportEnd = history.lastLamportEnd
    }

    /// Adds the applied change `changes[index]` to the author's history, reading it in place (a copy
    /// of a `Change` retains and releases each of its arrays).
    mutating func record(_ changes: UnsafeBufferPointer<Change>, _ index: Int, outcome: inout ReceiveOutcome) {
        let change = changes.baseAddress.unsafelyUnwrapped + index
        history.append(change, sharesPreviousDependencies: sharesPreviousDependencies)
        // The rest of a keystroke group shares this change's dependencies (`Combinable.groupEnd` checked);
        // for the next change after that, `expectedLamportStart` decides again.
        sharesPreviousDependencies = true
        seq = change.pointee.seq
        ownLamportEnd = change.pointee.lamportEnd
        outcome.applied.append(Change.ID(actor: change.pointee.actor, seq: change.pointee.seq))
    }

    /// Adds the applied keystroke group `changes[group]` to the author's history: the first change as
    /// ``record(_:_:outcome:)`` does, the rest (same document, same other dependencies) by body and
    /// entry only.
    mutating func record(_ changes: UnsafeBufferPointer<Change>, _ group: Range<Int>, outcome: inout ReceiveOutcome) {
        record(changes, group.lowerBound, outcome: &outcome)
        let rest = (group.lowerBound + 1)..<group.upperBound
        guard !rest.isEmpty else { return }
        history.appendRestOfGroup(changes, rest)
        let base = changes.baseAddress.unsafelyUnwrapped
        seq = base[group.upperBound - 1].seq
        ownLamportEnd = base[group.upperBound - 1].lamportEnd
        for index in rest { outcome.applied.append(Change.ID(actor: actor, seq: base[index].seq)) }
    }
}
