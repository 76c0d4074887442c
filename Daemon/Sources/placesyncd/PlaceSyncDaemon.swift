import ArgumentParser
import Foundation
import Logging
import Metrics
import PlaceCrypto
import PlaceDaemon
import PlaceHTTP
import PlaceSync
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `placesyncd`: opens (or creates) a node, listens for peers, keeps its configured peers and hubs
/// connected, pushes local writes live, and shuts down cleanly on SIGTERM or SIGINT.
@main
struct PlaceSyncDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placesyncd",
        abstract: "The PlaceSync daemon: keeps this node's replica in sync with its peers and hubs.",
        discussion: """
            Settings come from a JSON config file (default: placesyncd.json in the data folder, if present;
            see Daemon/README.md and Daemon/placesyncd.example.json); flags override it.
            The node is created in the data folder on first start. Logs go to standard error; they never
            contain keys or note content.
            """)

    @Option(help: "The config file (JSON). Default: <data-dir>/placesyncd.json when it exists.")
    var config: String?

    @Option(help: "The node's folder. Default: $PLACESYNC_HOME, else ~/.local/share/placesync.")
    var dataDir: String?

    @Option(
        help: """
            Listen on host:port (port 0: any free port; \"\" disables). Default 127.0.0.1:7461 (this machine \
            only); a hub says --listen 0.0.0.0:7461.
            """)
    var listen: String?

    @Option(
        name: .customLong("peer"), help: "A peer or hub to dial, host:port[=node-id]. Repeatable; adds to the file's.")
    var peers: [String] = []

    @Flag(help: "Hub mode: quotas on what each peer may send; spaces offered by untrusted peers are refused.")
    var relay = false

    @Option(
        name: .customLong("trust-admin"),
        help: """
            The node id of an admin this node trusts to put it in a space (a hub lists the admins it serves). \
            Repeatable; adds to the file's trustedAdmins.
            """)
    var trustedAdmins: [String] = []

    @Option(
        name: .customLong("trust-peer"),
        help: """
            The node id of a peer (another hub) this node asks to show it spaces it does not hold yet; taking \
            one on still needs a trusted admin there. Peers given as host:port=node-id count too. Repeatable.
            """)
    var trustedPeers: [String] = []

    @Option(
        help: """
            Serve the web Sharing Space, the JSON API and /metrics on host:port (\"\" turns it off). Default \
            127.0.0.1:7462 (this machine only). The access token is in <data-dir>/http.token.
            """)
    var http: String?

    @Flag(help: "Serve HTTP beyond this machine without TLS (tokens and notes cross the network readable).")
    var httpInsecure = false

    @Flag(help: "Serve the replica read-only over HTTP: every state-changing request gets 403.")
    var httpReadOnly = false

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(
        help: """
            A file holding the passphrase that seals the node's key file (else $PLACESYNC_PASSPHRASE, else the \
            systemd credential placesync-passphrase; none: a plain key file, mode 0600).
            """)
    var passphraseFile: String?

    func run() async throws {
        // Keys live in this process's memory: never in a core file.
        try CoreDumps.disable()
        let settings = try DaemonSettings.resolve(
            configPath: config, dataDir: dataDir, listen: listen, peers: peers, relay: relay,
            trustedAdmins: trustedAdmins, trustedPeers: trustedPeers, logLevel: logLevel, http: http,
            httpInsecure: httpInsecure)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = settings.logLevel
            return handler
        }
        let logger = Logger(label: "placesyncd")
        // Metrics go to a Prometheus registry that the HTTP frontend exposes at /metrics.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var nodeConfiguration = NodeConfiguration()
        nodeConfiguration.attestations = settings.attestations
        nodeConfiguration.envelopeFormat = settings.envelopeFormat
        nodeConfiguration.takesCheckpoints = settings.takesCheckpoints
        nodeConfiguration.passphrase = try PassphraseSource.resolve(
            file: passphraseFile, environment: ProcessInfo.processInfo.environment)
        let node = try DaemonSettings.openOrCreateNode(
            at: settings.dataDir, configuration: nodeConfiguration, logger: logger)
        if let notice = node.startupNotice { logger.warning("\(notice)") }
        if let notice = try? node.upgradeNotice() { logger.warning("\(notice)") }
        // One clock for every connection: the hub's quota ledger compares instants across them.
        let clock = SyncClock()
        let watcher = ReplicaWatcher(node: node, pollInterval: settings.pollInterval, clock: clock)
        var services: [any Service] = [watcher]
        if settings.checkpointEvery > 0, !settings.relay {
            services.append(
                CheckpointScheduler(
                    node: node, every: settings.checkpointEvery, checkInterval: settings.checkpointCheckInterval,
                    logger: logger, clock: clock))
        }
        var listening = "not listening"
        if let (host, port) = settings.listen {
            let listener = try await PeerListener.bind(
                host: host, port: port, node: node, watcher: watcher, configuration: settings.sync,
                limits: settings.limits, logger: logger, clock: clock)
            services.append(listener)
            listening = "listening on \(host):\(listener.port)"
        }
        for peer in settings.peers {
            services.append(
                PeerDialer(
                    node: node, host: peer.host, port: peer.port, expectedPeer: peer.nodeID, watcher: watcher,
                    configuration: settings.sync, logger: logger, clock: clock))
        }
        if let (host, port) = settings.http {
            if !HTTPFrontendConfiguration.isLoopback(host) {
                logger.warning(
                    "the HTTP frontend serves plain HTTP beyond this machine (--http-insecure): use a TLS proxy")
            }
            let tokenPath = settings.dataDir + "/http.token"
            let (token, created) = try AccessToken.loadOrCreate(at: tokenPath)
            var configuration = HTTPFrontendConfiguration(token: token)
            configuration.host = host
            configuration.port = port
            configuration.readOnly = httpReadOnly || settings.httpReadOnly
            let frontend = HTTPFrontend(node: node, configuration: configuration, metrics: registry)
            let shownHost = host.contains(":") ? "[\(host)]" : (host == "0.0.0.0" ? "127.0.0.1" : host)
            services.append(
                frontend.application(logger: logger) { boundPort in
                    // One line for people and scripts: where to open the Sharing Space, and the token's file.
                    let line =
                        "placesyncd: web http://\(shownHost):\(boundPort)/ (access token \(created ? "created in" : "in") \(tokenPath))\n"
                    // A closed standard output (its reader gone) must not stop the daemon.
                    try? FileHandle.standardOutput.write(contentsOf: Data(line.utf8))
                })
        }
        // One line on standard output for scripts and tests; everything else is in the log.
        let banner =
            "placesyncd: node \(node.nodeID) \(listening), \(settings.peers.count) peer(s), data \(settings.dataDir)\n"
        try? FileHandle.standardOutput.write(contentsOf: Data(banner.utf8))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
