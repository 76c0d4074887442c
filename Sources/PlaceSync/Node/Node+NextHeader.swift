internal import PlaceCRDT
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

extension Node {
    /// The header of this node's next envelope in `space`, whose causal past is `version`, and the
    /// causal-past record to store with it (`Protocol/ENVELOPE.md` §4). Content and key wraps are written
    /// in the configured format (3 by default; 2 and 3 name only their heads); membership entries — and an
    /// envelope with more than ``EnvelopeHeader/maxHeads`` concurrent heads — in format 1, with the whole
    /// vector.
    func nextHeader(
        _ tx: StoreTransaction, kind: EnvelopeHeader.Kind, space: SpaceID, seq: UInt64, epoch: UInt64,
        previous: EnvelopeID?, version: VersionVector
    ) throws -> (header: EnvelopeHeader, causalPast: [UInt8]?, past: CausalPasts.Past?) {
        let actor = self.actor
        let vector = {
            try EnvelopeHeader(
                kind: kind, space: space, author: actor, seq: seq, epoch: epoch, previous: previous, deps: version)
        }
        var pasts = CausalPasts()
        if seq > 1, let own = ownPasts.withLock({ $0[space] }), own.seq == seq - 1 {
            pasts.seed(space: space, author: actor, seq: own.seq, own.past)
        }
        let heads =
            kind != .membership && configuration.envelopeFormat != EnvelopeHeader.vectorFormat
            ? try pasts.heads(tx, space: space, author: actor, seq: seq, version: version) : nil
        // This envelope follows everything applied: afterwards it is the space's whole frontier.
        try tx.setFrontier(space: space, VersionVector([actor: seq]))
        guard let heads, heads.count <= EnvelopeHeader.maxHeads else { return (try vector(), nil, nil) }
        let header = try EnvelopeHeader(
            kind: kind, space: space, author: actor, seq: seq, epoch: epoch, previous: previous, heads: heads,
            deps: version, format: configuration.envelopeFormat)
        let record = try pasts.record(for: header, tx)
        return (header, record, pasts.known(space: space, author: actor, seq: seq))
    }
}

extension Node {
    /// The whole causal past of stored envelope `(author, seq)` of `space` as this replica resolves it
    /// (what a format-1 header would carry), or `nil` when it is not stored. Tests and tools.
    package func causalPast(of author: ActorID, seq: UInt64, in space: SpaceID) throws -> VersionVector? {
        try Self.storageCall {
            try store.read { tx in
                var pasts = CausalPasts()
                return try pasts.stored(tx, space: space, author: author, seq: seq)?.deps
            }
        }
    }
}
