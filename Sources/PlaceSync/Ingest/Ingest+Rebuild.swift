internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

extension Ingest {
    /// Re-derives which stored envelopes make up the state after the cut-offs changed (in either
    /// direction): in arrival order (a causal order), an envelope is in the state unless it lies beyond
    /// its author's cut-off or follows one that is not (its author's previous envelope or any
    /// dependency); every check other than that one was made when it arrived. Envelopes that leave or
    /// join the state change their documents, which are rebuilt from the envelopes in the state — so a
    /// replica ends where one that learned everything in another order ends.
    mutating func rederive(_ space: SpaceID) throws {
        // The applied set changes other than by appending: the frontier is computed again when needed.
        try tx.clearFrontier(space: space)
        spaces[space]?.frontier = nil
        spaces[space]?.frontierChanged = false
        var firstExcluded = try tx.cutoffs(space: space).mapValues { $0 + 1 }
        try noteCutoffsBelowCheckpoint(firstExcluded, in: space)
        var ends: [ActorID: [UInt64: UInt64]] = [:]
        var affected = Set<DocumentID>()
        let membership = try node.membership(tx, space: space)
        for stored in try tx.envelopes(space: space, since: VersionVector(), includeEvidence: true, includeStubs: true)
        {
            if stored.bytes.isEmpty {
                // A stub, below the checkpoint this replica's state starts from: final here
                // (`Protocol/CHECKPOINT.md` §5). What follows it is judged as usual.
                ends[stored.author, default: [:]][stored.seq] = stored.lamportEnd ?? 0
                continue
            }
            let envelope = try resolvedStored(stored)
            var excluded = stored.seq >= firstExcluded[stored.author, default: .max]
            // Authority as the rules now give it (a role change heads-locks like a removal).
            let header = envelope.header
            let role = membership.role(of: header.author, seq: header.seq, deps: header.deps)
            switch header.kind {
            case .content where role?.canWrite != true: excluded = true
            case .keyWrap where role != .admin: excluded = true
            default: break
            }
            for (author, seq) in envelope.header.deps.entries where seq >= firstExcluded[author, default: .max] {
                excluded = true
            }
            if !excluded, stored.seq > 1, ends[stored.author]?[stored.seq - 1] == nil,
                firstExcluded[stored.author, default: .max] <= stored.seq - 1
            {
                excluded = true
            }
            if excluded {
                firstExcluded[stored.author] = min(firstExcluded[stored.author, default: .max], stored.seq)
                if stored.applied {
                    try tx.setApplied(
                        space: space, author: stored.author, seq: stored.seq, applied: false, lamportEnd: nil)
                    if let document = stored.document { affected.insert(document) }
                }
                continue
            }
            // In the state: its Lamport end (read from its change if it joins now, or if it was kept
            // unopened while this node was a relay and can be opened now).
            var end = stored.lamportEnd
            var document = stored.document
            let isContent = envelope.header.kind == .content
            let relay = try isRelay(in: space)
            let unopened = stored.applied && isContent && stored.lamportEnd == nil
            if !stored.applied || (unopened && !relay) {
                if isContent && relay {
                    // A relay takes content into its log unopened.
                    end = nil
                    document = nil
                } else if isContent {
                    guard let key = keys[space]?[envelope.header.epoch],
                        let change = try? Change(
                            actor: stored.author, seq: stored.seq, deps: envelope.header.deps,
                            body: envelope.openVerified(with: key))
                    else {
                        if unopened {
                            // Stays in the log unopened until its key arrives.
                            ends[stored.author, default: [:]][stored.seq] = 0
                            continue
                        }
                        // No key here (or it does not open): it cannot join this replica's state.
                        firstExcluded[stored.author] = min(firstExcluded[stored.author, default: .max], stored.seq)
                        continue
                    }
                    end = change.lamportEnd
                    document = change.document
                } else {
                    end = stored.seq == 1 ? 0 : ends[stored.author]?[stored.seq - 1] ?? 0
                }
                try tx.setApplied(
                    space: space, author: stored.author, seq: stored.seq, applied: true, lamportEnd: end,
                    document: document)
                if let document { affected.insert(document) }
            } else if !isContent {
                // A membership entry or key wrap carries its author's previous Lamport end, which may
                // have become known (content opened after a relay became a reader).
                let inherited = stored.seq == 1 ? 0 : ends[stored.author]?[stored.seq - 1] ?? 0
                if inherited != stored.lamportEnd {
                    end = inherited
                    try tx.setApplied(
                        space: space, author: stored.author, seq: stored.seq, applied: true, lamportEnd: end)
                }
            }
            ends[stored.author, default: [:]][stored.seq] = end ?? 0
        }
        for document in affected.sorted() {
            try rebuildDocument(document, in: space)
        }
        try tx.setMaxLamport(space: space, to: try tx.maxAppliedLamport(space: space))
        forgetMembership(of: space)
    }

