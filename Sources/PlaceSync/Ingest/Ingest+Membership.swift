internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// Membership during ingest: authority at the causal position, reconciling cut-offs, key wraps, relays.
extension Ingest {
    /// Why `envelope` is refused outright, or `nil`: its author was never given the role it needs by
    /// any entry in its causal past (content needs admin or writer, membership entries and key wraps
    /// admin), or it is a genesis that does not define the space. Stable — it depends on the envelope's
    /// past alone — so every replica refuses the same envelopes whenever they arrive.
    mutating func authorityRefusal(_ envelope: Envelope, entry: MembershipEntry?) throws -> IngestRefusal? {
        let header = envelope.header
        if case .genesis(let nonce, _) = entry?.operation {
            guard header.seq == 1, header.deps.isEmpty,
                Membership.spaceID(creator: header.author, nonce: nonce) == header.space
            else { return .notTheGenesis }
            return nil
        }
        let needed = Self.roleNeeded(for: header.kind)
        guard
            try membership(of: header.space).everGranted(needed, to: header.author, seq: header.seq, deps: header.deps)
        else {
            return .noAuthority(needed: needed)
        }
        return nil
    }

    /// Whether the rules let `envelope`'s author sign it (`Protocol/MEMBERSHIP.md` §3): its role for it —
    /// at its causal position, heads-locked by revocations it had not seen — is strong enough. What
    /// fails here is kept as evidence, since a revocation can turn out void later.
    mutating func isAuthorized(_ envelope: Envelope) throws -> Bool {
        let header = envelope.header
        if header.kind == .membership { return true }  // the rules judge entries themselves
        let role = try membership(of: header.space).role(of: header.author, seq: header.seq, deps: header.deps)
        guard let role else { return false }
        return role.rawValue <= Self.roleNeeded(for: header.kind).rawValue
    }

    static func roleNeeded(for kind: EnvelopeHeader.Kind) -> MemberRole {
        switch kind {
        case .content: .writer
        case .membership, .keyWrap: .admin
        }
    }

    /// The membership of the entries held so far (re-evaluated once after entries were added).
    mutating func membership(of space: SpaceID) throws -> Membership {
        if let known = currentMembership[space] { return known }
        if membershipEntries[space] == nil {
            membershipEntries[space] = try node.membershipEntries(tx, space: space)
        }
        let membership = Membership.evaluate(membershipEntries[space] ?? [], space: space)
        currentMembership[space] = membership
        return membership
    }

    /// Notes that this node wrote membership entries itself in the transaction.
    mutating func membershipChangedLocally(in space: SpaceID, revocationsBefore: Set<MembershipEntry.Key>) {
        membershipChanged.insert(space)
        if self.revocationsBefore[space] == nil { self.revocationsBefore[space] = revocationsBefore }
        forgetMembership(of: space)
    }

    /// Records a stored membership entry (in the state or as evidence: the rules see them all).
    mutating func noteMembershipEntry(_ entry: MembershipEntry, in space: SpaceID) throws {
        if revocationsBefore[space] == nil {
            revocationsBefore[space] = try membership(of: space).revocations
        }
        membershipChanged.insert(space)
        // Not loaded yet: it will be loaded from the store, with this entry, when needed.
        membershipEntries[space]?.append(entry)
        currentMembership[space] = nil
    }

    /// Brings each space whose membership entries changed in line with its rules: the cut-offs become
    /// the removals' (with equivocations'), and if they moved — either way — the state is re-derived
    /// from the log.
    mutating func reconcileMembership() throws {
        for space in membershipChanged.sorted() {
            // The node's snapshot evaluates the same stored entries once per state of them.
            let membership = try node.membership(tx, space: space)
            var target: [ActorID: (seq: UInt64, reason: String)] = membership.cutoffs.mapValues { ($0, "removed") }
            for proof in try tx.equivocations(space: space)
            where proof.seq - 1 < (target[proof.author]?.seq ?? .max) {
                target[proof.author] = (proof.seq - 1, "equivocation")
            }
            let current = try tx.cutoffs(space: space)
            // Role changes heads-lock too: content a demoted member signed beyond what its admin had
            // seen leaves the state, and comes back if the demotion turns out void.
            let revocationsMoved = revocationsBefore[space].map { $0 != membership.revocations } ?? false
            guard current != target.mapValues(\.seq) || revocationsMoved else { continue }
            try tx.replaceCutoffs(space: space, with: target)
            lamportEnds.removeAll()
            _ = try saveDocuments()
            try rederive(space)
            spaces[space] = nil
        }
        membershipChanged.removeAll()
        revocationsBefore.removeAll()
    }

