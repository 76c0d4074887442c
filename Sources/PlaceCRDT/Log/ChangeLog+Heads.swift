/// Changes that name their heads (encoding 3, `Protocol/DOCUMENT-FORMAT.md` §3): written and read by a
/// log, which knows the dependencies of what it applied, so a change's bytes do not grow with the number
/// of actors in its past.
///
/// ```swift
/// let missing = log.encodedChanges(since: peerVersion)   // what a peer lacks, heads only
/// let outcome = try peer.receive(encoded: missing)       // in any order, in any batches
/// ```
extension ChangeLog {
    /// The heads of applied change `change`: its dependencies that neither its author's previous change
    /// nor another of them already covers. Costs one dependency lookup per dependency its previous change
    /// did not have (none while an author types on its own).
    func heads(of change: Change) -> VersionVector {
        let previous =
            (change.seq > 1 ? dependencies(of: Change.ID(actor: change.actor, seq: change.seq - 1)) : nil)
            ?? VersionVector()
        // Dependencies the previous change did not have: only these can be heads, and only these can
        // cover one another (whatever the previous change covers, its past covers too).
        var candidates = VersionVector()
        change.deps.forEachEntry { actor, seq in
            if actor != change.actor && previous[actor] < seq { candidates.appendInOrder(actor, seq) }
        }
        guard candidates.count > 1 else { return candidates }
        var covered = VersionVector()
        candidates.forEachEntry { actor, seq in
            if let past = dependencies(of: Change.ID(actor: actor, seq: seq)) { covered.formUnion(past) }
        }
        var heads = VersionVector()
        candidates.forEachEntry { actor, seq in
            if covered[actor] < seq { heads.appendInOrder(actor, seq) }
        }
        return heads
    }

    /// The dependencies of applied change `id`, or nil when it has not applied here.
    func dependencies(of id: Change.ID) -> VersionVector? {
        guard id.seq >= 1, let changes = history[id.actor], id.seq <= UInt64(changes.count) else { return nil }
        return changes.dependencies(ofSeq: id.seq, actor: id.actor)
    }

    /// Applied change `id` in encoding 3 (heads), or nil when it has not applied here.
    public func encodedWithHeads(_ id: Change.ID) -> [UInt8]? {
        guard let change = change(id) else { return nil }
        return change.encoded(heads: heads(of: change))
    }

    /// The applied changes not covered by `vector`, in encoding 3, dependencies first: what a peer at
    /// `vector` is missing (``changes(since:)``, encoded).
    public func encodedChanges(since vector: VersionVector) -> [[UInt8]] {
        changes(since: vector).map { $0.encoded(heads: heads(of: $0)) }
    }

    /// Changes received in encoding 3 that wait for their heads or previous change before their whole
    /// dependencies are known (they are not in ``pendingChanges``).
    public var unresolvedCount: Int { unresolved.count }

    /// Receives encoded changes (encodings 1, 2 and 3) in any order, in any batches. A change naming heads
    /// applies once its heads and its author's previous change have: the log then resolves its whole
    /// dependencies from theirs and receives it as ``receive(_:)-([Change])`` does (same checks, same
    /// outcome). Until then it waits (``unresolvedCount``), and is tried again on each call.
    ///
    /// - Throws: ``CRDTError`` when any of the bytes does not decode (naming which): then nothing of the
    ///   batch is received.
    public mutating func receive(encoded batch: [[UInt8]]) throws(CRDTError) -> ReceiveOutcome {
        var whole: [Change] = []
        var named: [HeadsChange] = []
        for (index, bytes) in batch.enumerated() {
            do {
                if bytes.first == Change.headsEncodingVersion {
                    named.append(try HeadsChange(decoding: bytes))
                } else {
                    whole.append(try Change(encoded: bytes))
                }
            } catch {
                throw CRDTError(
                    error.code, "change \(index + 1) of \(batch.count): \(error.message)", underlying: error)
            }
        }
        var outcome = receive(whole)
        var waiting = Array(unresolved.values)
        unresolved = [:]
        for item in named {
            let id = item.change.id
            if let known = waiting.first(where: { $0.change.id == id }) {
                if known.change == item.change && known.heads == item.heads {
                    outcome.duplicates.append(id)
                } else {
                    outcome.rejected.append(
                        (
                            id,
                            CRDTError(
                                .conflictingChange, "a different change \(id) already waits: its author signed two")
                        ))
                }
            } else {
                waiting.append(item)
            }
        }
        // Resolve what can be, receive it (in causal order), and again, until nothing more resolves.
        while !waiting.isEmpty {
            var ready: [Change] = []
            var still: [HeadsChange] = []
            for item in waiting {
                if let change = resolve(item) { ready.append(change) } else { still.append(item) }
            }
            waiting = still
            guard !ready.isEmpty else { break }
            outcome.append(receive(ready.sorted(by: Self.causalOrder)))
        }
        for item in waiting {
            guard pendingCount + unresolved.count < pendingLimit else {
                outcome.rejected.append(
                    (
                        item.change.id,
                        CRDTError(.pendingLimit, "too many changes already wait; sync the missing ones first")
                    ))
                continue
            }
            unresolved[item.change.id] = item
            outcome.pending.append(item.change.id)
        }
        return outcome
    }

    /// The change with its whole dependencies — its previous change's, its heads' and theirs — once
    /// those have applied; nil before.
    func resolve(_ item: HeadsChange) -> Change? {
        let change = item.change
        guard version[change.actor] >= change.seq - 1 else { return nil }
        var deps = VersionVector()
        if change.seq > 1 {
            guard let previous = dependencies(of: Change.ID(actor: change.actor, seq: change.seq - 1)) else {
                return nil
            }
            deps = previous
            deps[change.actor] = change.seq - 1
        }
        for (actor, seq) in item.heads.entries {
            guard let past = dependencies(of: Change.ID(actor: actor, seq: seq)) else { return nil }
            deps.formUnion(past)
            deps.formUnion(VersionVector([actor: seq]))
        }
        return change.resolving(deps: deps)
    }
}

extension ReceiveOutcome {
    /// Adds what a later receive did.
    mutating func append(_ other: ReceiveOutcome) {
        applied += other.applied
        pending += other.pending
        duplicates += other.duplicates
        rejected += other.rejected
        for (document, patches) in other.patches { self.patches[document, default: []] += patches }
    }
}
