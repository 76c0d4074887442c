internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// Membership during ingest: authority at the causal position, reconciling cut-offs, key wraps, relays.
extension Ingest {
    /// Why `envelope`'s author may not write it at its causal position, or `nil` when it may: content
    /// needs an admin or writer, membership entries and key wraps an admin; a genesis must be the one
    /// that defines the space.
    mutating func authorityRefusal(_ envelope: Envelope, entry: MembershipEntry?) throws -> String? {
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
    mutating func membership(of space: SpaceID, at deps: VersionVector) throws -> Membership {
        if membershipEntries[space] == nil {
            membershipEntries[space] = try node.membershipEntries(tx, space: space)
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
    mutating func noteMembershipEntry(_ entry: MembershipEntry, in space: SpaceID) {
        membershipChanged.insert(space)
        // Not loaded yet: it will be loaded from the store, with this entry, when needed.
        membershipEntries[space]?.append(entry)
    }

    /// Brings each space whose membership entries changed in line with its rules: the cut-offs become
    /// the removals' (with equivocations'), and if they moved — either way — the state is re-derived
    /// from the log.
    mutating func reconcileMembership() throws {
        for space in membershipChanged.sorted() {
            let entries = try node.membershipEntries(tx, space: space)
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
    mutating func lookAheadKey(_ space: SpaceID, epoch: UInt64) throws -> ContentKey? {
        if lookAhead[space] == nil {
            var found: [UInt64: ContentKey] = [:]
            let candidates = (batchKeyWraps[space] ?? []) + (try tx.pendingEnvelopes(space: space.bytes))
            // Only wraps signed by a node that is an admin now: a writer's own wrap must not let this
            // replica open content that every other replica refuses to (their wrap would be refused).
            let membership = try node.membership(tx, space: space)
            for bytes in candidates {
                guard let envelope = try? Envelope(decoding: bytes), envelope.header.kind == .keyWrap,
                    membership.role(of: envelope.header.author) == .admin,
                    let wrap = try? KeyWrap(encoded: envelope.body), wrap.space == space.bytes,
                    wrap.sender.publicKey == envelope.header.author.bytes,
                    let pair = node.identity.pair(for: wrap.recipient), let key = try? wrap.unwrap(with: pair),
                    let contentKey = try? key.contentKey()
                else { continue }
                found[wrap.epoch] = contentKey
            }
            lookAhead[space] = found
        }
        return lookAhead[space]?[epoch]
    }

    /// Content this node kept unopened while it was a relay is opened once it reads the space and holds
    /// keys (a re-derivation that materializes it).
    mutating func openContentKeptUnopened() throws {
        for space in keysChanged.sorted() {
            relaySpaces[space] = nil  // the role may have changed in this batch
            guard try !isRelay(in: space) else { continue }
            guard try tx.unopenedContentCount(space: space.bytes) > 0 else { continue }
            lamportEnds.removeAll()
            _ = try saveDocuments()
            try rederive(space)
            spaces[space] = nil
        }
    }

    /// Whether this node is a relay of the space (it then stores and forwards content unopened).
    mutating func isRelay(in space: SpaceID) throws -> Bool {
        if let known = relaySpaces[space] { return known }
        let relay = try node.membership(tx, space: space).role(of: node.actor) == .relay
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
    mutating func keyWrapApplied(_ body: [UInt8], author: ActorID, in space: SpaceID) throws {
        guard let wrap = try? KeyWrap(encoded: body), wrap.space == space.bytes,
            wrap.sender.publicKey == author.bytes,
            let pair = node.identity.pair(for: wrap.recipient), let key = try? wrap.unwrap(with: pair),
            let contentKey = try? key.contentKey()
        else { return }
        try tx.insertEpochKey(space: space.bytes, epoch: wrap.epoch, wrap: body)
        keys[space, default: [:]][wrap.epoch] = contentKey
        keysChanged.insert(space)
    }
}
