public import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// What ``Node/compact(_:)`` did.
public struct CompactionReport: Sendable, Hashable {
    /// The vector below which envelopes were dropped: the checkpoint's, met with what every current
    /// member attested to holding.
    public var bound: VersionVector
    /// How many envelopes became stubs.
    public var dropped: Int
    /// The bytes of the envelopes dropped.
    public var bytesDropped: Int
    /// Current members whose latest attestation holds less than the checkpoint: what they lack is kept
    /// for them (`nil` attestation: none received).
    public var holdingBack: [ActorID]
}

extension Node {
    /// Drops the bytes of content envelopes this replica no longer needs to keep (`Protocol/CHECKPOINT.md`
    /// §6): those at or below both the checkpoint it keeps and what **every current member** attested to
    /// holding (signed head attestations). They become stubs: author, seq, id, Lamport end and causal
    /// past stay; the signed bytes and the change go. Documents rebuild from the checkpoint from then on,
    /// and new members take the checkpoint. A member that never attested (offline since before) holds
    /// everything back. Membership entries and key wraps are never dropped.
    ///
    /// A relay (which holds no key) compacts the same way below the checkpoint it keeps for new members;
    /// it never opens content, so it rebuilds nothing from it. A hub does so by itself when an author
    /// would pass its storage quota (``SyncConfiguration/quota``).
    ///
    /// - Throws: ``SyncError/Code/invalidInput`` when the replica keeps no checkpoint of the space (make
    ///   one first); ``SyncError/Code/noKey`` when it cannot open it; ``SyncError/Code/storage``.
    @discardableResult
    public func compact(_ space: SpaceID) throws -> CompactionReport {
        let current = try membership(of: space)
        let members = current.roles.keys.sorted()
        let actor = self.actor
        let relay = current.role(of: actor) == .relay
        let keys = [space: (try? allContentKeys(space)) ?? [:]]
        let now = configuration.now()
        return try Self.storageCall {
            try store.write { tx in
                guard let checkpoint = try tx.checkpoint(space: space, withBytes: false) else {
                    throw SyncError(
                        .invalidInput,
                        "this replica keeps no checkpoint of space \(space): an admin makes one first (placesync checkpoint make)"
                    )
                }
                var attested: [ActorID: VersionVector] = [:]
                for stored in try tx.attestations(space: space) {
                    guard let attestation = try? HeadAttestation(decoding: stored.bytes),
                        attestation.space == space, let attester = ActorID(bytes: stored.attester)
                    else { continue }
                    attested[attester] = attestation.vector
                }
                attested[actor] = try tx.version(space: space)
                var bound = checkpoint.vector
                var holdingBack: [ActorID] = []
                for member in members {
                    let held = attested[member] ?? VersionVector()
                    if !held.includes(checkpoint.vector) { holdingBack.append(member) }
                    bound.formIntersection(held)
                }
                var pasts = CausalPasts()
                var dropped = 0
                var bytesDropped = 0
                for stored in try tx.envelopes(space: space, since: VersionVector())
                where stored.kind == EnvelopeHeader.Kind.content.rawValue && stored.seq <= bound[stored.author] {
                    // A format-1 envelope carried its past in its bytes: keep it as a whole record.
                    var record = stored.causalPast
                    if record == nil {
                        guard let past = try pasts.stored(tx, space: space, author: stored.author, seq: stored.seq)
                        else { continue }
                        record = CausalPasts.encodeRecord(depth: 0, entries: past.deps)
                    }
                    try tx.dropBytes(space: space, author: stored.author, seq: stored.seq, causalPast: record ?? [])
                    dropped += 1
                    bytesDropped += stored.bytes.count
                }
                if dropped > 0, !checkpoint.isBase, !relay {
                    // Documents rebuild from the checkpoint from now on: it must open here (else nothing
                    // is dropped).
                    try tx.setCheckpointBase(space: space)
                    var ingest = try Ingest(node: self, tx: tx, keys: keys, now: now, batchSpace: space)
                    _ = try ingest.checkpointBase(space)
                }
                return CompactionReport(
                    bound: bound, dropped: dropped, bytesDropped: bytesDropped, holdingBack: holdingBack)
            }
        }
    }
}
