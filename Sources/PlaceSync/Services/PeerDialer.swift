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
    let now: @Sendable () -> Double

    /// Dials `host:port` as `node`.
    /// - Parameter expectedPeer: only this node may answer there.
    public init(
        node: Node, host: String, port: Int, expectedPeer: NodeID? = nil, watcher: ReplicaWatcher,
        configuration: SyncConfiguration = SyncConfiguration(), logger: Logger = Logger(label: "placesync.dialer"),
        now: (@Sendable () -> Double)? = nil
    ) {
        self.node = node
        self.host = host
        self.port = port
        self.expectedPeer = expectedPeer
        self.watcher = watcher
        self.configuration = configuration
        self.logger = logger
        self.now = now ?? { systemNow() }
    }

    public func run() async throws {
        let address = "\(host):\(port)"
        let recorder = PeerStatusRecorder(
            node: node, address: address, direction: .dial, configuredKey: address, logger: logger)
        await cancelWhenGracefulShutdown {
            var delay = 1.0
            while !Task.isCancelled {
                do {
                    logger.debug("dialling", metadata: ["place.address": "\(address)"])
                    let outcome = try await TCPSync.dial(
                        host: host, port: port, node: node, configuration: configuration, expectedPeer: expectedPeer,
                        changes: watcher.subscribe(),
                        context: SyncContext(logger: logger, now: now, onEvent: recorder.record))
                    // A session that got past the handshake resets the backoff: the peer is there.
                    if outcome.peer != nil { delay = 1 }
                } catch {
                    logger.notice(
                        "cannot reach peer", metadata: ["place.address": "\(address)", "place.error": "\(error)"])
                    recorder.attemptFailed(error)
                }
                let wait = delay * Double.random(in: 0.5...1.0)
                delay = min(delay * 2, 60)
                try? await Task.sleep(for: .milliseconds(Int(wait * 1_000)))
            }
        }
    }
}