    /// A content key of `epoch` from a key wrap sealed to this node that is in this batch or waiting,
    /// not yet applied (its own checks come when its turn comes in its author's log).
    mutating func lookAheadKey(_ space: SpaceID, epoch: UInt64) throws -> ContentKey? {
        if lookAhead[space] == nil {
            var found: [UInt64: ContentKey] = [:]
            let candidates =
                (batchKeyWraps[space] ?? [])
                + (try tx.pendingEnvelopes(space: space, kind: EnvelopeHeader.Kind.keyWrap.rawValue))
            // Only wraps signed by a node that is an admin now: a writer's own wrap must not let this
            // replica open content that every other replica refuses to (their wrap would be refused).
            let membership = try node.membership(tx, space: space)
            for bytes in candidates {
                guard let envelope = try? Envelope(decoding: bytes), envelope.header.kind == .keyWrap,
                    membership.role(of: envelope.header.author) == .admin,
                    let wrap = try? KeyWrap(encoded: envelope.body), wrap.space == space.bytes,
                    wrap.sender.publicKey == envelope.header.author.bytes,
                    let pair = node.identity.pair(for: wrap.recipient), let key = try? wrap.unwrap(with: pair),
                    try keyFits(key, from: envelope.header.author, in: space, requireStartedEpoch: false),
                    let contentKey = try? key.contentKey()
                else { continue }
                if found[wrap.epoch] == nil { found[wrap.epoch] = contentKey }
            }
            lookAhead[space] = found
        }
        return lookAhead[space]?[epoch]
    }

    /// Whether `key`, sealed by `sender`, may be taken as its epoch's key: its epoch was started by an
    /// entry held (unless `requireStartedEpoch` is false: a look-ahead key may come before its entry), and
    /// it matches the commitment that entry carries — or, for an entry without one (a version 1 body),
    /// it comes from that entry's own author, the admin that made the key.
    mutating func keyFits(_ key: EpochKey, from sender: ActorID, in space: SpaceID, requireStartedEpoch: Bool) throws
        -> Bool
    {
        let membership = try membership(of: space)
        guard membership.startedEpochs.contains(key.epoch) else { return !requireStartedEpoch }
        guard let commitment = membership.keyCommitment(forEpoch: key.epoch) else {
            return membership.starter(ofEpoch: key.epoch) == sender
        }
        return try key.commitment(space: space.bytes) == commitment
    }

    /// Content this node kept unopened while it was a relay is opened once it reads the space and holds
    /// keys (a re-derivation that materializes it).
    mutating func openContentKeptUnopened() throws {
        for space in keysChanged.sorted() {
            relaySpaces[space] = nil  // the role may have changed in this batch
            guard try !isRelay(in: space) else { continue }
            guard try tx.unopenedContentCount(space: space) > 0 else { continue }
            lamportEnds.removeAll()
            _ = try saveDocuments()
            try rederive(space)
            spaces[space] = nil
        }
    }

    /// Whether this node is a relay of the space (it then stores and forwards content unopened).
    ///
    /// Judged by the membership that applies and, when that does not make it one, by the entries that
    /// wait as well: a hub that took a space on from its chain holds its own relay entry waiting for
    /// the content its admin wrote before adding it — content that would otherwise wait in turn for a
    /// key the relay never gets. The waiting entries are signed and evaluated by the same rules (only
    /// an admin's entry makes this node a relay); being a relay only lets it keep content unopened.
    mutating func isRelay(in space: SpaceID) throws -> Bool {
        if let known = relaySpaces[space] { return known }
        var relay = try node.membership(tx, space: space).role(of: node.actor) == .relay
        if !relay {
            let waiting = try tx.pendingEnvelopes(space: space, kind: EnvelopeHeader.Kind.membership.rawValue)
            if !waiting.isEmpty {
                var entries = try node.membershipEntries(tx, space: space)
                for bytes in waiting {
                    guard let envelope = try? Envelope(decoding: bytes), (try? envelope.verify()) != nil,
                        let body = try? MembershipBody(decoding: envelope.body)
                    else { continue }
                    entries.append(
                        MembershipEntry(
                            author: envelope.header.author, seq: envelope.header.seq, deps: envelope.header.deps,
                            operation: body.operation, keyCommitment: body.keyCommitment))
                }
                relay = Membership.evaluate(entries, space: space).role(of: node.actor) == .relay
            }
        }
        relaySpaces[space] = relay
        return relay
    }

    /// Drops what was loaded of a space's membership (after a rebuild changed which entries apply).
    mutating func forgetMembership(of space: SpaceID) {
        membershipEntries[space] = nil
        currentMembership[space] = nil
        relaySpaces[space] = nil
    }

    /// After a key wrap applied: if it is sealed to this node, its epoch key becomes usable at once —
    /// if an entry started that epoch, the key matches the commitment that entry carries (when it carries
    /// one), and no key of that epoch is held yet (the first one wins: a later wrap cannot replace it).
    mutating func keyWrapApplied(_ body: [UInt8], author: ActorID, in space: SpaceID) throws {
        guard let wrap = try? KeyWrap(encoded: body), wrap.space == space.bytes,
            wrap.sender.publicKey == author.bytes,
            let pair = node.identity.pair(for: wrap.recipient), let key = try? wrap.unwrap(with: pair),
            let contentKey = try? key.contentKey()
        else { return }
        guard try keyFits(key, from: author, in: space, requireStartedEpoch: true) else { return }
        try tx.insertEpochKey(space: space, epoch: wrap.epoch, wrap: body)
        keys[space, default: [:]][wrap.epoch] = contentKey
        keysChanged.insert(space)
        keyArrivals.insert(space)
    }
}
