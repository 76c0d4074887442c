internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// The work of one ``Node/ingest(_:)`` call, inside its write transaction: per-space clocks, the
/// documents being edited (saved once at the end), and the decisions for each envelope.
struct Ingest {
    struct SpaceState {
        var version: VersionVector
        /// The version vector as stored in the author clock table.
        var storedVersion: VersionVector
        var cutoffs: [ActorID: UInt64]
        var maxLamport: UInt64
        /// The space's frontier as recorded and advanced by this batch (`nil`: not known; the next
        /// write computes it), and whether it changed.
        var frontier: VersionVector?
        var frontierChanged = false
    }

    struct WorkingDocument {
        var document: Document
        var latest: Latest
        /// The changes this batch applied to it, in order (appended to its stored tail on save).
        var applied: [TailChange] = []
    }

    let node: Node
    let tx: StoreTransaction
    var keys: [SpaceID: [UInt64: ContentKey]]
    /// Membership entries per space, loaded once per batch and extended as entries apply.
    var membershipEntries: [SpaceID: [MembershipEntry]] = [:]
    /// Spaces that received membership entries in this batch.
    var membershipChanged: Set<SpaceID> = []
    /// The counted revocations of each space whose membership changes in this batch, as they were
    /// before it (a change re-derives the state).
    var revocationsBefore: [SpaceID: Set<MembershipEntry.Key>] = [:]
    /// Whether this node is a relay, per space (see `isRelay(in:)`).
    var relaySpaces: [SpaceID: Bool] = [:]
    /// The membership of the entries held so far, per space (dropped when an entry is added).
    var currentMembership: [SpaceID: Membership] = [:]
    /// Spaces whose epoch keys changed in this batch (the node's key cache must forget them).
    var keysChanged: Set<SpaceID> = []
    /// The key-wrap envelopes of this batch, per space (for `lookAheadKey`).
    var batchKeyWraps: [SpaceID: [[UInt8]]] = [:]
    var lookAhead: [SpaceID: [UInt64: ContentKey]] = [:]
    let now: Double
    var spaces: [SpaceID: SpaceState] = [:]
    var documents: [DocumentCache.Key: WorkingDocument] = [:]
    /// Documents saved so far (by rebuilds), with their revisions.
    var saved: [DocumentCache.Key: (Document, Int64)] = [:]
    /// How many envelopes wait, in all (kept up to date through the batch).
    var pendingCount: Int
    /// Where this batch came from (a peer session), for the per-source pending cap.
    let source: String
    /// The space every envelope of the batch must belong to, when the batch names one.
    let batchSpace: SpaceID?
    /// How many envelopes wait from `source`, and per author (loaded once, then kept up to date).
    var sourcePending: Int?
    var authorPending: [AuthorKey: Int] = [:]
    /// Envelopes stored in this batch (in the state or as evidence): what waiting ones may need.
    var stored: [(space: SpaceID, wait: PendingWait)] = []
    /// Envelopes that conflict with a waiting one (same author and seq), judged after the batch.
    var deferredConflicts: [Envelope] = []
    /// Spaces where a key may have arrived (a key wrap in the batch, or one applied).
    var keyArrivals: Set<SpaceID> = []
    /// Lamport ends of applied envelopes read during this batch.
    var lamportEnds: [DependencyKey: UInt64] = [:]

    /// The causal pasts of stored envelopes (format 2 names only its heads).
    var causalPasts = CausalPasts()
    /// The checkpoint each space's state starts from, once opened in this batch (`nil` inside: none).
    var checkpointBases: [SpaceID: CheckpointBase?] = [:]
    /// The dependencies of the last envelope seen per author in this batch (for `depsGoBackwards`).
    var lastDeps: [AuthorKey: (seq: UInt64, deps: VersionVector)] = [:]

    struct AuthorKey: Hashable {
        var space: SpaceID
        var author: ActorID
    }

    struct DependencyKey: Hashable {
        var space: SpaceID
        var author: ActorID
        var seq: UInt64
    }

    init(
        node: Node, tx: StoreTransaction, keys: [SpaceID: [UInt64: ContentKey]], now: Double, source: String = "",
        batchSpace: SpaceID? = nil
    ) throws {
        self.node = node
        self.tx = tx
        self.keys = keys
        self.now = now
        self.source = source
        self.batchSpace = batchSpace
        pendingCount = try tx.pendingCount()
    }

    mutating func state(_ space: SpaceID) throws -> SpaceState? {
        if let state = spaces[space] { return state }
        guard let row = try tx.space(space) else { return nil }
        let version = try tx.version(space: space)
        let state = SpaceState(
            version: version, storedVersion: version, cutoffs: try tx.cutoffs(space: space),
            maxLamport: row.maxLamport, frontier: try tx.frontier(space: space))
        spaces[space] = state
        return state
    }

