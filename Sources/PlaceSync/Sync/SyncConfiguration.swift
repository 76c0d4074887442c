/// How a sync session paces itself. The defaults suit practices on poor links and hubs with many peers.
public struct SyncConfiguration: Sendable {
    /// Sent in the hello, for the other side's logs (at most 64 bytes of UTF-8; longer is cut).
    public var agent = "placesync/0.1"
    /// Seconds without sending anything after which a side sends a heartbeat.
    public var heartbeatInterval: Double = 10
    /// Seconds without hearing anything after which the link is taken for dead and closed.
    public var deadAfter: Double = 35
    /// Seconds the Noise handshake and the hellos may take before the connection is dropped.
    public var handshakeTimeout: Double = 15
    /// The most envelope bytes in one batch (a batch always holds at least one envelope).
    public var batchBytes = 512 * 1024
    /// The most envelopes in one batch.
    public var batchEnvelopes = 2_048
    /// Batches sent and not yet acknowledged, at most: the sender stops until acknowledgements come.
    public var window = 4

    /// The defaults.
    public init() {}
}
