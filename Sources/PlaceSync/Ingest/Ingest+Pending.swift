internal import PlaceCRDT
internal import PlaceStore
internal import PlaceWire

/// The pending set during ingest: envelopes that wait for an envelope this replica lacks or for a
/// content key, capped per source (peer session) and per author with the oldest evicted first, and
/// retried only when what they wait for arrives — never reloaded whole per batch.
extension Ingest {
    /// Keeps `envelope` waiting for `wait` (or, retried from the pending set, notes what it waits for now).
    mutating func wait(
        _ envelope: Envelope, id: [UInt8], bytes: [UInt8], _ ref: EnvelopeRef, fromPending: Bool,
        for wait: PendingWait, into report: inout IngestReport
    ) throws {
        let header = envelope.header
        guard !fromPending else {
            try tx.updatePendingWait(space: header.space, author: header.author, seq: header.seq, waitsFor: wait)
            return
        }
        let author = AuthorKey(space: header.space, author: header.author)
        // One source (a peer session) or one author may not crowd out the others: past its share, its
        // own oldest waiting envelope makes room.
        if try pendingFromSource() >= node.configuration.waitingRoom.perSource,
            let evicted = try tx.evictOldestPending(source: source)
        {
            noteEvicted(evicted)
        }
        if try pendingOf(author) >= node.configuration.waitingRoom.perAuthor,
            let evicted = try tx.evictOldestPending(space: header.space, author: header.author)
        {
            noteEvicted(evicted)
        }
        guard pendingCount < node.configuration.waitingRoom.total else {
            report.rejected.append((ref, .tooManyWaiting(pendingCount)))
            return
        }
        try tx.insertPending(
            space: header.space, author: header.author, seq: header.seq, kind: header.kind.rawValue, id: id,
            bytes: bytes, waitsFor: wait, source: source)
        pendingCount += 1
        sourcePending = try pendingFromSource() + 1
        authorPending[author] = try pendingOf(author) + 1
        report.pending.append(ref)
    }

    /// Removes a waiting envelope that applied, was kept as evidence or was refused.
    mutating func removePending(space: SpaceID, author: ActorID, seq: UInt64) throws {
        try tx.deletePending(space: space, author: author, seq: seq)
        pendingCount -= 1
        // Its source is not known here; the per-source count is re-read when next needed.
        sourcePending = nil
        authorPending[AuthorKey(space: space, author: author)] = nil
    }

    private mutating func pendingFromSource() throws -> Int {
        if let known = sourcePending { return known }
        let count = try tx.pendingCount(source: source)
        sourcePending = count
        return count
    }

    private mutating func pendingOf(_ author: AuthorKey) throws -> Int {
        if let known = authorPending[author] { return known }
        let count = try tx.pendingCount(space: author.space, author: author.author)
        authorPending[author] = count
        return count
    }

    private mutating func noteEvicted(_ evicted: (space: SpaceID, author: ActorID, source: String)) {
        pendingCount -= 1
        if evicted.source == source, let known = sourcePending { sourcePending = known - 1 }
        authorPending[AuthorKey(space: evicted.space, author: evicted.author)] = nil
    }

    /// Retries the waiting envelopes that what this batch stored unblocks, until nothing moves: those
    /// waiting for an envelope stored (as it is stored, one after another), those waiting for a key
    /// where one may have arrived, and once per space rows from before waits were recorded.
    mutating func drainPending(spaces: Set<SpaceID>, into report: inout IngestReport) throws {
        for space in spaces.sorted() {
            for bytes in try tx.pendingEnvelopes(space: space, waitingFor: nil) {
                try retry(bytes, into: &report)
            }
        }
        var next = 0
        while true {
            while next < stored.count {
                let (space, wait) = stored[next]
                next += 1
                for bytes in try tx.pendingEnvelopes(space: space, waitingFor: wait) {
                    try retry(bytes, into: &report)
                }
            }
            guard !keyArrivals.isEmpty else { break }
            let arrivals = keyArrivals
            keyArrivals = []
            for space in arrivals.sorted() {
                lookAhead[space] = nil
                for bytes in try tx.pendingEnvelopesWaitingForKeys(space: space) {
                    try retry(bytes, into: &report)
                }
            }
        }
    }

    /// Envelopes that conflicted with a waiting one: if that one is stored now, the pair is an
    /// equivocation by an author with a role in its past, and is judged as one; if it still waits, the
    /// pair proves nothing yet and the second is refused.
    mutating func judgeDeferredConflicts(into report: inout IngestReport) throws {
        let conflicts = deferredConflicts
        deferredConflicts = []
        for envelope in conflicts {
            let header = envelope.header
            if try tx.envelopeHeads(space: header.space, author: header.author, seq: header.seq).current != nil {
                try process(envelope, fromPending: false, into: &report)
            } else {
                report.rejected.append((node.reference(envelope), .conflictsWithWaiting))
            }
        }
    }

    mutating func retry(_ bytes: [UInt8], into report: inout IngestReport) throws {
        // Its signature was checked before it was stored.
        let envelope = try Envelope(decoding: bytes)
        try process(envelope, fromPending: true, into: &report)
    }
}
