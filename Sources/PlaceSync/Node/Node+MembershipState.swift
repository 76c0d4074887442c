internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

/// The membership as the node keeps it: evaluated snapshots, epoch keys, and signed membership writes.
extension Node {
    /// Every epoch key of a space this node holds, oldest first.
    func allEpochKeys(_ space: SpaceID) throws -> [EpochKey] {
        let wraps = try Self.storageCall { try store.read { tx in try tx.epochKeys(space: space) } }
        return try wraps.sorted { $0.epoch < $1.epoch }.map { try unwrapEpochKey($0.wrap) }
    }

    /// The membership entries of a space, decoded from its stored membership envelopes (all of them, in
    /// the state or kept as evidence: the rules decide what counts). Cached until the space's
    /// membership and key-wrap envelopes change.
    func membershipEntries(_ tx: StoreTransaction, space: SpaceID) throws -> [MembershipEntry] {
        try membershipSnapshot(tx, space: space).entries
    }

    /// The membership of a space (cached likewise).
    func membership(_ tx: StoreTransaction, space: SpaceID) throws -> Membership {
        try membershipSnapshot(tx, space: space).membership
    }

    /// This node's role as its next envelope will be judged: at its causal position (the version vector
    /// it will carry as dependencies), capped by any counted revocation outside that vector (one this
    /// node keeps as evidence only).
    func roleForNextWrite(_ tx: StoreTransaction, space: SpaceID) throws -> MemberRole? {
        let membership = try membershipSnapshot(tx, space: space).membership
        let version = try tx.version(space: space)
        let lastSeq = try tx.lastSeq(space: space, author: actor)
        return membership.role(of: actor, seq: lastSeq + 1, deps: version)
    }

    /// The entries and the membership of a space, evaluated once per state of its non-content
    /// envelopes (their count, last row and last id: a rolled-back write cannot leave a stale copy).
    func membershipSnapshot(_ tx: StoreTransaction, space: SpaceID) throws -> MembershipSnapshot {
        let stamp = try tx.nonContentStamp(space: space)
        if let cached = membershipCache.withLock({ $0[space] }), cached.stamp == stamp { return cached }
        let entries = try tx.envelopes(
            space: space, kind: EnvelopeHeader.Kind.membership.rawValue, includeEvidence: true
        ).map { stored in
            let envelope = try Envelope(decoding: stored.bytes)
            let body = try MembershipBody(decoding: envelope.body)
            return MembershipEntry(
                author: stored.author, seq: stored.seq, deps: envelope.header.deps, operation: body.operation,
                keyCommitment: body.keyCommitment)
        }
        let snapshot = MembershipSnapshot(
            stamp: stamp, entries: entries, membership: Membership.evaluate(entries, space: space))
        membershipCache.withLock { $0[space] = snapshot }
        return snapshot
    }

    /// Appends signed envelopes of this node (membership entries, key wraps) in one transaction, after
    /// checking that this node is an admin of the space.
    func writeMembership(
        in space: SpaceID, _ bodies: (StoreTransaction) throws -> [(EnvelopeHeader.Kind, [UInt8])]
    ) throws {
        let keys = [space: (try? allContentKeys(space)) ?? [:]]
        let saved: [DocumentCache.Key: (Document, Int64)] = try Self.storageCall {
            try store.write { tx in
                guard try tx.space(space) != nil else {
                    throw SyncError(.unknownSpace, "this replica does not hold space \(space)")
                }
                guard try roleForNextWrite(tx, space: space) == .admin else {
                    throw SyncError(.notPermitted, "only an admin of space \(space) may change its members")
                }
                let revocationsBefore = try membership(tx, space: space).revocations
                var mayChangeOwnRole = false
                for (kind, body) in try bodies(tx) {
                    // Each envelope is judged at its own causal position: an admin that just removed or
                    // demoted itself may not seal keys afterwards (only an entry about itself can change that).
                    if mayChangeOwnRole { guard try roleForNextWrite(tx, space: space) == .admin else { break } }
                    try appendSigned(tx, space: space, kind: kind, body: body)
                    if kind == .membership {
                        mayChangeOwnRole = (try? MembershipOperation(decoding: body))?.member == actor
                    }
                }
                // The new entries take effect here at once: cut-offs, and what they exclude.
                var ingest = try Ingest(node: self, tx: tx, keys: keys, now: configuration.now())
                ingest.membershipChangedLocally(in: space, revocationsBefore: revocationsBefore)
                try ingest.reconcileMembership()
                return try ingest.saveDocuments()
            }
        }
        documentCache.withLock { cache in
            for (key, value) in saved { cache.store(value.0, revision: value.1, for: key) }
        }
        storeSignal.fire()
    }

    /// Signs and stores this node's next envelope of `kind` in `space` (not content).
    @discardableResult
    func appendSigned(_ tx: StoreTransaction, space: SpaceID, kind: EnvelopeHeader.Kind, body: [UInt8]) throws
        -> Envelope
    {
        let actor = self.actor
        let version = try tx.version(space: space)
        let lastSeq = try tx.lastSeq(space: space, author: actor)
        guard version[actor] == lastSeq else {
            throw SyncError(.authorFrozen, "this node's own envelopes in space \(space) are not all applied")
        }
        let previous = try tx.envelope(space: space, author: actor, seq: lastSeq).map {
            try EnvelopeID(bytes: $0.id)
        }
        let epoch = try membership(tx, space: space).epoch
        let (header, causalPast, _) = try nextHeader(
            tx, kind: kind, space: space, seq: lastSeq + 1, epoch: epoch, previous: previous, version: version)
        let envelope = try Envelope.signed(header: header, body: body, author: identity.current)
        let inherited = lastSeq == 0 ? 0 : try tx.lamportEnd(space: space, author: actor, seq: lastSeq) ?? 0
        try tx.insertEnvelope(
            StoredEnvelope(
                space: space, author: actor, seq: header.seq, kind: kind.rawValue, epoch: epoch,
                id: envelope.id.bytes, bytes: envelope.encoded, document: nil, lamportEnd: inherited, applied: true,
                causalPast: causalPast))
        if kind == .keyWrap, let wrap = try? KeyWrap(encoded: body), wrap.recipient == nodeID {
            try tx.insertEpochKey(space: space, epoch: wrap.epoch, wrap: body)
        }
        return envelope
    }
}

extension Node {
    /// Every stored membership entry of a space (in the state or as evidence). Tests only.
    package func storedMembershipEntries(in space: SpaceID) throws -> [MembershipEntry] {
        try Self.storageCall { try store.read { tx in try membershipEntries(tx, space: space) } }
    }
}

/// A space's membership as evaluated for one state of its non-content envelopes.
struct MembershipSnapshot: Sendable {
    var stamp: [Int64]
    var entries: [MembershipEntry]
    var membership: Membership
    /// Whether a key wrap of the current epoch names a node that does not read the space (computed once).
    var epochReachedNonReaders: Bool?
}
