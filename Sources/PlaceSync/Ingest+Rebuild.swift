internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

extension Ingest {
    /// After a cut-off was lowered: every envelope beyond a cut-off, or depending on one that is
    /// excluded, leaves the state (it stays stored as evidence), and each document that had applied any
    /// of them is rebuilt from the envelopes that remain — so the result is what a replica that learned
    /// of the cut-off first would hold.
    mutating func rebuild(_ space: SpaceID) throws {
        var firstExcluded = try tx.cutoffs(space: space.bytes).mapValues { $0 + 1 }
        var affected = Set<DocumentID>()
        // Arrival order is causal: an envelope's dependencies are decided before it.
        for stored in try tx.envelopes(space: space.bytes, since: VersionVector(), includeEvidence: true) {
            let header = try Envelope(decoding: stored.bytes).header
            var excluded = stored.seq >= firstExcluded[stored.author, default: .max]
            for (author, seq) in header.deps.entries where seq >= firstExcluded[author, default: .max] {
                excluded = true
            }
            guard excluded else { continue }
            firstExcluded[stored.author] = min(firstExcluded[stored.author, default: .max], stored.seq)
            if stored.applied {
                try tx.setApplied(
                    space: space.bytes, author: stored.author, seq: stored.seq, applied: false, lamportEnd: nil)
                if let document = stored.document { affected.insert(document) }
            }
        }
        for document in affected.sorted() {
            try rebuildDocument(document, in: space)
        }
        try tx.setMaxLamport(space: space.bytes, to: try tx.maxAppliedLamport(space: space.bytes))
        forgetMembership(of: space)
    }

    private mutating func rebuildDocument(_ id: DocumentID, in space: SpaceID) throws {
        var document = Document()
        var latest = Latest(lamport: 0, author: node.actor)
        for stored in try tx.envelopes(space: space.bytes, document: id) where stored.applied {
            let envelope = try Envelope(decoding: stored.bytes)
            guard let key = keys[space]?[envelope.header.epoch] else {
                throw SyncError(.noKey, "rebuilding document \(id): no content key for epoch \(envelope.header.epoch)")
            }
            let change = try Change(
                actor: stored.author, seq: stored.seq, deps: envelope.header.deps,
                body: envelope.openVerified(with: key))
            var ends: [ActorID: UInt64] = [:]
            for (author, seq) in change.deps.entries {
                ends[author] = try tx.lamportEnd(space: space.bytes, author: author, seq: seq)
            }
            _ = try document.applyRemote(change, dependencyEnds: ends)
            latest = max(latest, Latest(lamport: change.lamportEnd, author: stored.author))
        }
        let revision = try tx.saveDocument(
            space: space.bytes, id: id, snapshot: document.snapshot(),
            summary: document.summary(updatedAt: now, latest: latest))
        recordSaved(DocumentCache.Key(space: space, document: id), document, revision)
    }
}
