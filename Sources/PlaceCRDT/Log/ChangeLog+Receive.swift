/// What happened when changes were received.
public struct ReceiveOutcome: Sendable {
    /// Changes applied, in the order they applied (those received and pending ones they unblocked).
    public var applied: [Change.ID] = []
    /// Received changes that now wait for missing dependencies.
    public var pending: [Change.ID] = []
    /// Received changes that were already applied or pending, and were ignored.
    public var duplicates: [Change.ID] = []
    /// Changes that were refused, with why. A refused change is not kept; later changes of its actor
    /// will wait for it forever (in PlaceSync the node cuts such an author off).
    public var rejected: [(id: Change.ID, error: CRDTError)] = []
    /// What became visible, per document, in application order.
    public var patches: [DocumentID: [Patch]] = [:]

    public init() {}
}

extension ChangeLog {
    /// Receives one remote change: applies it if its dependencies have applied (then any pending changes
    /// it unblocks), keeps it pending otherwise, ignores it if already known.
    ///
    /// - Returns: what applied, what waits, and the patches.
    /// - Throws: ``CRDTError`` when this change itself is refused — an equivocating duplicate
    ///   (``CRDTError/Code/conflictingChange``), a wrong Lamport start, an operation naming ids outside its
    ///   causal past, a full pending set. Nothing changes then. Pending changes refused later are reported
    ///   in ``ReceiveOutcome/rejected`` instead.
    public mutating func receive(_ change: Change) throws(CRDTError) -> ReceiveOutcome {
        var outcome = ReceiveOutcome()
        try receive(change, into: &outcome)
        if !unresolved.isEmpty && !outcome.applied.isEmpty { resolve([], into: &outcome) }
        return outcome
    }

    /// Receives a batch of remote changes in any order. Refused changes are reported in
    /// ``ReceiveOutcome/rejected``; the others still apply.
    public mutating func receive(_ changes: [Change]) -> ReceiveOutcome {
        var outcome = ReceiveOutcome()
        // Usually every change applies: one allocation instead of regrowing for a long batch.
        outcome.applied.reserveCapacity(changes.count)
        var index = 0
        while index < changes.count {
            let applied = applyStretch(changes, from: index, into: &outcome)
            if applied > 0 {
                index += applied
                continue
            }
            do {
                try receive(changes[index], into: &outcome)
            } catch {
                outcome.rejected.append((id: changes[index].id, error: error))
            }
            index += 1
        }
        // Changes received naming heads (``receive(encoded:)``) may have waited for one of these.
        if !unresolved.isEmpty && !outcome.applied.isEmpty { resolve([], into: &outcome) }
        return outcome
    }

    private mutating func receive(_ change: Change, into outcome: inout ReceiveOutcome) throws(CRDTError) {
        if let known = self.change(change.id) ?? pending[change.actor]?[change.seq] {
            guard known == change else {
                throw CRDTError(
                    .conflictingChange,
                    "a different change \(change.id) is already known: its author signed two changes with one sequence number"
                )
            }
            outcome.duplicates.append(change.id)
            return
        }
        guard change.deps.count <= CRDTLimits.maxActors else {
            throw CRDTError(
                .limitExceeded,
                "change \(change.id) has \(change.deps.count) dependencies; the limit is \(CRDTLimits.maxActors)")
        }
        guard change.seq == version[change.actor] + 1, version.includes(change.deps) else {
            guard pendingCount < pendingLimit else {
                throw CRDTError(
                    .pendingLimit, "\(pendingCount) changes already wait for dependencies; sync the missing ones first")
            }
            addPending(change)
            outcome.pending.append(change.id)
            return
        }
        let patches = try applyReady(change)
        note(change, patches: patches, in: &outcome)
        drainPending(startingWith: change.actor, into: &outcome)
    }

    private func note(_ change: Change, patches: [Patch], in outcome: inout ReceiveOutcome) {
        outcome.applied.append(change.id)
        if !patches.isEmpty {
            outcome.patches[change.document, default: []].append(contentsOf: patches)
        }
    }

    /// Applies pending changes that have become ready, until none is.
    mutating func drainPending(startingWith actor: ActorID, into outcome: inout ReceiveOutcome) {
        var progress = true
        while progress && pendingCount > 0 {
            progress = false
            for candidate in [actor] + pending.keys.filter({ $0 != actor }) {
                while let change = takeReadyPending(of: candidate) {
                    progress = true
                    do {
                        let patches = try applyReady(change)
                        note(change, patches: patches, in: &outcome)
                    } catch {
                        outcome.rejected.append((id: change.id, error: error))
                    }
                }
            }
        }
    }
}
