internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// The state a replica's documents start from below a checkpoint it installed or compacted to.
struct CheckpointBase {
    var vector: VersionVector
    var documents: [DocumentID: CheckpointContent.DocumentState]
}

/// Installing a checkpoint (`Protocol/CHECKPOINT.md` §3): inside one ingest transaction, so that what it
/// brings is checked by the same rules as any envelope, and anything wrong leaves the replica unchanged.
extension Ingest {
    /// Installs a checkpoint whose signature, hash, author's authority and key the caller checked, and
    /// whose content it opened: its stubs, then its membership entries and key wraps (each checked as
    /// if it arrived from a peer), then its documents; then retries what waited.
    /// - Throws: ``SyncError/Code/invalidInput`` when the checkpoint does not describe its vector exactly
    ///   or one of its envelopes does not apply; ``SyncError/Code/storage``.
    mutating func install(
        _ checkpoint: Checkpoint, content: CheckpointContent, envelopes: [Envelope], into report: inout IngestReport
    ) throws {
        let space = checkpoint.space
        let vector = checkpoint.vector
        guard var state = try state(space) else {
            throw SyncError(.unknownSpace, "this replica does not hold space \(space)")
        }
        guard try !tx.holdsContent(space: space) else {
            throw SyncError(
                .invalidInput,
                "this replica already holds content of space \(space): a checkpoint is for a replica that holds none")
        }
        try Self.checkCoverage(checkpoint, content: content, envelopes: envelopes)
        for (author, stubs) in content.stubs {
            for stub in stubs {
                if try tx.envelopeHead(space: space, author: author, seq: stub.seq) != nil {
                    throw SyncError(
                        .invalidInput,
                        "the checkpoint calls envelope \(stub.seq) of \(author) content, but this replica holds it as another kind"
                    )
                }
                try tx.insertStub(
                    space: space, author: author, seq: stub.seq, id: stub.id, lamportEnd: stub.lamportEnd,
                    causalPast: stub.causalPast)
                state.maxLamport = max(state.maxLamport, stub.lamportEnd)
            }
        }
        // Everything at or below the vector is in the state once the envelopes below have applied.
        state.version.formUnion(vector)
        state.frontier = nil
        state.frontierChanged = false
        try tx.clearFrontier(space: space)
        spaces[space] = state
        for envelope in envelopes {
            let header = envelope.header
            var outcome = IngestReport()
            let waiting = try tx.pendingID(space: space, author: header.author, seq: header.seq) != nil
            try process(envelope, fromPending: waiting, into: &outcome)
            if let refusal = outcome.rejected.first {
                throw SyncError(
                    .invalidInput,
                    "the checkpoint's envelope \(header.seq) of \(header.author) is refused: \(refusal.reason)")
            }
            guard outcome.pending.isEmpty, outcome.excluded.isEmpty else {
                throw SyncError(
                    .invalidInput,
                    "the checkpoint's envelope \(header.seq) of \(header.author) does not apply at its vector")
            }
            report.applied += outcome.applied
            report.duplicates += outcome.duplicates
        }
        for document in content.documents {
            let loaded: Document
            do { loaded = try Document(snapshot: document.snapshot) } catch {
                throw SyncError(.invalidInput, "the checkpoint's document \(document.id) does not decode: \(error)")
            }
            // When it last changed where the checkpoint was made (what document lists sort by), else now.
            let updatedAt = document.updatedAtMillis > 0 ? min(now, Double(document.updatedAtMillis) / 1_000) : now
            let summary = loaded.summary(
                updatedAt: updatedAt, latest: Latest(lamport: document.latestLamport, author: document.latestAuthor))
            let revision = try DocumentSaving.save(
                tx, space: space, id: document.id, document: loaded, applied: [], summary: summary)
            recordSaved(DocumentCache.Key(space: space, document: document.id), loaded, revision)
        }
        try tx.saveCheckpoint(
            StoredCheckpoint(
                space: space, id: checkpoint.id, vector: vector, bytes: checkpoint.bytes, isBase: true),
            at: now)
        checkpointBases[space] = nil
        for bytes in try tx.pendingEnvelopes(space: space) { try retry(bytes, into: &report) }
    }

    /// Checks that a checkpoint's stubs and envelopes are exactly the envelopes of its vector — each seq
    /// of each author once, stubs for content, envelopes for the rest — and that every stub an envelope
    /// after it will name as `previous` carries its id.
    static func checkCoverage(_ checkpoint: Checkpoint, content: CheckpointContent, envelopes: [Envelope]) throws {
        let vector = checkpoint.vector
        var plain: [ActorID: Set<UInt64>] = [:]
        for envelope in envelopes {
            let header = envelope.header
            guard header.space == checkpoint.space, header.kind != .content, header.seq <= vector[header.author],
                plain[header.author, default: []].insert(header.seq).inserted
            else {
                throw SyncError(
                    .invalidInput,
                    "the checkpoint carries envelope \(header.seq) of \(header.author), which does not belong in it")
            }
        }
        for (author, top) in vector.entries {
            let stubs = content.stubs[author] ?? []
            let plainSeqs = plain[author] ?? []
            for stub in stubs {
                guard stub.seq <= top, !plainSeqs.contains(stub.seq) else {
                    throw SyncError(
                        .invalidInput, "the checkpoint's stub \(stub.seq) of \(author) lies outside its vector")
                }
                let followedByEnvelope = stub.seq == top || plainSeqs.contains(stub.seq + 1)
                guard !followedByEnvelope || stub.id?.count == 32 else {
                    throw SyncError(.invalidInput, "the checkpoint's stub \(stub.seq) of \(author) lacks its id")
                }
            }
            guard UInt64(stubs.count + plainSeqs.count) == top else {
                throw SyncError(
                    .invalidInput, "the checkpoint does not account for each of the \(top) envelopes of \(author)")
            }
        }
        for author in content.stubs.keys where vector[author] == 0 {
            throw SyncError(.invalidInput, "the checkpoint has stubs of \(author), whom its vector does not name")
        }
    }

    /// The checkpoint this replica's state of `space` starts from, if any (opened once per batch).
    mutating func checkpointBase(_ space: SpaceID) throws -> CheckpointBase? {
        if let known = checkpointBases[space] { return known }
        var base: CheckpointBase?
        if let stored = try tx.checkpoint(space: space), stored.isBase {
            do {
                let checkpoint = try Checkpoint(decoding: stored.bytes)
                guard let key = keys[space]?[checkpoint.epoch] else {
                    throw SyncError(.noKey, "no content key for epoch \(checkpoint.epoch), which seals the checkpoint")
                }
                let content = try checkpoint.open(with: key)
                base = CheckpointBase(
                    vector: checkpoint.vector,
                    documents: Dictionary(content.documents.map { ($0.id, $0) }) { first, _ in first })
            } catch let error as WireError {
                throw SyncError(.storage, "the stored checkpoint of space \(space) does not open: \(error.message)")
            }
        }
        checkpointBases[space] = .some(base)
        return base
    }
}
