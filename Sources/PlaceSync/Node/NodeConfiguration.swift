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
    public init() {}
}
