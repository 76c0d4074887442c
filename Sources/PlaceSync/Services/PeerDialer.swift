public import Logging
public import PlaceCrypto
public import ServiceLifecycle

/// Keeps one configured peer or hub connected: dials, runs the session until it ends, waits with
/// exponential backoff and jitter (1 s doubling to at most 60 s while the peer cannot be reached or
/// refuses the handshake; back to 1 s after any session that completed it), and dials again — until graceful shutdown, when the open session leaves with a `bye`.
public struct PeerDialer: Service {
    let node: Node
    let host: String
    let port: Int
    let expectedPeer: NodeID?
    let watcher: ReplicaWatcher
    let configuration: SyncConfiguration
    let logger: Logger
    let clock: SyncClock
    let sessionClock: SyncClock
    let jitter: @Sendable () -> Double

    /// Dials `host:port` as `node`.
    /// - Parameters:
    ///   - node: the node that syncs.
    ///   - host: the peer's host name or address.
    ///   - port: the peer's port.
    ///   - expectedPeer: only this node may answer there.
    ///   - watcher: what tells the open session that the replica has new envelopes to push.
    ///   - configuration: how sessions pace themselves and whom they trust.
    ///   - logger: where the dialler and its sessions log (never keys or content).
    ///   - clock: what the waits between attempts sleep on, and by default what sessions read as now and
    ///     tick on (a test passes one over a clock it moves by hand).
    ///   - sessionClock: what sessions read and tick on, when not `clock` (a test that moves `clock` by
    ///     hand passes a real one, so a closing session's last tick does not wait for the test to move it).
    ///   - jitter: each wait's share of the backoff step, in 0.5…1 (random by default).
    public init(
        node: Node, host: String, port: Int, expectedPeer: NodeID? = nil, watcher: ReplicaWatcher,
        configuration: SyncConfiguration = SyncConfiguration(), logger: Logger = Logger(label: "placesync.dialer"),
        clock: SyncClock = SyncClock(), sessionClock: SyncClock? = nil,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0.5...1.0) }
    ) {
        self.node = node
        self.host = host
        self.port = port
        self.expectedPeer = expectedPeer
        self.watcher = watcher
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.sessionClock = sessionClock ?? clock
        self.jitter = jitter
    }

    public func run() async throws {
        let address = "\(host):\(port)"
        let recorder = PeerStatusRecorder(
            node: node, address: address, direction: .dial, configuredKey: address, logger: logger)
        await cancelWhenGracefulShutdown {
            var backoff = Backoff()
            while !Task.isCancelled {
                do {
                    logger.debug("dialling", metadata: ["place.address": "\(address)"])
                    let outcome = try await TCPSync.dial(
                        host: host, port: port, node: node, configuration: configuration, expectedPeer: expectedPeer,
                        changes: watcher.subscribe(),
                        context: SyncContext(logger: logger, onEvent: recorder.record, clock: sessionClock))
                    // A session that got past the handshake resets the backoff: the peer is there.
                    if outcome.peer != nil { backoff.reset() }
                } catch {
                    logger.notice(
                        "cannot reach peer", metadata: ["place.address": "\(address)", "place.error": "\(error)"])
                    recorder.attemptFailed(error)
                }
                try? await clock.sleep(for: backoff.next(jitter: jitter()))
            }
        }
    }
}
