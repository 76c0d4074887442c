internal import Foundation
package import PlaceCRDT
package import PlaceCrypto
package import PlaceStore
internal import PlaceWire

/// What the sync layer asks of the replica: who may see which space, pages of envelopes for a peer,
/// membership chains, and adopting a space on the strength of its chain.
extension Node {
    /// The spaces this replica holds in which `peer` is a current member (any role, relays included),
    /// each with this replica's version vector: what a sync hello may show that peer, and nothing else.
    package func spacesShared(with peer: NodeID) throws -> [SpaceWant] {
        guard let actor = ActorID(bytes: peer.publicKey) else { return [] }
        var wants: [SpaceWant] = []
        for info in try spaces() where try membership(of: info.id).role(of: actor) != nil {
            wants.append(SpaceWant(space: info.id, vector: try version(of: info.id)))
        }
        return wants
    }

    /// Whether this replica holds `space`.
    public func holds(_ space: SpaceID) throws -> Bool {
        try Self.storageCall { try store.read { tx in try tx.space(space) != nil } }
    }

    /// Whether `peer` may see `space` here: the replica holds it and `peer` is a current member.
    package func isEntitled(_ peer: NodeID, to space: SpaceID) throws -> Bool {
        guard let actor = ActorID(bytes: peer.publicKey), try holds(space) else { return false }
        return try membership(of: space).role(of: actor) != nil
    }

    /// A page of the envelopes of `space` stored after `afterRow` that a peer at `vector` lacks.
    package func envelopePage(
        in space: SpaceID, afterRow: Int64, since vector: VersionVector, maxCount: Int, maxBytes: Int
    ) throws -> EnvelopePage {
        try Self.storageCall {
            try store.read { tx in
                try tx.envelopePage(
                    space: space, afterRow: afterRow, since: vector, maxCount: maxCount, maxBytes: maxBytes)
            }
        }
    }

    /// The key wraps of `space` sealed to `peer` that a peer at `vector` lacks, oldest first.
    package func keyWraps(sealedTo peer: NodeID, in space: SpaceID, lacking vector: VersionVector) throws
        -> [[UInt8]]
    {
        guard let recipient = ActorID(bytes: peer.publicKey) else { return [] }
        return try Self.storageCall {
            try store.read { tx in
                try tx.envelopes(space: space, kind: EnvelopeHeader.Kind.keyWrap.rawValue).compactMap { stored in
                    guard stored.applied, stored.seq > vector[stored.author],
                        let body = try? Envelope(decoding: stored.bytes).body,
                        KeyWrap.addressing(of: body)?.recipient == recipient.bytes
                    else { return nil }
                    return stored.bytes
                }
            }
        }
    }

    /// The bytes of `author`'s envelopes this replica keeps in `space` (a hub's storage quota).
    package func storedBytes(in space: SpaceID, by author: ActorID) throws -> Int {
        try Self.storageCall { try store.read { tx in try tx.storedBytes(space: space, author: author) } }
    }

    /// The highest envelope row of the replica: it grows with every stored envelope, whichever process
    /// stored it (the daemon polls it to notice the CLI's writes).
    package func lastEnvelopeRow() throws -> Int64 {
        try Self.storageCall { try store.read { tx in try tx.lastEnvelopeRow() } }
    }

    /// What changes whenever another process adds envelopes or keeps a new checkpoint: the last envelope
    /// row and a stamp of the checkpoints kept.
    package func replicaStamp() throws -> [Double] {
        try Self.storageCall {
            try store.read { tx in [Double(try tx.lastEnvelopeRow()), try tx.checkpointStamp()] }
        }
    }

    /// The membership envelopes of `space`, from genesis, byte for byte (evidence included): what shows a
    /// node that does not hold the space yet that it was made a member.
    package func membershipChain(of space: SpaceID) throws -> [[UInt8]] {
        try Self.storageCall {
            try store.read { tx in
                try tx.envelopes(
                    space: space, kind: EnvelopeHeader.Kind.membership.rawValue, includeEvidence: true
                ).map(\.bytes)
            }
        }
    }

    /// The most entries a chain may add to what this replica holds.
    static let maxNewChainEntries = 16_384

