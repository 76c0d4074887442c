public import Logging
public import ServiceLifecycle

/// Listens for peers and serves each with a responder session, until graceful shutdown.
public struct PeerListener: Service {
    let listener: TCPSyncListener
    let node: Node
    let watcher: ReplicaWatcher
    let configuration: SyncConfiguration
    let limits: ConnectionLimits
    let logger: Logger
    let clock: SyncClock

    /// The port it listens on.
    public var port: Int { listener.port }

    /// Binds `host:port` (port 0: any free port); sessions read `clock` as now.
    /// - Throws: ``SyncError/Code/network`` when it cannot bind.
    public static func bind(
        host: String, port: Int, node: Node, watcher: ReplicaWatcher,
        configuration: SyncConfiguration = SyncConfiguration(), limits: ConnectionLimits = ConnectionLimits(),
        logger: Logger = Logger(label: "placesync.listener"), clock: SyncClock = SyncClock()
    ) async throws -> PeerListener {
        PeerListener(
            listener: try await TCPSync.listen(host: host, port: port), node: node, watcher: watcher,
            configuration: configuration, limits: limits, logger: logger, clock: clock)
    }

    public func run() async throws {
        let (node, logger, clock, watcher) = (node, logger, clock, watcher)
        await cancelWhenGracefulShutdown {
            do {
                try await listener.serve(
                    node: node, configuration: configuration, limits: limits, changes: { watcher.subscribe() }
                ) {
                    address in
                    let recorder = PeerStatusRecorder(
                        node: node, address: address, direction: .accept, configuredKey: nil, logger: logger)
                    return SyncContext(logger: logger, onEvent: recorder.record, clock: clock)
                }
            } catch {
                if !Task.isCancelled { logger.error("the listener failed", metadata: ["place.error": "\(error)"]) }
            }
        }
    }
}
