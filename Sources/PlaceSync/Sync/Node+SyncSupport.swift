internal import Foundation
public import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
public import PlaceWire

/// What the sync layer asks of the replica: who may see which space, pages of envelopes for a peer,
/// membership chains, and adopting a space on the strength of its chain.
extension Node {
    /// The spaces this replica holds in which `peer` is a current member (any role, relays included),
    /// each with this replica's version vector: what a sync hello may show that peer, and nothing else.
    public func spacesShared(with peer: NodeID) throws -> [SpaceWant] {
        guard let actor = ActorID(bytes: peer.publicKey) else { return [] }
        var wants: [SpaceWant] = []
        for info in try spaces() where try membership(of: info.id).role(of: actor) != nil {
            wants.append(SpaceWant(space: info.id, vector: try version(of: info.id)))
        }
        return wants
    }

    /// Whether this replica holds `space`.
    public func holds(_ space: SpaceID) throws -> Bool {
        try Self.storageCall { try store.read { tx in try tx.space(space.bytes) != nil } }
    }

    /// Whether `peer` may see `space` here: the replica holds it and `peer` is a current member.
    public func isEntitled(_ peer: NodeID, to space: SpaceID) throws -> Bool {
        guard let actor = ActorID(bytes: peer.publicKey), try holds(space) else { return false }
        return try membership(of: space).role(of: actor) != nil
    }

    /// A page of the envelopes of `space` stored after `afterRow` that a peer at `vector` lacks.
    func envelopePage(
        in space: SpaceID, afterRow: Int64, since vector: VersionVector, maxCount: Int, maxBytes: Int
    ) throws -> EnvelopePage {
        try Self.storageCall {
            try store.read { tx in
                try tx.envelopePage(
                    space: space.bytes, afterRow: afterRow, since: vector, maxCount: maxCount, maxBytes: maxBytes)
            }
        }
    }

    /// The bytes of `author`'s envelopes this replica keeps in `space` (a hub's storage quota).
    public func storedBytes(in space: SpaceID, by author: ActorID) throws -> Int {
        try Self.storageCall { try store.read { tx in try tx.storedBytes(space: space.bytes, author: author) } }
    }

    /// The highest envelope row of the replica: it grows with every stored envelope, whichever process
    /// stored it (the daemon polls it to notice the CLI's writes).
    public func lastEnvelopeRow() throws -> Int64 {
        try Self.storageCall { try store.read { tx in try tx.lastEnvelopeRow() } }
    }

    /// The membership envelopes of `space`, from genesis, byte for byte (evidence included): what shows a
    /// node that does not hold the space yet that it was made a member.
    public func membershipChain(of space: SpaceID) throws -> [[UInt8]] {
        try Self.storageCall {
            try store.read { tx in
                try tx.envelopes(
                    space: space.bytes, kind: EnvelopeHeader.Kind.membership.rawValue, includeEvidence: true
                ).map(\.bytes)
            }
        }
    }

    /// The membership of `space` as `chain` — its membership envelopes, from genesis — shows it, together
    /// with the entries this replica holds. Each envelope must be a signed membership envelope of the
    /// space; the entries are evaluated as on ingest (only admins' entries count, at their causal
    /// positions), so only an admin of the space can make it name anyone. Chain entries whose
    /// predecessors this replica lacks (an admin's content in between) count here before they can be
    /// applied: that is what lets a peer prove a membership this replica will only apply later.
    ///
    /// - Throws: ``SyncError/Code/invalidInput`` for an envelope that does not decode, verify, or belong
    ///   to the space's membership log; ``SyncError/Code/storage``.
    public func membership(of space: SpaceID, shownBy chain: [[UInt8]]) throws -> Membership {
        var entries: [MembershipEntry.Key: MembershipEntry] = [:]
        for bytes in chain {
            do {
                let envelope = try Envelope(decoding: bytes)
                guard envelope.header.space == space, envelope.header.kind == .membership else {
                    throw SyncError(.invalidInput, "a membership chain holds an envelope of another space or kind")
                }
                try envelope.verify()
                let entry = MembershipEntry(
                    author: envelope.header.author, seq: envelope.header.seq, deps: envelope.header.deps,
                    operation: try MembershipOperation(decoding: envelope.body))
                entries[entry.key] = entry
            } catch let error as WireError {
                throw SyncError(.invalidInput, "a membership chain holds a bad envelope: \(error.message)")
            }
        }
        if try holds(space) {
            let stored = try Self.storageCall {
                try store.read { tx in try membershipSnapshot(tx, space: space).entries }
            }
            for entry in stored { entries[entry.key] = entry }
        }
        return Membership.evaluate(Array(entries.values), space: space)
    }

    /// Starts holding `space` when `chain` (see ``membership(of:shownBy:)``) shows this node as a current
    /// member (relays included), and stores the chain's envelopes. A space already held just takes the
    /// envelopes (ingested as usual).
    ///
    /// - Returns: the membership the chain shows, or `nil` when it does not name this node (then nothing
    ///   is changed).
    /// - Throws: ``SyncError/Code/invalidInput`` for a bad chain; ``SyncError/Code/storage``.
    @discardableResult
    public func adoptSpace(_ space: SpaceID, chain: [[UInt8]]) throws -> Membership? {
        let shown = try membership(of: space, shownBy: chain)
        if try holds(space) {
            try ingest(chain)
            return shown
        }
        guard shown.creator != nil, shown.role(of: actor) != nil else { return nil }
        try joinSpace(space, name: "")
        try ingest(chain)
        return shown
    }
}