    /// The membership of `space` as `chain` — its membership envelopes, from genesis — shows it, together
    /// with the entries this replica holds. The rules are those of ingest: only admins' entries count, so
    /// only an admin of the space can make it name anyone. Chain entries whose predecessors this replica
    /// lacks (an admin's content in between) count here before they can be applied: that is what lets a
    /// peer prove a membership this replica will only apply later.
    ///
    /// Cheap first, dear last: entries this replica holds are skipped; of the rest, in order, only those
    /// whose author some entry before them made an admin (or a genesis of the space) are kept, and only
    /// those have their signatures checked — a chain of junk from keys nobody admitted costs a decode.
    ///
    /// - Throws: ``SyncError/Code/invalidInput`` for an envelope that does not decode, belong to the
    ///   space's membership log, or verify, or for more than 16,384 new entries;
    ///   ``SyncError/Code/storage``.
    public func membership(of space: SpaceID, shownBy chain: [[UInt8]]) throws -> Membership {
        var held: [MembershipEntry] = []
        if try holds(space) {
            held = try Self.storageCall { try store.read { tx in try membershipSnapshot(tx, space: space).entries } }
        }
        let heldKeys = Set(held.map(\.key))
        var candidates: [(entry: MembershipEntry, envelope: Envelope)] = []
        for bytes in chain {
            do {
                let envelope = try Envelope(decoding: bytes)
                guard envelope.header.space == space, envelope.header.kind == .membership else {
                    throw SyncError(.invalidInput, "a membership chain holds an envelope of another space or kind")
                }
                let entry = MembershipEntry(
                    author: envelope.header.author, seq: envelope.header.seq, deps: envelope.header.deps,
                    body: try MembershipBody(decoding: envelope.body))
                if !heldKeys.contains(entry.key) { candidates.append((entry, envelope)) }
            } catch let error as WireError {
                throw SyncError(.invalidInput, "a membership chain holds a bad envelope: \(error.message)")
            }
        }
        guard candidates.count <= Self.maxNewChainEntries else {
            throw SyncError(
                .invalidInput,
                "a membership chain adds \(candidates.count) entries, more than \(Self.maxNewChainEntries)")
        }
        // Keep only entries whose author was made an admin before them (by a held or kept entry).
        let keys = candidates.map(\.entry.orderKey)
        candidates = candidates.indices.sorted { keys[$0] < keys[$1] }.map { candidates[$0] }
        var admins: [ActorID: [MembershipEntry.Key]] = [:]
        for entry in held where entry.roleSet == .admin {
            if let member = entry.settingTarget { admins[member, default: []].append(entry.key) }
        }
        var kept: [MembershipEntry] = []
        for (entry, envelope) in candidates {
            let granted: Bool
            if case .genesis(let nonce, _) = entry.operation {
                granted = Membership.spaceID(creator: entry.author, nonce: nonce) == space
            } else {
                granted = (admins[entry.author] ?? []).contains { entry.deps[$0.author] >= $0.seq }
            }
            guard granted else { continue }
            do {
                try envelope.verify()
            } catch {
                throw SyncError(.invalidInput, "a membership chain holds an envelope whose signature does not verify")
            }
            kept.append(entry)
            if entry.roleSet == .admin, let member = entry.settingTarget {
                admins[member, default: []].append(entry.key)
            }
        }
        return Membership.evaluate(held + kept, space: space)
    }

    /// Takes the envelopes of a membership chain a peer showed (see ``membership(of:shownBy:)``).
    ///
    /// A space this replica holds just takes them (ingested as usual). A space it does not hold it starts
    /// holding only when the chain shows one of `trustedAdmins` as an admin **and** this node as a
    /// member: a node never takes on a space because just any admin named it (an operator's policy; see
    /// ``acceptOffer(_:name:)`` for the user's way in).
    ///
    /// - Returns: the membership the chain shows, or `nil` when the space was not taken on (then nothing
    ///   is changed).
    /// - Throws: ``SyncError/Code/invalidInput`` for a bad chain; ``SyncError/Code/storage``.
    @discardableResult
    package func adoptSpace(_ space: SpaceID, chain: [[UInt8]], trustedAdmins: Set<NodeID>) throws -> Membership? {
        let shown = try membership(of: space, shownBy: chain)
        if try holds(space) {
            try ingest(chain, in: space)
            return shown
        }
        let vouched = trustedAdmins.contains { admin in
            ActorID(bytes: admin.publicKey).map { shown.role(of: $0) == .admin } ?? false
        }
        guard vouched, shown.creator != nil, shown.role(of: actor) != nil else { return nil }
        try joinSpace(space, name: "")
        try ingest(chain, in: space)
        return shown
    }
}

