internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// The checks and outcomes `process` leans on: dependencies that go backwards, Lamport ends, evidence
/// and equivocations.
extension Ingest {
    /// Whether `header`'s dependencies are below those of its author's previous envelope (stored).
    mutating func depsGoBackwards(_ header: EnvelopeHeader) throws -> Bool {
        let key = AuthorKey(space: header.space, author: header.author)
        var previous: VersionVector
        if let known = lastDeps[key], known.seq == header.seq - 1 {
            previous = known.deps
        } else {
            guard
                let stored = try causalPasts.stored(tx, space: header.space, author: header.author, seq: header.seq - 1)
            else { return false }
            previous = stored.deps
        }
        for (author, seq) in previous.entries where header.deps[author] < seq { return true }
        return false
    }

    /// The Lamport end of applied envelope `(author, seq)`: remembered across the batch (an author's
    /// dependency entries repeat from one envelope to the next).
    mutating func lamportEnd(_ space: SpaceID, _ author: ActorID, _ seq: UInt64) throws -> UInt64 {
        let key = DependencyKey(space: space, author: author, seq: seq)
        if let end = lamportEnds[key] { return end }
        guard let end = try tx.lamportEnd(space: space, author: author, seq: seq) else {
            throw SyncError(.storage, "the replica lacks the Lamport end of an applied envelope")
        }
        if lamportEnds.count > 100_000 { lamportEnds.removeAll() }
        lamportEnds[key] = end
        return end
    }

    mutating func keepAsEvidence(
        _ envelope: Envelope, id: [UInt8], bytes: [UInt8], _ ref: EnvelopeRef, into report: inout IngestReport
    ) throws {
        let header = envelope.header
        try tx.insertEnvelope(
            StoredEnvelope(
                space: header.space, author: header.author, seq: header.seq, kind: header.kind.rawValue,
                epoch: header.epoch, id: id, bytes: bytes, document: nil, lamportEnd: nil, applied: false,
                causalPast: try causalPasts.record(for: header, tx)))
        stored.append((header.space, .envelope(author: header.author, seq: header.seq)))
        report.excluded.append(ref)
    }

    /// Records the proof, freezes the author at seq − 1 and rebuilds what had applied beyond.
    mutating func equivocation(
        _ ref: EnvelopeRef, _ first: [UInt8], _ second: [UInt8], into report: inout IngestReport
    ) throws {
        try tx.insertEquivocation(
            space: ref.space, author: ref.author, seq: ref.seq, first: first, second: second)
        try tx.setCutoff(space: ref.space, author: ref.author, maxSeq: ref.seq - 1, reason: "equivocation")
        report.equivocations.append(ref)
        lamportEnds.removeAll()
        _ = try saveDocuments()
        try rederive(ref.space)
        spaces[ref.space] = nil
    }

    /// Stores an envelope that applied, and notes it: in the space's version, the report, and what the
    /// batch stored (so the envelopes waiting for it are retried).
    mutating func storeApplied(
        _ header: EnvelopeHeader, id: [UInt8], bytes: [UInt8], _ ref: EnvelopeRef, document: DocumentID?,
        lamportEnd: UInt64?, fromPending: Bool, state: inout SpaceState, into report: inout IngestReport
    ) throws {
        let space = header.space
        try tx.insertEnvelope(
            StoredEnvelope(
                space: space, author: header.author, seq: header.seq, kind: header.kind.rawValue,
                epoch: header.epoch, id: id, bytes: bytes, document: document, lamportEnd: lamportEnd, applied: true,
                causalPast: try causalPasts.record(for: header, tx)),
            updateClock: false)
        if let lamportEnd {
            lamportEnds[DependencyKey(space: space, author: header.author, seq: header.seq)] = lamportEnd
        }
        if fromPending { try removePending(space: space, author: header.author, seq: header.seq) }
        // (A checkpoint being installed has set the version to its vector already: it never goes down.)
        state.version[header.author] = max(state.version[header.author], header.seq)
        if var frontier = state.frontier {
            CausalPasts.advance(&frontier, by: header)
            state.frontier = frontier
            state.frontierChanged = true
        }
        spaces[space] = state
        report.applied.append(ref)
        stored.append((space, .envelope(author: header.author, seq: header.seq)))
    }
}