    /// Says so in the refusal log (`placesync explain`) when a cut-off falls below the checkpoint this
    /// replica's state starts from: below it the replica keeps the checkpoint's state, where replicas
    /// holding the history exclude that author's later envelopes (`Protocol/CHECKPOINT.md` §5).
    mutating func noteCutoffsBelowCheckpoint(_ firstExcluded: [ActorID: UInt64], in space: SpaceID) throws {
        guard let base = try checkpointBase(space) else { return }
        let below = firstExcluded.filter { $0.value <= base.vector[$0.key] }
        guard !below.isEmpty else { return }
        try tx.recordRefusals(
            below.sorted { $0.key < $1.key }.map { author, seq in
                StoredRefusal(
                    author: author, seq: seq,
                    reason:
                        "a cut-off falls below the checkpoint this replica started from: below it, this replica keeps the checkpoint's state, where replicas that hold the history leave this author's envelopes from here out (Protocol/CHECKPOINT.md §5)",
                    source: "checkpoint", at: now)
            }, space: space)
    }

    /// A stored envelope, decoded, with its whole causal past (format 2 keeps it in the replica).
    mutating func resolvedStored(_ stored: StoredEnvelope) throws -> Envelope {
        let envelope = try Envelope(decoding: stored.bytes)
        guard envelope.header.namesHeads else { return envelope }
        guard let past = try causalPasts.stored(tx, space: stored.space, author: stored.author, seq: stored.seq) else {
            throw SyncError(.storage, "the replica lacks the causal past of envelope \(stored.seq) of \(stored.author)")
        }
        return try envelope.resolving(deps: past.deps)
    }

    /// Rebuilds a document from the envelopes in the state: from nothing, or from the checkpoint the
    /// replica's state starts from (then only envelopes beyond its vector are applied again).
    mutating func rebuildDocument(_ id: DocumentID, in space: SpaceID) throws {
        var document = Document()
        var latest = Latest(lamport: 0, author: node.actor)
        let base = try checkpointBase(space)
        if let start = base?.documents[id] {
            do { document = try Document(snapshot: start.snapshot) } catch {
                throw SyncError(.storage, "the checkpoint's snapshot of document \(id) does not decode: \(error)")
            }
            latest = Latest(lamport: start.latestLamport, author: start.latestAuthor)
        }
        for stored in try tx.envelopes(space: space, document: id) where stored.applied {
            if let base, stored.seq <= base.vector[stored.author] { continue }
            let envelope = try resolvedStored(stored)
            guard let key = keys[space]?[envelope.header.epoch] else {
                throw SyncError(.noKey, "rebuilding document \(id): no content key for epoch \(envelope.header.epoch)")
            }
            let change = try Change(
                actor: stored.author, seq: stored.seq, deps: envelope.header.deps,
                body: envelope.openVerified(with: key))
            var ends: [ActorID: UInt64] = [:]
            for (author, seq) in change.deps.entries {
                ends[author] = try tx.lamportEnd(space: space, author: author, seq: seq)
            }
            _ = try document.applyRemote(change, dependencyEnds: ends)
            latest = max(latest, Latest(lamport: change.lamportEnd, author: stored.author))
        }
        let revision = try tx.saveDocument(
            space: space, id: id, snapshot: document.snapshot(),
            summary: document.summary(updatedAt: now, latest: latest))
        recordSaved(DocumentCache.Key(space: space, document: id), document, revision)
    }
}
