internal import PlaceBinary
public import PlaceCRDT
package import PlaceCrypto
internal import PlaceStore
public import PlaceWire

/// A space's checkpoint as a replica keeps it (`Protocol/CHECKPOINT.md`).
public struct CheckpointInfo: Sendable, Hashable {
    /// The space.
    public var space: SpaceID
    /// The checkpoint's id (BLAKE2b-256 of its signed header), in hex.
    public var id: String
    /// The version vector its documents' state is at.
    public var vector: VersionVector
    /// How many envelopes lie at or below that vector.
    public var envelopes: UInt64
    /// The checkpoint's size, as it travels.
    public var bytes: Int
    /// Whether this replica's state below the vector comes from it (it started from it, or compacted
    /// below it): below it, the replica keeps stubs, not envelopes.
    public var isBase: Bool
}

extension Node {
    /// Makes a checkpoint of `space` at this replica's version and keeps it, to offer to new members in
    /// place of the history below it (`Protocol/CHECKPOINT.md`): each document's state, sealed under the
    /// current epoch's key, a stub for each content envelope, and the membership entries and key wraps
    /// in full; signed by this node. Replaces the checkpoint kept before (and keeps it when nothing was
    /// written since).
    ///
    /// - Throws: ``SyncError/Code/notPermitted`` when this node is not an admin of the space;
    ///   ``SyncError/Code/noKey`` without the current epoch's key; ``SyncError/Code/unknownSpace``;
    ///   ``SyncError/Code/storage``.
    @discardableResult
    public func makeCheckpoint(of space: SpaceID) throws -> CheckpointInfo {
        let key = try currentContentKey(space)
        let now = configuration.now()
        let signer = identity.current
        let actor = self.actor
        // Built in a read transaction (writers go on meanwhile: it stands for its own vector), kept in a
        // short write.
        let checkpoint: Checkpoint = try Self.storageCall {
            try store.read { tx in
                let membership = try membership(tx, space: space)
                guard membership.role(of: actor) == .admin else {
                    throw SyncError(
                        .notPermitted, "only an admin of space \(space) may sign its checkpoint; this node is not one")
                }
                guard membership.epoch == key.epoch else {
                    throw SyncError(.noKey, "the space's content key changed meanwhile; try again")
                }
                return try signedCheckpoint(
                    tx, space: space, vector: try tx.version(space: space), key: key, signer: signer, now: now)
            }
        }
        let info: CheckpointInfo = try Self.storageCall {
            try store.write { tx in
                // A replica whose state already starts from a checkpoint starts from this one now.
                let kept = try tx.checkpoint(space: space, withBytes: false)
                if let kept, kept.vector.includes(checkpoint.vector) {
                    // Nothing new since (or a newer one arrived meanwhile): the one kept stays.
                    return Self.info(
                        space: space, id: kept.id, vector: kept.vector,
                        bytes: try tx.checkpoint(space: space)?.bytes.count ?? 0,
                        isBase: kept.isBase)
                }
                let isBase = kept?.isBase ?? false
                try tx.saveCheckpoint(
                    StoredCheckpoint(
                        space: space, id: checkpoint.id, vector: checkpoint.vector, bytes: checkpoint.bytes,
                        isBase: isBase),
                    at: now)
                return Self.info(
                    space: space, id: checkpoint.id, vector: checkpoint.vector, bytes: checkpoint.bytes.count,
                    isBase: isBase)
            }
        }
        storeSignal.fire()  // sessions offer it
        return info
    }

    /// Whether this node should make a new checkpoint of `space`: it is an admin there, and its version
    /// is at least `every` envelopes beyond the checkpoint it keeps (or beyond nothing).
    public func checkpointDue(in space: SpaceID, every: UInt64) throws -> Bool {
        guard every > 0, try membership(of: space).role(of: actor) == .admin else { return false }
        return try Self.storageCall {
            try store.read { tx in
                let version = try tx.version(space: space).entries.reduce(UInt64(0)) { $0 + $1.seq }
                let kept =
                    try tx.checkpoint(space: space, withBytes: false)?.vector.entries.reduce(UInt64(0)) {
                        $0 + $1.seq
                    } ?? 0
                return version >= kept + every
            }
        }
    }

    /// A checkpoint of `space` at `vector` signed by `signer`, whatever its role: for tests of what a
    /// receiver refuses.
    package func checkpointSigned(by signer: NodeKeyPair, of space: SpaceID) throws -> [UInt8] {
        let key = try currentContentKey(space)
        let now = configuration.now()
        return try Self.storageCall {
            try store.read { tx in
                try signedCheckpoint(
                    tx, space: space, vector: try tx.version(space: space), key: key, signer: signer, now: now
                ).bytes
            }
        }
    }

    /// The current epoch's content key of `space`: for tests that seal what a hostile admin would.
    package func currentContentKeyForTesting(_ space: SpaceID) throws -> ContentKey {
        try currentContentKey(space)
    }