extension Node {
    /// The checkpoint of `space` to offer `peer` at `vector`: when this replica keeps one, and the peer
    /// is a relay of the space (it keeps checkpoints for new members; it decides by id), or it holds no
    /// content of the space and not all of the checkpoint (a new member).
    package func checkpointOffer(for space: SpaceID, to peer: NodeID, peerHolds vector: VersionVector) throws -> (
        id: [UInt8], vector: VersionVector
    )? {
        guard
            let stored = try Self.storageCall({
                try store.read { tx in try tx.checkpoint(space: space, withBytes: false) }
            })
        else { return nil }
        if let author = ActorID(bytes: peer.publicKey), try membership(of: space).role(of: author) == .relay {
            return (stored.id, stored.vector)
        }
        return try Self.storageCall {
            try store.read { tx in
                guard !vector.includes(stored.vector), try !tx.holdsContent(space: space, within: vector) else {
                    return nil
                }
                return (stored.id, stored.vector)
            }
        }
    }

    /// Whether this replica takes checkpoint `id` of `space`: a replica that holds no content of the
    /// space yet (and takes checkpoints), or a relay that does not keep that one.
    package func wantsCheckpoint(_ id: [UInt8], of space: SpaceID) throws -> Bool {
        if try membership(of: space).role(of: actor) == .relay {
            return try Self.storageCall {
                try store.read { tx in try tx.checkpoint(space: space, withBytes: false)?.id }
            }
                != id
        }
        return try configuration.takesCheckpoints && !holdsContentOf(space)
    }

    /// Takes a checkpoint a peer sent: a relay keeps it (``keepCheckpoint(_:)``), any other replica
    /// installs it (``installCheckpoint(_:keyWraps:)``) when it takes checkpoints and holds no content.
    package func takeCheckpoint(_ bytes: [UInt8], in space: SpaceID) -> CheckpointTaking {
        do {
            guard try Checkpoint(decoding: bytes).space == space else { return .declined("it is of another space") }
            if try membership(of: space).role(of: actor) == .relay { return .kept(try keepCheckpoint(bytes)) }
            guard configuration.takesCheckpoints else { return .declined("this node is set not to take checkpoints") }
            guard try !holdsContentOf(space) else {
                return .declined("this replica already holds content of the space")
            }
            return .installed(try installCheckpoint(bytes))
        } catch let error as SyncError {
            return .declined(error.message)
        } catch let error as WireError {
            return .declined("it does not verify: \(error.message)")
        } catch {
            return .declined("\(error)")
        }
    }

    /// Keeps a checkpoint to offer to new members without installing it — what a relay, which holds no
    /// key, does. Checked: its signature, its body against the hash signed, and that the membership this
    /// replica holds makes its author an admin at its vector; kept only when it is newer than the one
    /// kept (its vector includes the other's).
    /// - Throws: ``SyncError/Code/invalidInput``, ``SyncError/Code/notPermitted``,
    ///   ``SyncError/Code/unknownSpace``, ``SyncError/Code/storage``.
    @discardableResult
    public func keepCheckpoint(_ bytes: [UInt8]) throws -> CheckpointInfo {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(decoding: bytes) } catch {
            throw SyncError(.invalidInput, "the checkpoint does not verify: \(error.message)")
        }
        let space = checkpoint.space
        guard try holds(space) else { throw SyncError(.unknownSpace, "this replica does not hold space \(space)") }
        let author = checkpoint.author
        guard
            try membership(of: space).role(of: author, seq: checkpoint.vector[author] + 1, deps: checkpoint.vector)
                == .admin
        else {
            throw SyncError(
                .notPermitted, "the checkpoint is signed by \(author), who is not an admin of the space at its vector")
        }
        let now = configuration.now()
        return try Self.storageCall {
            try store.write { tx in
                if let kept = try tx.checkpoint(space: space, withBytes: false) {
                    guard checkpoint.vector.includes(kept.vector), kept.id != checkpoint.id else {
                        throw SyncError(.invalidInput, "the checkpoint is not newer than the one kept")
                    }
                    guard !kept.isBase else {
                        throw SyncError(.invalidInput, "this replica's state starts from the checkpoint it keeps")
                    }
                }
                try tx.saveCheckpoint(
                    StoredCheckpoint(
                        space: space, id: checkpoint.id, vector: checkpoint.vector, bytes: bytes, isBase: false),
                    at: now)
                return Self.info(
                    space: space, id: checkpoint.id, vector: checkpoint.vector, bytes: bytes.count, isBase: false)
            }
        }
    }

    /// On a relay: compacts `space` (``compact(_:)``) to make room under a storage quota; the bytes it
    /// dropped (0 on any other node, or when it keeps no checkpoint).
    package func compactForQuota(_ space: SpaceID) -> Int {
        guard (try? membership(of: space).role(of: actor)) == .relay else { return 0 }
        return (try? compact(space))?.bytesDropped ?? 0
    }

    private func holdsContentOf(_ space: SpaceID) throws -> Bool {
        try Self.storageCall { try store.read { tx in try tx.holdsContent(space: space) } }
    }
}