    /// Decides what to do with one verified envelope. `fromPending`: it is being retried from the
    /// pending table (and leaves it unless it must wait on).
    mutating func process(_ received: Envelope, fromPending: Bool, into report: inout IngestReport) throws {
        var envelope = received
        var header = envelope.header
        let space = header.space
        let ref = node.reference(envelope)
        func dropPending() throws {
            if fromPending { try removePending(space: space, author: header.author, seq: header.seq) }
        }
        if let batchSpace, batchSpace != space {
            // A member of one space must not slip envelopes into another under its batch's name.
            report.rejected.append((ref, .wrongSpace(envelope: space, batch: batchSpace)))
            try dropPending()
            return
        }
        guard var state = try state(space) else {
            report.rejected.append((ref, .spaceNotHeld(space)))
            try dropPending()
            return
        }
        let bytes = envelope.encoded
        let id = Blake2b.hash(bytes)  // the envelope id (ENVELOPE.md §1), without encoding it twice
        let heads = try tx.envelopeHeads(space: space, author: header.author, seq: header.seq)
        if let stored = heads.current {
            if stored.id == id {
                report.duplicates.append(ref)
            } else if let first = try tx.envelope(space: space, author: header.author, seq: header.seq),
                !first.bytes.isEmpty
            {
                try equivocation(ref, first.bytes, bytes, into: &report)
            } else {
                // A stub, below the checkpoint this replica's state starts from: final here, and without
                // its bytes no conflict can be proven (Protocol/CHECKPOINT.md §5).
                report.duplicates.append(ref)
            }
            try dropPending()
            return
        }
        if !fromPending, pendingCount > 0,
            let waitingID = try tx.pendingID(space: space, author: header.author, seq: header.seq)
        {
            if waitingID == id {
                // Still waiting: not held, so not a duplicate (a session counts duplicates as the peer's).
                report.pending.append(ref)
            } else {
                // A waiting envelope has not been checked against the membership yet: a conflict with
                // it proves nothing (a made-up author could fill the replica with proofs). The first
                // stays; the second is judged again once the batch is done, if the first is stored by
                // then (see `judgeDeferredConflicts`).
                deferredConflicts.append(envelope)
            }
            return
        }
        // Checks come in a fixed order — chain, dependencies, authority — and only then is it decided
        // whether the envelope joins the state or is kept as evidence (beyond a cut-off), so that a
        // re-derivation after the cut-offs change (`rederive`) can take it in without checking it again.
        var excluded = false
        if let cutoff = state.cutoffs[header.author], header.seq > cutoff { excluded = true }
        // The author's chain: the envelope before must be here (in the state or as evidence) and
        // named by `previous`.
        if header.seq > 1 {
            guard let previous = heads.previous else {
                try wait(
                    envelope, id: id, bytes: bytes, ref, fromPending: fromPending,
                    for: .envelope(author: header.author, seq: header.seq - 1), into: &report)
                return
            }
            if !previous.applied { excluded = true }
            guard header.previous?.bytes == previous.id else {
                report.rejected.append((ref, .previousMismatch(seq: header.seq - 1)))
                try dropPending()
                return
            }
            // An author's dependencies never go backwards (MEMBERSHIP.md §3 limits): otherwise it could
            // claim not to have seen what it had, to sort earlier or dodge a heads-lock. (A format-2
            // header's past includes its previous envelope's by construction.)
            let goesBack = header.format == EnvelopeHeader.vectorFormat ? try depsGoBackwards(header) : false
            guard !goesBack else {
                report.rejected.append((ref, .dependenciesGoBack))
                try dropPending()
                return
            }
        }
        // Format 2: the whole causal past, from the previous envelope's and the heads' (ENVELOPE.md §4);
        // every check below reads it as it reads a format-1 vector.
        if header.namesHeads {
            switch try causalPasts.resolve(header, tx) {
            case .missing(let author, let seq):
                try wait(
                    envelope, id: id, bytes: bytes, ref, fromPending: fromPending,
                    for: .envelope(author: author, seq: seq), into: &report)
                return
            case .resolved(let deps):
                do {
                    envelope = try envelope.resolving(deps: deps)
                } catch {
                    report.rejected.append((ref, .headsDoNotFit(error.message)))
                    try dropPending()
                    return
                }
                header = envelope.header
            }
        }
        lastDeps[AuthorKey(space: space, author: header.author)] = (header.seq, header.deps)
        // Dependencies: applied (then their Lamport ends are known), kept as evidence, or still to come.
        var dependencyEnds: [ActorID: UInt64] = [:]
        // Only content that will be opened needs the Lamport ends (a relay never opens it).
        let relay = try header.kind == .content && isRelay(in: space)
        let needsEnds = header.kind == .content && !relay
        for (author, seq) in header.deps.entries {
            if state.version[author] >= seq {
                if excluded || !needsEnds { continue }
                if author == header.author, seq == header.seq - 1, let end = heads.previous?.lamportEnd {
                    dependencyEnds[author] = end
                } else {
                    dependencyEnds[author] = try lamportEnd(space, author, seq)
                }
            } else if try tx.envelopeHead(space: space, author: author, seq: seq) != nil {
                excluded = true  // stored, but as evidence
            } else {
                try wait(
                    envelope, id: id, bytes: bytes, ref, fromPending: fromPending,
                    for: .envelope(author: author, seq: seq), into: &report)
                return
            }
        }
        // Authority at the causal position (Protocol/MEMBERSHIP.md §3).
        var membershipEntry: MembershipEntry?
        if header.kind == .membership {
            do {
                membershipEntry = MembershipEntry(
                    author: header.author, seq: header.seq, deps: header.deps,
                    body: try MembershipBody(decoding: envelope.body))
            } catch {
                report.rejected.append((ref, .malformedMembershipEntry(error.message)))
                try dropPending()
                return
            }
        }
        if let refusal = try authorityRefusal(envelope, entry: membershipEntry) {
            report.rejected.append((ref, refusal))
            try dropPending()
            return
        }
        if let membershipEntry { try noteMembershipEntry(membershipEntry, in: space) }
        if !excluded, try !isAuthorized(envelope) { excluded = true }
        guard !excluded else {
            try keepAsEvidence(envelope, id: id, bytes: bytes, ref, into: &report)
            try dropPending()
            return
        }
        guard header.kind == .content else {
            let inherited = header.seq == 1 ? 0 : heads.previous?.lamportEnd ?? 0
            try storeApplied(
                header, id: id, bytes: bytes, ref, document: nil, lamportEnd: inherited, fromPending: fromPending,
                state: &state, into: &report)
            if membershipEntry == nil {
                try keyWrapApplied(envelope.body, author: header.author, in: space)
            }
            return
        }
        if relay {
            // Relay mode: verified and in the log, forwarded byte for byte, never opened.
            try storeApplied(
                header, id: id, bytes: bytes, ref, document: nil, lamportEnd: nil, fromPending: fromPending,
                state: &state, into: &report)
            return
        }
        // Decrypt, decode and apply.
        // The key: one this node holds, else one sealed to it in a key wrap that has arrived but not
        // applied yet (a new member gets the history before the wraps that come after it in the log).
        var provisional = false
        var key = keys[space]?[header.epoch]
        if key == nil {
            key = try lookAheadKey(space, epoch: header.epoch)
            provisional = key != nil
        }
        guard let key else {
            // Its key may still be on its way (a key wrap sealed to this node): wait for it.
            try wait(
                envelope, id: id, bytes: bytes, ref, fromPending: fromPending, for: .key(epoch: header.epoch),
                into: &report)
            return
        }
        let change: Change
        do {
            let plaintext = try envelope.openVerified(with: key)
            change = try Change(actor: header.author, seq: header.seq, deps: header.deps, body: plaintext)
        } catch {
            if provisional {
                // A key from a wrap not yet checked in order decides nothing: wait for the real one.
                try wait(
                    envelope, id: id, bytes: bytes, ref, fromPending: fromPending, for: .key(epoch: header.epoch),
                    into: &report)
                return
            }
            report.rejected.append((ref, .unopenable("\(error)")))
            try dropPending()
            return
        }
        let documentKey = DocumentCache.Key(space: space, document: change.document)
        var working = try documents.removeValue(forKey: documentKey) ?? loadWorking(documentKey)
        do {
            _ = try working.document.applyRemote(change, dependencyEnds: dependencyEnds)
            working.applied.append(TailChange(author: header.author, seq: header.seq, body: change.encodedBody()))
        } catch {
            documents[documentKey] = working
            report.rejected.append((ref, .invalidChange(error.message)))
            try dropPending()
            return
        }
        working.latest = max(working.latest, Latest(lamport: change.lamportEnd, author: header.author))
        documents[documentKey] = working
        state.maxLamport = max(state.maxLamport, change.lamportEnd)
        try storeApplied(
            header, id: id, bytes: bytes, ref, document: change.document, lamportEnd: change.lamportEnd,
            fromPending: fromPending, state: &state, into: &report)
    }
}
