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

    /// The defaults.
    /// How many envelopes may wait for what they depend on (tests shrink it; see ``Node`` ingest).
    package var waitingRoom = WaitingRoom()

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
