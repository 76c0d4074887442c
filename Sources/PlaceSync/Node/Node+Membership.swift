internal import PlaceBinary
internal import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
public import PlaceWire
internal import Synchronization

/// A member of a space, as ``Node/members(in:)-74w1m`` lists them.
public struct MemberInfo: Hashable, Sendable {
    /// The member's node id.
    public var node: NodeID
    /// Its role.
    public var role: MemberRole
    /// Its display name, if it has one and this node can read it (relays cannot).
    public var displayName: String?
}

extension Node {
    /// The members of a space and their roles, evaluated from its membership entries
    /// (`Protocol/MEMBERSHIP.md` §3).
    public func members(in space: SpaceID) throws -> [MemberInfo] {
        let membership = try self.membership(of: space)
        let keys = (try? allContentKeys(space)) ?? [:]
        return membership.roles.compactMap { member, role in
            // Every actor id is 32 bytes, so it is a node id.
            guard let node = try? NodeID(publicKey: member.bytes) else { return nil }
            return MemberInfo(
                node: node, role: role,
                displayName: membership.sealedNames[member].flatMap {
                    Self.openName($0, of: member, in: space, keys: keys)
                })
        }.sorted { $0.node < $1.node }
    }

    /// Seals a display name under a content key: `u64be epoch ‖ XChaCha20-Poly1305(name)` with the
    /// space and member as associated data. Empty for an empty name.
    static func sealName(_ name: String, of member: ActorID, in space: SpaceID, key: ContentKey) throws -> [UInt8] {
        guard !name.isEmpty else { return [] }
        let bytes = Array(name.utf8.prefix(256))
        let epoch = key.epoch.bigEndianBytes
        return epoch + (try key.seal(bytes, associatedData: space.bytes + member.bytes))
    }

