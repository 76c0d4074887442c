extension Document {
    /// Applies a remote change to this document alone — for a replica that keeps its log elsewhere (the
    /// PlaceSync node keeps it in SQLite) instead of in a ``ChangeLog``.
    ///
    /// The caller has checked that every change in `change.deps` has applied, and passes the Lamport end
    /// of each: `dependencyEnds[a]` is the Lamport counter of the last operation of change
    /// `(a, change.deps[a])`. This checks the rest exactly as ``ChangeLog/receive(_:)-(Change)`` does: the
    /// Lamport start must be 1 + the largest of those ends, and every id an operation names must be in
    /// the change's causal past. On error the document is unchanged.
    ///
    /// ```swift
    /// let patches = try document.applyRemote(change, dependencyEnds: ends)
    /// ```
    /// - Returns: what became visible.
    /// - Throws: ``CRDTError/Code/lamportMismatch``, ``CRDTError/Code/unknownReference`` and the other
    ///   codes of an invalid change; ``CRDTError/Code/invalidChange`` when `dependencyEnds` lacks an
    ///   entry of `change.deps`.
    public mutating func applyRemote(_ change: Change, dependencyEnds: [ActorID: UInt64]) throws(CRDTError)
        -> [Patch]
    {
        var largest: UInt64 = 0
        var missing: ActorID?
        change.deps.forEachEntry { actor, _ in
            guard let end = dependencyEnds[actor] else {
                missing = actor
                return
            }
            largest = max(largest, end)
        }
        if let missing {
            throw CRDTError(.invalidChange, "no Lamport end given for the dependency on \(missing)")
        }
        guard change.lamportStart == largest + 1 else {
            throw CRDTError(
                .lamportMismatch,
                "change \(change.id) starts at Lamport \(change.lamportStart) but its dependencies require exactly \(largest + 1)"
            )
        }
        let deps = change.deps
        var undo: [UndoStep] = []
        var patches: [Patch] = []
        do throws(CRDTError) {
            try apply(change, patches: &patches, undo: &undo) { id in
                guard deps[id.actor] >= 1, let end = dependencyEnds[id.actor] else { return false }
                return id.counter <= end
            }
        } catch {
            for step in undo.reversed() { self.undo(step) }
            throw error
        }
        return patches
    }

    /// Applies again a change this replica already checked and applied once, onto an earlier state of
    /// the same document: replaying a stored tail of changes over an older snapshot. The causal checks of
    /// ``applyRemote(_:dependencyEnds:)`` held when the change first applied and are not repeated; an
    /// operation that does not fit the document (an id or container it does not hold) is still refused.
    /// On error the document is unchanged.
    ///
    /// ```swift
    /// var document = try Document(snapshot: stored.snapshot)
    /// for change in tail { try document.reapply(change) }
    /// ```
    public mutating func reapply(_ change: Change) throws(CRDTError) {
        var undo: [UndoStep] = []
        var patches: [Patch] = []
        do throws(CRDTError) {
            try apply(change, patches: &patches, undo: &undo) { _ in true }
        } catch {
            for step in undo.reversed() { self.undo(step) }
            throw error
        }
    }

    /// Makes a local change to this document alone (see ``applyRemote(_:dependencyEnds:)``): runs `body`
    /// with a ``Transaction``, then records its edits as change `seq` of `actor` with the given
    /// dependencies and Lamport start (1 + the largest Lamport counter of any applied change).
    ///
    /// - Returns: the change, or `nil` if `body` made no edit (then the document is unchanged).
    /// - Throws: what `body` throws (the document is then unchanged); ``CRDTError`` when the header is
    ///   invalid or the change would encode to more than ``CRDTLimits/maxChangeBytes``.
    public mutating func transact(
        id document: DocumentID, actor: ActorID, seq: UInt64, deps: VersionVector, lamportStart: UInt64,
        _ body: (inout Transaction) throws -> Void
    ) throws -> Change? {
        // The transaction owns the document uniquely while it edits (moved, not copied).
        var transaction = Transaction(movingOut: &self, actor: actor, lamportStart: lamportStart)
        do {
            try body(&transaction)
            guard !transaction.operations.isEmpty else {
                self = transaction.takeDocument()
                return nil
            }
            let change = try Change(
                actor: actor, seq: seq, lamportStart: lamportStart, deps: deps, document: document,
                operations: transaction.operations)
            let size = change.encoded().count
            guard size <= CRDTLimits.maxChangeBytes else {
                throw CRDTError(
                    .limitExceeded, "the change encodes to \(size) bytes; split it (limit \(CRDTLimits.maxChangeBytes))"
                )
            }
            self = transaction.takeDocument()
            return change
        } catch {
            transaction.rollback()
            self = transaction.takeDocument()
            throw error
        }
    }
}
