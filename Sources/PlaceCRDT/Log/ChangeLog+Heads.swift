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
    /// outcome). Until then it waits (``unresolvedCount``), and is tried again whenever something applies.
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
        resolve(named, into: &outcome)
        return outcome
    }

    /// Resolves and receives what it can of `named` and of the changes waiting from before; keeps the
    /// rest waiting. The plain ``receive(_:)-([Change])`` calls it too once something applied, so a head
    /// that arrives in version 2 also lets what names it apply.
    mutating func resolve(_ named: [HeadsChange], into outcome: inout ReceiveOutcome) {
        // Those waiting from before, then the new ones, in causal order (a dependency has a smaller
        // Lamport start): the order a log sends them in, so sorting is rarely needed.
        var candidates = Array(unresolved.values) + named
        unresolved = [:]
        // Only what arrived now is reported as pending (the rest was, when it arrived).
        let arrived = Set(named.map(\.change.id))
        if !Self.isCausallyOrdered(candidates) {
            candidates.sort { Self.causalOrder($0.change, $1.change) }
        }
        // Each change resolves from the log or from one resolved before it in this pass; what resolves is
        // received as one batch. Another pass only if that batch also applied changes that were pending
        // before (one of them may be a head).
        while !candidates.isEmpty {
            var resolved = ResolvedInPass()
            var ready: [Change] = []
            ready.reserveCapacity(candidates.count)
            var still: [HeadsChange] = []
            for index in candidates.indices {
                // The same change twice (copies sort next to each other) is received once.
                if index > 0, candidates[index - 1].change.id == candidates[index].change.id,
                    candidates[index - 1].heads == candidates[index].heads,
                    candidates[index - 1].change == candidates[index].change
                {
                    outcome.duplicates.append(candidates[index].change.id)
                    continue
                }
                if let change = resolve(candidates[index], alsoKnowing: resolved) {
                    resolved.add(change)
                    ready.append(change)
                } else {
                    still.append(candidates[index])
                }
            }
            candidates = still
            guard !ready.isEmpty else { break }
            let received = receive(ready)
            outcome.append(received)
            guard received.applied.contains(where: { resolved.deps(of: $0) == nil }) else { break }
        }
        for item in candidates {
            let id = item.change.id
            if let known = unresolved[id] {
                if known.change != item.change || known.heads != item.heads {
                    let message = "a different change \(id) already waits: its author signed two"
                    outcome.rejected.append((id, CRDTError(.conflictingChange, message)))
                }
                continue
            }
            guard pendingCount + unresolved.count < pendingLimit else {
                outcome.rejected.append(
                    (id, CRDTError(.pendingLimit, "too many changes already wait; sync the missing ones first")))
                continue
            }
            unresolved[id] = item
            if arrived.contains(id) { outcome.pending.append(id) }
        }
    }

    private static func isCausallyOrdered(_ items: [HeadsChange]) -> Bool {
        for index in items.indices.dropFirst() where causalOrder(items[index].change, items[index - 1].change) {
            return false
        }
        return true
    }

    /// The change with its whole dependencies — its previous change's, its heads' and theirs — once each
    /// of those has applied here or was resolved just before it (`resolved`); nil before.
    func resolve(_ item: HeadsChange, alsoKnowing resolved: ResolvedInPass = ResolvedInPass()) -> Change? {
        let change = item.change
        func pastOf(_ id: Change.ID) -> VersionVector? { resolved.deps(of: id) ?? dependencies(of: id) }
        var deps = VersionVector()
        if change.seq > 1 {
            guard let previous = pastOf(Change.ID(actor: change.actor, seq: change.seq - 1)) else { return nil }
            deps = previous
            deps[change.actor] = change.seq - 1
        }
        for (actor, seq) in item.heads.entries {
            guard let past = pastOf(Change.ID(actor: actor, seq: seq)) else { return nil }
            deps.formUnion(past)
            deps.formUnion(VersionVector([actor: seq]))
        }
        return change.resolving(deps: deps)
    }
}

/// The whole dependencies of the changes resolved in one pass of ``ChangeLog/receive(encoded:)``: per
/// actor, runs of consecutive seqs (an actor's changes resolve in seq order), found by a short scan that
/// starts at the run last used — typing is one actor's run after another.
struct ResolvedInPass {
    private struct Run {
        var actor: ActorID
        var firstSeq: UInt64
        var deps: [VersionVector]
    }
    private var runs: [Run] = []

    /// The whole dependencies of `id`, if it was resolved in this pass.
    func deps(of id: Change.ID) -> VersionVector? {
        for index in runs.indices.reversed() where runs[index].actor == id.actor {
            let run = runs[index]
            if id.seq >= run.firstSeq && id.seq - run.firstSeq < UInt64(run.deps.count) {
                return run.deps[Int(id.seq - run.firstSeq)]
            }
        }
        return nil
    }

    /// Records a resolved change.
    mutating func add(_ change: Change) {
        if let index = runs.lastIndex(where: { $0.actor == change.actor }),
            runs[index].firstSeq + UInt64(runs[index].deps.count) == change.seq
        {
            runs[index].deps.append(change.deps)
        } else {
            runs.append(Run(actor: change.actor, firstSeq: change.seq, deps: [change.deps]))
        }
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