    static func openName(_ sealed: [UInt8], of member: ActorID, in space: SpaceID, keys: [UInt64: ContentKey])
        -> String?
    {
        guard sealed.count > 8 else { return nil }
        guard let epoch = UInt64(bigEndianBytes: sealed.prefix(8)) else { return nil }
        guard let key = keys[epoch],
            let name = try? key.open(Array(sealed.dropFirst(8)), associatedData: space.bytes + member.bytes)
        else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    /// The space's membership (roles and cut-offs).
    public func membership(of space: SpaceID) throws -> Membership {
        try Self.storageCall { try store.read { tx in try membership(tx, space: space) } }
    }

    /// Adds `member` with `role` (an admin's act): writes the `add` entry and, unless the role is relay,
    /// seals every epoch key of the space to the new member — so it can read the whole history.
    /// - Throws: ``SyncError/Code/invalidInput`` when this node is not an admin of the space.
    public func addMember(_ member: NodeID, role: MemberRole, in space: SpaceID, displayName: String = "") throws {
        guard let memberActor = ActorID(bytes: member.publicKey) else {
            throw SyncError(.invalidInput, "a node id is 32 bytes")
        }
        try admit(memberActor, node: member, role: role, inviteNonce: nil, in: space, displayName: displayName)
    }

    /// Writes an admission (`add`, or on an invite `admitInvited`) and the key wraps for the new member.
    func admit(
        _ memberActor: ActorID, node member: NodeID, role: MemberRole, inviteNonce: [UInt8]?, in space: SpaceID,
        displayName: String
    ) throws {
        let keys = role.readsContent ? try allEpochKeys(space) : []
        // The name is sealed under the current epoch's key, or the newest this node holds.
        var sealedName: [UInt8] = []
        if !displayName.isEmpty,
            let key = (try? currentContentKey(space)) ?? (try? allEpochKeys(space).last.map { try $0.contentKey() })
                ?? nil
        {
            sealedName = try Self.sealName(displayName, of: memberActor, in: space, key: key)
        }
        try writeMembership(in: space) { tx in
            let operation: MembershipOperation =
                if let inviteNonce {
                    .admitInvited(member: memberActor, role: role, inviteNonce: inviteNonce, sealedName: sealedName)
                } else {
                    .add(member: memberActor, role: role, sealedName: sealedName)
                }
            if let inviteNonce, try membership(tx, space: space).usedInvites.contains(inviteNonce) {
                throw SyncError(.inviteUsed, "this invite was already used; send a new one")
            }
            var bodies: [(EnvelopeHeader.Kind, [UInt8])] = [
                (.membership, MembershipBody(operation, keyCommitment: nil).encoded())
            ]
            for key in keys {
                let wrap = try KeyWrap.wrap(key, space: space.bytes, to: member, from: identity.current)
                bodies.append((.keyWrap, wrap.encoded))
            }
            return bodies
        }
    }

    /// Changes a member's role (an admin's act).
    /// A member that starts reading content (a relay becoming a reader, say) receives every epoch key.
    public func changeRole(of node: NodeID, to role: MemberRole, in space: SpaceID) throws {
        let member = try Self.actor(of: node)
        let keys = role.readsContent ? try allEpochKeys(space) : []
        try writeMembership(in: space) { tx in
            let entry = MembershipOperation.changeRole(member: member, role: role)
            // A member that stops reading content must not read what is written next: a new epoch.
            if !role.readsContent { return try newEpoch(tx, in: space, entry: entry, excluding: member) }
            var bodies: [(EnvelopeHeader.Kind, [UInt8])] = [
                (.membership, MembershipBody(entry, keyCommitment: nil).encoded())
            ]
            if try membership(tx, space: space).role(of: member) == .relay {
                let recipient = try NodeID(publicKey: member.bytes)
                for key in keys {
                    bodies.append(
                        (
                            .keyWrap,
                            try KeyWrap.wrap(key, space: space.bytes, to: recipient, from: identity.current).encoded
                        ))
                }
            }
            return bodies
        }
        if !role.readsContent { contentKeys.withLock { $0[space] = nil } }
    }

    /// Removes a member (an admin's act): the `remove` entry records the last envelope of theirs this
    /// node accepted (everything later is refused everywhere), and a new epoch key is sealed to every
    /// remaining member that reads content, so the removed node cannot read what is written next.
    public func removeMember(_ node: NodeID, from space: SpaceID) throws {
        let member = try Self.actor(of: node)
        try writeMembership(in: space) { tx in
            let lastSeq = try tx.version(space: space)[member]
            return try newEpoch(
                tx, in: space, entry: .remove(member: member, lastSeq: lastSeq), excluding: member)
        }
        contentKeys.withLock { $0[space] = nil }
    }

    /// The CRDT actor a node id writes as.
    static func actor(of node: NodeID) throws -> ActorID {
        guard let actor = ActorID(bytes: node.publicKey) else {
            throw SyncError(.invalidInput, "a node id is a 32-byte public key")
        }
        return actor
    }

    /// Starts a new epoch without removing anyone (an admin's act): a `rotate` entry and a fresh key
    /// sealed to every current member that reads content. ``transact(in:document:_:)-5epac`` does this by
    /// itself on an admin's node when the current epoch's key reached a node that is no longer a member
    /// (concurrent removals by two admins).
    public func rotateEpoch(in space: SpaceID) throws {
        try writeMembership(in: space) { tx in try newEpoch(tx, in: space, entry: .rotate, excluding: nil) }
        contentKeys.withLock { $0[space] = nil }
    }

    /// The entry that starts an epoch, then the new epoch key (named after that entry: this node's next
    /// seq) sealed to each member that reads content, except `excluded`.
    func newEpoch(
        _ tx: StoreTransaction, in space: SpaceID, entry: MembershipOperation, excluding excluded: ActorID?
    ) throws -> [(EnvelopeHeader.Kind, [UInt8])] {
        let newKey = try EpochKey.generate(
            epoch: Membership.epochNumber(
                space: space, author: actor, seq: try tx.lastSeq(space: space, author: actor) + 1))
        let body = MembershipBody(entry, keyCommitment: try newKey.commitment(space: space.bytes))
        var bodies: [(EnvelopeHeader.Kind, [UInt8])] = [(.membership, body.encoded())]
        for (node, role) in try membership(tx, space: space).roles.sorted(by: { $0.key < $1.key })
        where role.readsContent && node != excluded {
            let recipient = try NodeID(publicKey: node.bytes)
            bodies.append(
                (.keyWrap, try KeyWrap.wrap(newKey, space: space.bytes, to: recipient, from: identity.current).encoded))
        }
        return bodies
    }

    /// Whether the current epoch's key was sealed to a node that does not read the space now (a
    /// removed member, after concurrent removals): then new content needs a new epoch.
    func currentEpochReachedNonReaders(_ space: SpaceID) throws -> Bool {
        try Self.storageCall {
            try store.read { tx in
                let snapshot = try membershipSnapshot(tx, space: space)
                if let known = snapshot.epochReachedNonReaders { return known }
                var reached = false
                for stored in try tx.envelopes(space: space, kind: EnvelopeHeader.Kind.keyWrap.rawValue) {
                    // Stored wraps were verified on the way in: only who and which epoch matter here (checking
                    // every signature again made each write after a membership change cost one per wrap).
                    guard let addressing = KeyWrap.addressing(of: try Envelope(decoding: stored.bytes).body),
                        addressing.epoch == snapshot.membership.epoch,
                        let recipient = ActorID(bytes: addressing.recipient)
                    else { continue }
                    if snapshot.membership.role(of: recipient)?.readsContent != true {
                        reached = true
                        break
                    }
                }
                membershipCache.withLock { cache in
                    if cache[space]?.stamp == snapshot.stamp { cache[space]?.epochReachedNonReaders = reached }
                }
                return reached
            }
        }
    }

    /// The epoch keys this node holds for a space — everything it could decrypt with — oldest first.
    package func heldEpochKeys(in space: SpaceID) throws -> [EpochKey] { try allEpochKeys(space) }

    /// Signs this node's next envelope of `kind` with `body` in `space` without storing it: what a
    /// misbehaving node could send. Tests only.
    package func signForTesting(_ kind: EnvelopeHeader.Kind, body: [UInt8], in space: SpaceID) throws -> [UInt8] {
        try Self.storageCall {
            try store.read { tx in
                let lastSeq = try tx.lastSeq(space: space, author: actor)
                let previous = try tx.envelope(space: space, author: actor, seq: lastSeq).map {
                    try EnvelopeID(bytes: $0.id)
                }
                let epoch = try membership(tx, space: space).epoch
                let header = try EnvelopeHeader(
                    kind: kind, space: space, author: actor, seq: lastSeq + 1, epoch: epoch, previous: previous,
                    deps: try tx.version(space: space))
                if kind == .content {
                    // Sealed under a key of the right epoch number that nobody holds.
                    let key = try EpochKey.generate(epoch: epoch).contentKey()
                    return try Envelope.sealContent(header: header, plaintext: body, key: key, author: identity.current)
                        .encoded
                }
                return try Envelope.signed(header: header, body: body, author: identity.current).encoded
            }
        }
    }
}