    /// The checkpoint of `space` at `vector` (this replica's version), signed.
    private func signedCheckpoint(
        _ tx: StoreTransaction, space: SpaceID, vector: VersionVector, key: ContentKey, signer: NodeKeyPair, now: Double
    ) throws -> Checkpoint {
        let (stubs, envelopes) = try CheckpointMaking.stubs(tx, space: space, vector: vector)
        var documents: [CheckpointContent.DocumentState] = []
        for listed in try tx.documents(space: space).sorted(by: { $0.id < $1.id }) {
            let document = try loadDocument(tx, space: space, id: listed.id)
            documents.append(
                CheckpointContent.DocumentState(
                    id: listed.id, latestLamport: listed.summary.updatedLamport,
                    latestAuthor: listed.summary.updatedBy,
                    updatedAtMillis: UInt64(max(0, listed.summary.updatedAt * 1_000).rounded()),
                    snapshot: document.snapshot()))
        }
        do throws(WireError) {
            return try Checkpoint.sign(
                space: space, epoch: key.epoch, issuedAt: UInt64(max(0, now)), vector: vector,
                envelopes: envelopes, content: CheckpointContent(stubs: stubs, documents: documents), key: key,
                by: signer)
        } catch {
            throw SyncError(.invalidInput, "cannot make the checkpoint: \(error.message)")
        }
    }

    /// The checkpoint this replica keeps of `space` (made here or installed), or `nil`.
    public func checkpoint(of space: SpaceID) throws -> CheckpointInfo? {
        try Self.storageCall {
            try store.read { tx in
                guard let stored = try tx.checkpoint(space: space) else { return nil }
                return Self.info(
                    space: space, id: stored.id, vector: stored.vector, bytes: stored.bytes.count, isBase: stored.isBase
                )
            }
        }
    }

    /// The bytes of the checkpoint this replica keeps of `space`, for tests.
    package func checkpointBytesForTesting(_ space: SpaceID) throws -> [UInt8]? {
        try checkpointBytes(of: space)?.bytes
    }

    /// The bytes of the checkpoint this replica keeps of `space`, with its vector (what it offers).
    package func checkpointBytes(of space: SpaceID) throws -> (bytes: [UInt8], vector: VersionVector)? {
        try Self.storageCall {
            try store.read { tx in try tx.checkpoint(space: space).map { ($0.bytes, $0.vector) } }
        }
    }

    static func info(space: SpaceID, id: [UInt8], vector: VersionVector, bytes: Int, isBase: Bool) -> CheckpointInfo {
        CheckpointInfo(
            space: space, id: Hex.string(id), vector: vector, envelopes: vector.entries.reduce(0) { $0 + $1.seq },
            bytes: bytes, isBase: isBase)
    }
}

/// What a checkpoint says of the envelopes below its vector, read from a replica.
enum CheckpointMaking {
    /// The stubs of the content envelopes at or below `vector` (applied ones: a prefix of each author's
    /// log), and the other envelopes there in full, in arrival order.
    static func stubs(_ tx: StoreTransaction, space: SpaceID, vector: VersionVector) throws -> (
        [ActorID: [CheckpointContent.Stub]], [[UInt8]]
    ) {
        var pasts = CausalPasts()
        var stubs: [ActorID: [CheckpointContent.Stub]] = [:]
        var envelopes: [[UInt8]] = []
        var nonContent: [ActorID: Set<UInt64>] = [:]
        var ids: [ActorID: [UInt64: [UInt8]]] = [:]
        /// Per author, the depth of the record a receiver keeps for its previous envelope, and its past.
        var previous: [ActorID: (depth: UInt8, past: VersionVector)] = [:]
        for stored in try tx.envelopes(space: space, since: VersionVector(), includeStubs: true)
        where stored.seq <= vector[stored.author] {
            guard let past = try pasts.stored(tx, space: space, author: stored.author, seq: stored.seq)?.deps else {
                throw SyncError(
                    .storage, "the replica cannot resolve the past of envelope \(stored.seq) of \(stored.author)")
            }
            guard stored.kind == EnvelopeHeader.Kind.content.rawValue else {
                envelopes.append(stored.bytes)
                nonContent[stored.author, default: []].insert(stored.seq)
                previous[stored.author] = (0, past)
                continue
            }
            guard let lamportEnd = stored.lamportEnd else {
                throw SyncError(
                    .noKey,
                    "envelope \(stored.seq) of \(stored.author) was never opened here; a relay cannot make a checkpoint"
                )
            }
            var record: [UInt8]
            if let before = previous[stored.author], stored.seq > 1, before.depth < CausalPasts.maxDepth {
                var grown = VersionVector()
                past.forEachEntry { author, seq in
                    if author != stored.author, seq > before.past[author] { grown[author] = seq }
                }
                record = CausalPasts.encodeRecord(depth: before.depth + 1, entries: grown)
                previous[stored.author] = (before.depth + 1, past)
            } else {
                record = CausalPasts.encodeRecord(depth: 0, entries: past)
                previous[stored.author] = (0, past)
            }
            stubs[stored.author, default: []].append(
                CheckpointContent.Stub(seq: stored.seq, lamportEnd: lamportEnd, causalPast: record, id: nil))
            if !stored.id.isEmpty { ids[stored.author, default: [:]][stored.seq] = stored.id }
        }
        // Ids only where the author's next envelope is not a stub: it names them as `previous`.
        for (author, list) in stubs {
            let following = nonContent[author] ?? []
            stubs[author] = try list.map { stub in
                guard stub.seq == vector[author] || following.contains(stub.seq + 1) else { return stub }
                guard let id = ids[author]?[stub.seq] else {
                    throw SyncError(.storage, "the replica lacks the id of envelope \(stub.seq) of \(author)")
                }
                var withID = stub
                withID.id = id
                return withID
            }
        }
        return (stubs, envelopes)
    }
}
