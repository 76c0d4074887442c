internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

/// A space this replica holds.
public struct SpaceInfo: Hashable, Sendable {
    /// The space id.
    public var id: SpaceID
    /// Its local name.
    public var name: String
    /// When it was created or joined here (seconds since 1970).
    public var createdAt: Double
}

extension Node {
    /// Creates a space: its genesis entry and its first content-key epoch, sealed to this node.
    ///
    /// The space id is bound to this node by the genesis entry (`Protocol/MEMBERSHIP.md` §3); this node
    /// is its first admin and holds epoch 1's key. Others join when an admin adds them
    /// (``addMember(_:role:in:displayName:)-7vu9d``) and they call ``joinSpace(_:name:)-8prqa`` and ingest the space's envelopes.
    /// - Returns: the new space's id.
    @discardableResult
    public func createSpace(name: String) throws -> SpaceID {
        let nonce = try randomBytes(MembershipOperation.nonceCount)
        guard let id = Membership.spaceID(creator: actor, nonce: nonce) else {
            throw SyncError(.invalidInput, "cannot derive a space id")
        }
        let key = try EpochKey.generate(epoch: 1)
        let wrap = try KeyWrap.wrap(key, space: id.bytes, to: nodeID, from: identity.current)
        try Self.storageCall {
            try store.write { tx in
                try tx.insertSpace(StoredSpace(id: id, name: name, createdAt: configuration.now(), maxLamport: 0))
                try tx.insertEpochKey(space: id, epoch: key.epoch, wrap: wrap.encoded)
                // The genesis (this node the first admin), then epoch 1's key sealed to this node.
                let name = try Self.sealName(configuration.displayName, of: actor, in: id, key: key.contentKey())
                try appendSigned(
                    tx, space: id, kind: .membership,
                    body: MembershipBody(
                        .genesis(nonce: nonce, sealedName: name), keyCommitment: try key.commitment(space: id.bytes)
                    ).encoded())
                try appendSigned(tx, space: id, kind: .keyWrap, body: wrap.encoded)
            }
        }
        storeSignal.fire()
        return id
    }

    /// Starts holding a space this node was added to: its envelopes are accepted from now on, and the
    /// epoch keys sealed to this node arrive with them (key-wrap envelopes).
    public func joinSpace(_ space: SpaceID, name: String) throws {
        try Self.storageCall {
            try store.write { tx in
                if try tx.space(space) == nil {
                    try tx.insertSpace(
                        StoredSpace(id: space, name: name, createdAt: configuration.now(), maxLamport: 0))
                }
            }
        }
    }

    /// Names a space on this node (names are local: each node may call a space what it likes).
    /// - Throws: ``SyncError/Code/unknownSpace`` when the replica does not hold it.
    public func renameSpace(_ space: SpaceID, to name: String) throws {
        try Self.storageCall {
            try store.write { tx in
                guard try tx.space(space) != nil else {
                    throw SyncError(.unknownSpace, "this replica does not hold space \(space)")
                }
                try tx.renameSpace(space, to: name)
            }
        }
    }

    /// The spaces this replica holds, by name.
    public func spaces() throws -> [SpaceInfo] {
        try Self.storageCall {
            try store.read { tx in
                try tx.spaces().map { SpaceInfo(id: $0.id, name: $0.name, createdAt: $0.createdAt) }
            }
        }
    }

    /// The content key of `epoch` in `space` (cached after the first unwrap).
    func contentKey(_ space: SpaceID, epoch: UInt64) throws -> ContentKey {
        if let key = contentKeys.withLock({ $0[space]?[epoch] }) { return key }
        try loadKeys(space)
        guard let key = contentKeys.withLock({ $0[space]?[epoch] }) else {
            throw SyncError(.noKey, "this node holds no content key for epoch \(epoch) of space \(space)")
        }
        return key
    }

    /// The content key of the space's current epoch (the membership decides which; keys are cached).
    func currentContentKey(_ space: SpaceID) throws -> ContentKey {
        guard try Self.storageCall({ try store.read { tx in try tx.space(space) } }) != nil else {
            throw SyncError(.unknownSpace, "this replica does not hold space \(space)")
        }
        return try contentKey(space, epoch: try membership(of: space).epoch)
    }

    private func currentEpochKey(_ space: SpaceID) throws -> EpochKey {
        let wraps = try Self.storageCall { try store.read { tx in try tx.epochKeys(space: space) } }
        let epoch = try membership(of: space).epoch
        guard let newest = wraps.first(where: { $0.epoch == epoch }) else {
            throw SyncError(.unknownSpace, "this replica does not hold space \(space)")
        }
        return try unwrapEpochKey(newest.wrap)
    }

    private func loadKeys(_ space: SpaceID) throws {
        let wraps = try Self.storageCall { try store.read { tx in try tx.epochKeys(space: space) } }
        var keys: [UInt64: ContentKey] = [:]
        for wrap in wraps {
            keys[wrap.epoch] = try unwrapEpochKey(wrap.wrap).contentKey()
        }
        contentKeys.withLock { $0[space] = keys }
    }

    func unwrapEpochKey(_ bytes: [UInt8]) throws -> EpochKey {
        let wrap = try KeyWrap(encoded: bytes)
        guard let pair = identity.pair(for: wrap.recipient) else {
            throw SyncError(.noKey, "a stored content key is sealed to a key this node no longer holds")
        }
        return try wrap.unwrap(with: pair)
    }
}
