package import PlaceCRDT
package import PlaceCrypto
package import PlaceStore
package import PlaceWire

/// What a ``SyncSession`` asks of the replica it syncs, and nothing more: who the node is, what the peer
/// may see, pages of what the peer lacks, chains, and taking in what the peer sends. ``Node`` is the real
/// one; a unit test can give the session a double and watch what it asks.
package protocol SyncReplica: Sendable {
    /// The key pair the session's handshake proves.
    var sessionIdentity: NodeKeyPair { get }
    /// The spaces held in which `peer` is a current member, with this replica's vectors.
    func spacesShared(with peer: NodeID) throws -> [SpaceWant]
    /// This replica's vector in `space`.
    func version(of space: SpaceID) throws -> VersionVector
    /// Whether this replica holds `space`.
    func holds(_ space: SpaceID) throws -> Bool
    /// Whether `peer` may see `space` here.
    func isEntitled(_ peer: NodeID, to space: SpaceID) throws -> Bool
    /// Keeps `space`, which `peer` says this node belongs to, as an offer for the user; whether it is new.
    func recordOffer(_ space: SpaceID, from peer: NodeID) throws -> Bool
    /// Takes on `space` on the strength of its chain when the policy allows (`nil`: not taken on).
    func adoptSpace(_ space: SpaceID, chain: [[UInt8]], trustedAdmins: Set<NodeID>) throws -> Membership?
    /// Admits the node an invite redemption names.
    func admitInvitee(_ redemptionText: String, displayName: String) throws -> NodeID
    /// Takes in envelopes from the peer.
    func ingest(_ batch: [[UInt8]], in space: SpaceID?, source: String) throws -> IngestReport
    /// The bytes of `author`'s envelopes kept in `space` (a hub's storage quota).
    func storedBytes(in space: SpaceID, by author: ActorID) throws -> Int
    /// The membership envelopes of `space`, from its genesis.
    func membershipChain(of space: SpaceID) throws -> [[UInt8]]
    /// A page of what a peer at `vector` lacks in `space`.
    func envelopePage(in space: SpaceID, afterRow: Int64, since vector: VersionVector, maxCount: Int, maxBytes: Int)
        throws -> EnvelopePage
    /// The key wraps of `space` sealed to `peer` that a peer at `vector` lacks, oldest first: sent ahead
    /// of the log to a new member, so it can open content as it arrives instead of keeping it waiting.
    func keyWraps(sealedTo peer: NodeID, in space: SpaceID, lacking vector: VersionVector) throws -> [[UInt8]]
    /// The equivocation proofs kept for `space`.
    func equivocationProofs(in space: SpaceID) throws -> [(first: [UInt8], second: [UInt8])]
    /// The head attestations of `space` to pass on (the node's own signed afresh when due), except those
    /// whose attester and sequence are in `sent`.
    func attestationsToGossip(of space: SpaceID, excluding sent: [[UInt8]: UInt64]) throws -> [StoredAttestation]
    /// Compares a peer's claim in a session with its own attestation received before the session began;
    /// records and returns the authors it keeps from this node.
    func checkClaim(of peer: NodeID, in space: SpaceID, claimed: VersionVector, sessionStart: Double) throws
        -> [ActorID]
    /// The id and vector of the checkpoint of `space` to offer `peer`, which holds `vector` (`nil`: none
    /// to offer).
    func checkpointOffer(for space: SpaceID, to peer: NodeID, peerHolds vector: VersionVector) throws -> (
        id: [UInt8], vector: VersionVector
    )?
    /// The checkpoint of `space` this replica keeps, as it travels, with its vector.
    func checkpointBytes(of space: SpaceID) throws -> (bytes: [UInt8], vector: VersionVector)?
    /// Whether this replica would take the checkpoint `id` of `space` a peer offers.
    func wantsCheckpoint(_ id: [UInt8], of space: SpaceID) throws -> Bool
    /// Takes a checkpoint a peer sent: installs it, or keeps it to pass on (a relay), or says why not.
    func takeCheckpoint(_ bytes: [UInt8], in space: SpaceID) -> CheckpointTaking
    /// Makes room under a storage quota by compacting `space` (a relay); the bytes dropped.
    func compactForQuota(_ space: SpaceID) -> Int
    /// The wall clock (seconds since 1970).
    var wallClock: Double { get }
    /// Takes in head attestations the peer passed on.
    func receiveAttestations(_ attestations: [[UInt8]], in space: SpaceID, from source: String, limitRate: Bool)
        throws -> AttestationReceipt
}

extension SyncReplica {
    /// None to offer (a replica that keeps no checkpoints).
    package func checkpointOffer(for space: SpaceID, to peer: NodeID, peerHolds vector: VersionVector) throws -> (
        id: [UInt8], vector: VersionVector
    )? { nil }
    /// None kept.
    package func checkpointBytes(of space: SpaceID) throws -> (bytes: [UInt8], vector: VersionVector)? { nil }
    /// Never.
    package func wantsCheckpoint(_ id: [UInt8], of space: SpaceID) throws -> Bool { false }
    /// Drops nothing.
    package func compactForQuota(_ space: SpaceID) -> Int { 0 }
    /// Takes none.
    package func takeCheckpoint(_ bytes: [UInt8], in space: SpaceID) -> CheckpointTaking {
        .declined("this replica takes no checkpoints")
    }
}

/// What became of a checkpoint a peer sent (``SyncReplica/takeCheckpoint(_:in:)``).
package enum CheckpointTaking: Sendable {
    /// The replica's state of the space starts from it now.
    case installed(CheckpointInfo)
    /// Kept to offer to new members (a relay, which cannot open it).
    case kept(CheckpointInfo)
    /// Not taken, and why.
    case declined(String)
}

extension Node: SyncReplica {
    package var sessionIdentity: NodeKeyPair { identity.current }
    package var wallClock: Double { configuration.now() }
}
