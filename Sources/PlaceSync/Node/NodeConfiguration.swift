public import PlaceCrypto
public import PlaceStore

/// How a node opens its replica.
public struct NodeConfiguration: Sendable {
    /// Durability and busy timeout of the replica database. Default: `synchronous=FULL` — a write that
    /// returned survives power loss.
    public var store = SQLiteStoreConfiguration()
    /// How this node's person or organisation is named to other members (sealed: relays never see it).
    public var displayName = ""
    /// The passphrase sealing the key file (`nil`: a plain key file, protected by mode 0600 only).
    public var passphrase: SecureBytes?
    /// Argon2id strength used when a sealed key file is written.
    public var keyFileParameters: KeyFile.Argon2Parameters = .moderate
    /// The current time in seconds since 1970 (for "updated at" columns). Injected so tests are exact.
    public var now: @Sendable () -> Double = { systemNow() }

    /// How often this node signs what it holds of each space, and what it makes of others' statements.
    public var attestations = AttestationPolicy()

    /// How many envelopes may wait for what they depend on (tests shrink it; see ``Node`` ingest).
    package var waitingRoom = WaitingRoom()
    /// The envelope format this node writes content and key wraps in: 3 (the default) names only an
    /// envelope's heads, so its size does not grow with the space, and seals content compactly (a one-word
    /// edit is about 240 bytes); 2 names heads but seals as format 1 does; 1 carries the whole version
    /// vector. Builds from before a format refuse it until they upgrade (and then take it in), so pin the
    /// newest format every member's build reads while some still run an older one: 2 for builds from
    /// before format 3, 1 for builds from before format 2. Membership entries are always format 1.
    /// `Protocol/ENVELOPE.md` §1.
    public var envelopeFormat: UInt8 = EnvelopeHeader.compactFormat
    /// Whether a space this replica holds no content of yet may start from a checkpoint a peer offers
    /// (``Node/installCheckpoint(_:keyWraps:)``) instead of the whole history. Off: a replica that must
    /// keep (and serve) every envelope, an archive say.
    public var takesCheckpoints = true

    /// The defaults.
    public init() {}
}

/// How many envelopes may wait for their dependencies: in all (past it, more are refused), and per
/// source (a peer session) or per author in a space (past those, the oldest of that source or author
/// is evicted, so one flood cannot crowd out what others wait to apply).
package struct WaitingRoom: Sendable {
    package var total = 100_000
    package var perSource = 8_192
    package var perAuthor = 4_096
    package init() {}
}

/// Head attestations (delivery receipts, `Protocol/ATTESTATION.md`): how often this node signs its
/// version vector for a space, how often it takes another member's, and when envelopes that others
/// attest to holding and this node lacks count as withheld.
public struct AttestationPolicy: Sendable {
    /// A new attestation of a space is signed at most this often, and only when the vector moved. An
    /// hour: in a county-wide space of 94 members an attestation is about 3 KB, and every node takes in
    /// every member's (ATTESTATION.md §6 has the arithmetic).
    public var period: Duration = .seconds(3_600)
    /// One attester's next attestation of a space is taken no sooner than this after its last one (a
    /// member cannot flood the hubs); sooner ones are dropped unstored.
    public var minimumInterval: Duration = .seconds(60)
    /// How long a gap (envelopes others attest to holding that this node lacks) may stay open, while this
    /// node is in contact with peers, before it is reported as possibly withheld.
    public var withholdingGrace: Duration = .seconds(300)
    /// The defaults.
    public init() {}
}
