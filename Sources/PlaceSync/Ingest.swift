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
    }

    struct WorkingDocument {
        var document: Document
        var latest: Latest
        /// The title and text the full-text index holds for it (`nil`: not indexed yet).
        var indexed: (title: String?, body: String)?
    }

    let node: Node
    let tx: StoreTransaction
    var keys: [SpaceID: [UInt64: ContentKey]]
    /// Membership entries per space, loaded once per batch and extended as entries apply.
    private var membershipEntries: [SpaceID: [MembershipEntry]] = [:]
    /// Spaces that received membership entries in this batch.
    private var membershipChanged: Set<SpaceID> = []
    /// Whether this node is a relay, per space (see `isRelay(in:)`).
    private var relaySpaces: [SpaceID: Bool] = [:]
    /// Memberships evaluated at causal positions, by the entries they cover.
    private var membershipCache: [SpaceID: [Set<MembershipEntry.Key>: Membership]] = [:]
    /// Spaces whose epoch keys changed in this batch (the node's key cache must forget them).
    private(set) var keysChanged: Set<SpaceID> = []
    /// The key-wrap envelopes of this batch, per space (for `lookAheadKey`).
    var batchKeyWraps: [SpaceID: [[UInt8]]] = [:]
    private var lookAhead: [SpaceID: [UInt64: ContentKey]] = [:]
    let now: Double
    private var spaces: [SpaceID: SpaceState] = [:]
    private var documents: [DocumentCache.Key: WorkingDocument] = [:]
    /// Documents saved so far (by rebuilds), with their revisions.
    private var saved: [DocumentCache.Key: (Document, Int64)] = [:]
    private var pendingCount: Int
    /// Lamport ends of applied envelopes read during this batch.
    private var lamportEnds: [DependencyKey: UInt64] = [:]

    struct DependencyKey: Hashable {
        var space: SpaceID
        var author: ActorID
        var seq: UInt64
    }

    init(node: Node, tx: StoreTransaction, keys: [SpaceID: [UInt64: ContentKey]], now: Double) throws {
        self.node = node
        self.tx = tx
        self.keys = keys
        self.now = now
        pendingCount = try tx.pendingCount()
    }

    private mutating func state(_ space: SpaceID) throws -> SpaceState? {
        if let state = spaces[space] { return state }
        guard let row = try tx.space(space.bytes) else { return nil }
        let version = try tx.version(space: space.bytes)
        let state = SpaceState(
            version: version, storedVersion: version, cutoffs: try tx.cutoffs(space: space.bytes),
            maxLamport: row.maxLamport)
        spaces[space] = state
        return state
    }

    /// Decides what to do with one verified envelope. `fromPending`: it is being retried from the
    /// pending table (and leaves it unless it must wait on).
    mutating func process(_ envelope: Envelope, fromPending: Bool, into report: inout IngestReport) throws {
        let header = envelope.header
        let space = header.space
        let ref = node.reference(envelope)
        func dropPending() throws {
            if fromPending { try tx.deletePending(space: space.bytes, author: header.author, seq: header.seq) }
        }
        guard var state = try state(space) else {
            report.rejected.append((ref, "this replica does not hold space \(space)"))
            try dropPending()
            return
        }
        let bytes = envelope.encoded
        let id = envelope.id.bytes
        let heads = try tx.envelopeHeads(space: space.bytes, author: header.author, seq: header.seq)
        if let stored = heads.current {
            if stored.id == id {
                report.duplicates.append(ref)
            } else if let first = try tx.envelope(space: space.bytes, author: header.author, seq: header.seq) {
                try equivocation(ref, first.bytes, bytes, into: &report)
            }
            try dropPending()
            return
        }
        if !fromPending, pendingCount > 0,
            let waitingID = try tx.pendingID(space: space.bytes, author: header.author, seq: header.seq)
        {
            if waitingID == id {
                report.duplicates.append(ref)
            } else if let waiting = try tx.pending(space: space.bytes, author: header.author, seq: header.seq) {
                try tx.deletePending(space: space.bytes, author: header.author, seq: header.seq)
                pendingCount -= 1
                try equivocation(ref, waiting.bytes, bytes, into: &report)
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
                try wait(envelope, id: id, bytes: bytes, ref, fromPending: fromPending, into: &report)
                return
            }
            if !previous.applied { excluded = true }
            guard header.previous?.bytes == previous.id else {
                report.rejected.append(
                    (
                        ref,
                        "its previous-envelope id does not match the stored envelope #\(header.seq - 1) of its author"
                    ))
                try dropPending()
                return
            }
        }
        // Dependencies: applied (then their Lamport ends are known), kept as evidence, or still to come.
        var dependencyEnds: [ActorID: UInt64] = [:]
        // A relay never opens content, so it needs no Lamport ends.
        let relay = try header.kind == .content && isRelay(in: space)
        for (author, seq) in header.deps.entries {
            if state.version[author] >= seq {
                if excluded || relay { continue }
                if author == header.author, seq == header.seq - 1, let end = heads.previous?.lamportEnd {
                    dependencyEnds[author] = end
                } else {
                    dependencyEnds[author] = try lamportEnd(space, author, seq)
                }
            } else if try tx.envelopeHead(space: space.bytes, author: author, seq: seq) != nil {
                excluded = true  // stored, but as evidence
            } else {
                try wait(envelope, id: id, bytes: bytes, ref, fromPending: fromPending, into: &report)
                return
            }
        }
        // Authority at the causal position (Protocol/MEMBERSHIP.md §3).
        var membershipEntry: MembershipEntry?
        if header.kind == .membership {
            do {
                membershipEntry = MembershipEntry(
                    author: header.author, seq: header.seq, deps: header.deps,
                    operation: try MembershipOperation(decoding: envelope.body))
            } catch {
                report.rejected.append((ref, "its membership entry is malformed: \(error.message)"))
                try dropPending()
                return
            }
        }
        if let refusal = try authorityRefusal(envelope, entry: membershipEntry) {
            report.rejected.append((ref, refusal))
            try dropPending()
            return
        }
        if let membershipEntry { noteMembershipEntry(membershipEntry, in: space) }
        guard !excluded else {
            try keepAsEvidence(envelope, id: id, bytes: bytes, ref, into: &report)
            try dropPending()
            return
        }
        guard header.kind == .content else {
            let inherited = header.seq == 1 ? 0 : heads.previous?.lamportEnd ?? 0
            try tx.insertEnvelope(
                StoredEnvelope(
                    space: space.bytes, author: header.author, seq: header.seq, kind: header.kind.rawValue,
                    epoch: header.epoch, id: id, bytes: bytes, document: nil, lamportEnd: inherited, applied: true),
                updateClock: false)
            lamportEnds[DependencyKey(space: space, author: header.author, seq: header.seq)] = inherited
            try dropPending()
            state.version[header.author] = header.seq
            spaces[space] = state
            report.applied.append(ref)
            if membershipEntry == nil {
                try keyWrapApplied(envelope.body, in: space)
            }
            return
        }
        if relay {
            // Relay mode: verified and in the log, forwarded byte for byte, never opened.
            try tx.insertEnvelope(
                StoredEnvelope(
                    space: space.bytes, author: header.author, seq: header.seq, kind: header.kind.rawValue,
                    epoch: header.epoch, id: id, bytes: bytes, document: nil, lamportEnd: nil, applied: true),
                updateClock: false)
            try dropPending()
            state.version[header.author] = header.seq
            spaces[space] = state
            report.applied.append(ref)
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
            try wait(envelope, id: id, bytes: bytes, ref, fromPending: fromPending, into: &report)
            return
        }
        let change: Change
        do {
            let plaintext = try envelope.openVerified(with: key)
            change = try Change(actor: header.author, seq: header.seq, deps: header.deps, body: plaintext)
        } catch {
            if provisional {
                // A key from a wrap not yet checked in order decides nothing: wait for the real one.
                try wait(envelope, id: id, bytes: bytes, ref, fromPending: fromPending, into: &report)
                return
            }
            report.rejected.append((ref, "its content does not open or decode: \(error)"))
            try dropPending()
            return
        }
        let documentKey = DocumentCache.Key(space: space, document: change.document)
        var working = try documents.removeValue(forKey: documentKey) ?? loadWorking(documentKey)
        do {
            _ = try working.document.applyRemote(change, dependencyEnds: dependencyEnds)
        } catch {
            documents[documentKey] = working
            report.rejected.append((ref, "its change is invalid: \(error.message)"))
            try dropPending()
            return
        }
        working.latest = max(working.latest, Latest(lamport: change.lamportEnd, author: header.author))
        documents[documentKey] = working
        try tx.insertEnvelope(
            StoredEnvelope(
                space: space.bytes, author: header.author, seq: header.seq, kind: header.kind.rawValue,
                epoch: header.epoch, id: id, bytes: bytes, document: change.document, lamportEnd: change.lamportEnd,
                applied: true), updateClock: false)
        lamportEnds[DependencyKey(space: space, author: header.author, seq: header.seq)] = change.lamportEnd
        try dropPending()
        state.version[header.author] = header.seq
        state.maxLamport = max(state.maxLamport, change.lamportEnd)
        spaces[space] = state
        report.applied.append(ref)
    }

    /// The Lamport end of applied envelope `(author, seq)`: remembered across the batch (an author's
    /// dependency entries repeat from one envelope to the next).
    private mutating func lamportEnd(_ space: SpaceID, _ author: ActorID, _ seq: UInt64) throws -> UInt64 {
        let key = DependencyKey(space: space, author: author, seq: seq)
        if let end = lamportEnds[key] { return end }
        guard let end = try tx.lamportEnd(space: space.bytes, author: author, seq: seq) else {
            throw SyncError(.storage, "the replica lacks the Lamport end of an applied envelope")
        }
        if lamportEnds.count > 100_000 { lamportEnds.removeAll() }
        lamportEnds[key] = end
        return end
    }

    /// Why `envelope`'s author may not write it at its causal position, or `nil` when it may: content
    /// needs an admin or writer, membership entries and key wraps an admin; a genesis must be the one
    /// that defines the space.
    private mutating func authorityRefusal(_ envelope: Envelope, entry: MembershipEntry?) throws -> String? {
        let header = envelope.header
        if case .genesis(let nonce, _) = entry?.operation {
            guard header.seq == 1, header.deps.isEmpty,
                Membership.spaceID(creator: header.author, nonce: nonce) == header.space
            else { return "it is not the genesis of this space" }
            return nil
        }
        let membership = try membership(of: header.space, at: header.deps)
        let role = membership.role(of: header.author)
        switch header.kind {
        case .content:
            guard role?.canWrite == true else {
                return "its author is not a member with write rights at its causal position"
            }
        case .membership, .keyWrap:
            guard role == .admin else { return "its author is not an admin of the space at its causal position" }
        }
        return nil
    }

    /// The membership at a causal position (cached by the entries it covers).
    private mutating func membership(of space: SpaceID, at deps: VersionVector) throws -> Membership {
        if membershipEntries[space] == nil {
            membershipEntries[space] = try Node.membershipEntries(tx, space: space)
        }
        let covered = (membershipEntries[space] ?? []).filter { deps[$0.author] >= $0.seq }
        let key = Set(covered.map(\.key))
        if let cached = membershipCache[space]?[key] { return cached }
        let membership = Membership.evaluate(covered, space: space)
        membershipCache[space, default: [:]][key] = membership
        return membership
    }

    /// Notes that this node wrote membership entries itself in the transaction.
    mutating func membershipChangedLocally(in space: SpaceID) {
        membershipChanged.insert(space)
        forgetMembership(of: space)
    }

    /// Records a stored membership entry (in the state or as evidence: the rules see them all).
    private mutating func noteMembershipEntry(_ entry: MembershipEntry, in space: SpaceID) {
        membershipChanged.insert(space)
        // Not loaded yet: it will be loaded from the store, with this entry, when needed.
        membershipEntries[space]?.append(entry)
    }

    /// Brings each space whose membership entries changed in line with its rules: the cut-offs become
    /// the removals' (with equivocations'), and if they moved — either way — the state is re-derived
    /// from the log.
    mutating func reconcileMembership() throws {
        for space in membershipChanged.sorted() {
            let entries = try Node.membershipEntries(tx, space: space)
            let membership = Membership.evaluate(entries, space: space)
            var target: [ActorID: (seq: UInt64, reason: String)] = membership.cutoffs.mapValues { ($0, "removed") }
            for proof in try tx.equivocations(space: space.bytes)
            where proof.seq - 1 < (target[proof.author]?.seq ?? .max) {
                target[proof.author] = (proof.seq - 1, "equivocation")
            }
            let current = try tx.cutoffs(space: space.bytes)
            guard current != target.mapValues(\.seq) else { continue }
            try tx.replaceCutoffs(space: space.bytes, with: target)
            lamportEnds.removeAll()
            _ = try saveDocuments()
            try rederive(space)
            spaces[space] = nil
        }
        membershipChanged.removeAll()
    }

    /// A content key of `epoch` from a key wrap sealed to this node that is in this batch or waiting,
    /// not yet applied (its own checks come when its turn comes in its author's log).
    private mutating func lookAheadKey(_ space: SpaceID, epoch: UInt64) throws -> ContentKey? {
        if lookAhead[space] == nil {
            var found: [UInt64: ContentKey] = [:]
            let candidates = (batchKeyWraps[space] ?? []) + (try tx.pendingEnvelopes(space: space.bytes))
            for bytes in candidates {
                guard let envelope = try? Envelope(decoding: bytes), envelope.header.kind == .keyWrap,
                    let wrap = try? KeyWrap(encoded: envelope.body), wrap.space == space.bytes,
                    let pair = node.identity.pair(for: wrap.recipient), let key = try? wrap.unwrap(with: pair),
                    let contentKey = try? key.contentKey()
                else { continue }
                found[wrap.epoch] = contentKey
            }
            lookAhead[space] = found
        }
        return lookAhead[space]?[epoch]
    }

    /// Whether this node is a relay of the space (it then stores and forwards content unopened).
    mutating func isRelay(in space: SpaceID) throws -> Bool {
        if let known = relaySpaces[space] { return known }
        let relay = try Node.membership(tx, space: space).role(of: node.actor) == .relay
        relaySpaces[space] = relay
        return relay
    }

    /// Drops what was loaded of a space's membership (after a rebuild changed which entries apply).
    mutating func forgetMembership(of space: SpaceID) {
        membershipEntries[space] = nil
        membershipCache[space] = nil
        relaySpaces[space] = nil
    }

    /// After a key wrap applied: if it is sealed to this node, its epoch key becomes usable at once.
    private mutating func keyWrapApplied(_ body: [UInt8], in space: SpaceID) throws {
        guard let wrap = try? KeyWrap(encoded: body), wrap.space == space.bytes,
            let pair = node.identity.pair(for: wrap.recipient), let key = try? wrap.unwrap(with: pair),
            let contentKey = try? key.contentKey()
        else { return }
        try tx.insertEpochKey(space: space.bytes, epoch: wrap.epoch, wrap: body)
        keys[space, default: [:]][wrap.epoch] = contentKey
        keysChanged.insert(space)
    }

    private mutating func wait(
        _ envelope: Envelope, id: [UInt8], bytes: [UInt8], _ ref: EnvelopeRef, fromPending: Bool,
        into report: inout IngestReport
    ) throws {
        guard !fromPending else { return }
        guard pendingCount < Node.pendingLimit else {
            report.rejected.append(
                (ref, "\(pendingCount) envelopes already wait for dependencies; sync the missing ones first"))
            return
        }
        let header = envelope.header
        try tx.insertPending(space: header.space.bytes, author: header.author, seq: header.seq, id: id, bytes: bytes)
        pendingCount += 1
        report.pending.append(ref)
    }

    private func keepAsEvidence(
        _ envelope: Envelope, id: [UInt8], bytes: [UInt8], _ ref: EnvelopeRef, into report: inout IngestReport
    ) throws {
        let header = envelope.header
        try tx.insertEnvelope(
            StoredEnvelope(
                space: header.space.bytes, author: header.author, seq: header.seq, kind: header.kind.rawValue,
                epoch: header.epoch, id: id, bytes: bytes, document: nil, lamportEnd: nil, applied: false))
        report.excluded.append(ref)
    }

    /// Retries waiting envelopes of `spaces` until none moves.
    mutating func drainPending(spaces: Set<SpaceID>, into report: inout IngestReport) throws {
        var progress = true
        while progress {
            progress = false
            for space in spaces.sorted() {
                let waiting = try tx.pendingEnvelopes(space: space.bytes)
                for bytes in waiting {
                    // Its signature was checked before it was stored.
                    let envelope = try Envelope(decoding: bytes)
                    let before =
                        report.applied.count + report.excluded.count + report.rejected.count
                        + report.duplicates.count + report.equivocations.count
                    try process(envelope, fromPending: true, into: &report)
                    let after =
                        report.applied.count + report.excluded.count + report.rejected.count
                        + report.duplicates.count + report.equivocations.count
                    if after != before {
                        pendingCount -= 1
                        progress = true
                    }
                }
            }
        }
    }

    /// A document to edit, with the latest change it holds.
    private func loadWorking(_ key: DocumentCache.Key) throws -> WorkingDocument {
        guard let stored = try tx.document(space: key.space.bytes, id: key.document) else {
            return WorkingDocument(document: Document(), latest: Latest(lamport: 0, author: node.actor), indexed: nil)
        }
        let document = try node.decode(stored, key: key)
        return WorkingDocument(
            document: document,
            latest: Latest(lamport: stored.summary.updatedLamport, author: stored.summary.updatedBy),
            indexed: (title: stored.summary.title, body: stored.summary.body))
    }

    mutating func recordSaved(_ key: DocumentCache.Key, _ document: Document, _ revision: Int64) {
        saved[key] = (document, revision)
    }

    /// Saves every edited document and the spaces' Lamport clocks. Returns what was saved.
    mutating func saveDocuments() throws -> [DocumentCache.Key: (Document, Int64)] {
        for (key, working) in documents {
            let summary = working.document.summary(updatedAt: now, latest: working.latest)
            let unchanged = working.indexed.map { $0.title == summary.title && $0.body == summary.body } ?? false
            let revision = try tx.saveDocument(
                space: key.space.bytes, id: key.document, snapshot: working.document.snapshot(), summary: summary,
                reindex: !unchanged)
            saved[key] = (working.document, revision)
        }
        documents.removeAll()
        for (space, state) in spaces {
            try tx.raiseMaxLamport(space: space.bytes, to: state.maxLamport)
            // The clocks of the authors this batch applied (stored once per batch, not per envelope).
            for (author, seq) in state.version.entries where seq > (state.storedVersion[author]) {
                try tx.raiseClock(space: space.bytes, author: author, to: seq)
            }
            spaces[space]?.storedVersion = state.version
        }
        return saved
    }

    /// Records the proof, freezes the author at seq − 1 and rebuilds what had applied beyond.
    private mutating func equivocation(
        _ ref: EnvelopeRef, _ first: [UInt8], _ second: [UInt8], into report: inout IngestReport
    ) throws {
        try tx.insertEquivocation(
            space: ref.space.bytes, author: ref.author, seq: ref.seq, first: first, second: second)
        try tx.setCutoff(space: ref.space.bytes, author: ref.author, maxSeq: ref.seq - 1, reason: "equivocation")
        report.equivocations.append(ref)
        lamportEnds.removeAll()
        _ = try saveDocuments()
        try rederive(ref.space)
        spaces[ref.space] = nil
    }
}
