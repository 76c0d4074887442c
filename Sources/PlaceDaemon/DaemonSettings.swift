internal import Foundation
package import Logging
package import PlaceCrypto
package import PlaceSync

/// The daemon's settings after the config file and the flags are combined (flags win).
package struct DaemonSettings {
    /// The node's folder.
    package var dataDir: String
    /// Where to listen for peers (`nil`: not at all).
    package var listen: (host: String, port: Int)?
    /// The peers and hubs to keep dialling.
    package var peers: [PeerAddress]
    /// A hub: refuses spaces offered by peers it does not trust, and charges authors' quotas.
    package var relay: Bool
    /// The least severe log level written.
    package var logLevel: Logger.Level
    /// How often other processes' writes are looked for.
    package var pollInterval: Duration
    /// The sessions' configuration (timeouts, trust, quotas).
    package var sync: SyncConfiguration
    /// How many connections the listener takes.
    package var limits: ConnectionLimits
    /// Where the HTTP frontend listens (`nil`: not at all).
    package var http: (host: String, port: Int)?
    /// Whether the HTTP frontend refuses every state-changing request.
    package var httpReadOnly = false
    /// How often the node attests to what it holds, and what it makes of others' attestations.
    package var attestations = AttestationPolicy()
    /// The envelope format the node writes (`envelopeFormat` in the config file).
    package var envelopeFormat = NodeConfiguration().envelopeFormat
    /// Whether the node takes checkpoints peers offer (`takesCheckpoints` in the config file).
    package var takesCheckpoints = true
    /// How many envelopes a space grows by before the node (an admin there) makes a checkpoint (0: never),
    /// and how often it looks.
    package var checkpointEvery: UInt64 = 10_000
    package var checkpointCheckInterval: Duration = .seconds(600)

    /// The node's folder when neither a flag nor the config file names one: `$PLACESYNC_HOME`, else
    /// `~/.local/share/placesync`.
    package static func defaultDataDir(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["PLACESYNC_HOME"] ?? (NSHomeDirectory() + "/.local/share/placesync")
    }

    /// The settings the config file (`configPath`, else `placesyncd.json` in the data folder) and the
    /// flags give, flags winning.
    /// - Throws: ``ConfigError`` saying what is wrong and where.
    package static func resolve(
        configPath: String?, dataDir: String?, listen: String?, peers: [String], relay: Bool,
        trustedAdmins: [String] = [], trustedPeers: [String] = [], logLevel: String?, http: String? = nil,
        httpInsecure: Bool = false
    ) throws -> DaemonSettings {
        let fallbackDir = defaultDataDir()
        let file = try readConfig(configPath, defaultDir: dataDir ?? fallbackDir)
        let dir = dataDir ?? file.dataDir ?? fallbackDir
        let listenText = listen ?? file.listen ?? "127.0.0.1:\(DaemonConfiguration.defaultPort)"
        let resolvedPeers = try (file.peers ?? []).map(PeerAddress.init) + peers.map(PeerAddress.init(parsing:))
        let levelText = logLevel ?? file.logLevel ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ConfigError(
                "log level \"\(levelText)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        var sync = SyncConfiguration()
        sync.agent = "placesyncd/0.1"
        if let value = file.handshakeTimeout { sync.handshakeTimeout = .seconds(value) }
        if let value = file.heartbeatInterval { sync.heartbeatInterval = .seconds(value) }
        if let value = file.deadAfter { sync.deadAfter = .seconds(value) }
        for text in (file.trustedAdmins ?? []) + trustedAdmins {
            sync.trustedAdmins.insert(try parseNodeID(text, what: "trusted admin"))
        }
        for text in (file.trustedPeers ?? []) + trustedPeers {
            sync.trustedPeers.insert(try parseNodeID(text, what: "trusted peer"))
        }
        // Hubs pinned by node id are asked for the chains of spaces this node does not hold yet.
        for peer in resolvedPeers { if let pinned = peer.nodeID { sync.trustedPeers.insert(pinned) } }
        if let deflate = file.deflateBatches { sync.deflateBatches = deflate }
        if let offers = file.offersCheckpoints { sync.offersCheckpoints = offers }
        // A hub refuses spaces offered by peers it does not trust; a practice keeps them for the user.
        sync.keepsOffers = !(relay || (file.relay ?? false))
        if relay || (file.relay ?? false) {
            var quota = AuthorQuota()
            if let value = file.quotaBytesPerMinute { quota.bytesPerMinute = value }
            if let value = file.quotaEnvelopesPerMinute { quota.envelopesPerMinute = value }
            if let value = file.quotaStoredBytesPerAuthor { quota.storedBytesPerAuthor = value }
            sync.quota = quota
            sync.quotaLedger = QuotaLedger()
        }
        var limits = ConnectionLimits()
        if let value = file.maxConnections { limits.total = value }
        if let value = file.maxConnectionsPerAddress { limits.perAddress = value }
        let httpText = http ?? file.http ?? "127.0.0.1:\(DaemonConfiguration.defaultHTTPPort)"
        var httpAddress: (host: String, port: Int)?
        if !httpText.isEmpty {
            let parsed = try DaemonConfiguration.hostAndPort(httpText)
            let port =
                httpText.contains(":") && !httpText.hasSuffix("]") ? parsed.port : DaemonConfiguration.defaultHTTPPort
            let loopback = parsed.host == "localhost" || parsed.host == "::1" || parsed.host.hasPrefix("127.")
            if !loopback, !(httpInsecure || (file.httpInsecure ?? false)) {
                throw ConfigError(
                    "the HTTP frontend would listen on \(parsed.host), beyond this machine, without TLS: placesyncd does not terminate TLS, so bind it to 127.0.0.1 behind a TLS reverse proxy, or pass --http-insecure to serve plain HTTP anyway"
                )
            }
            httpAddress = (parsed.host, port)
        }
        var attestations = AttestationPolicy()
        for (value, path) in [
            (file.attestationPeriod, \AttestationPolicy.period),
            (file.attestationMinimumInterval, \AttestationPolicy.minimumInterval),
            (file.withholdingGrace, \AttestationPolicy.withholdingGrace),
        ] {
            guard let value else { continue }
            guard value >= 0, value <= 7 * 86_400 else {
                throw ConfigError("attestation settings are seconds from 0 to a week (604800), got \(value)")
            }
            attestations[keyPath: path] = .milliseconds(Int(value * 1_000))
        }
        return DaemonSettings(
            dataDir: dir, listen: listenText.isEmpty ? nil : try DaemonConfiguration.hostAndPort(listenText),
            peers: resolvedPeers, relay: relay || (file.relay ?? false), logLevel: level,
            pollInterval: .milliseconds(Int(max(0.01, min(3_600, file.pollInterval ?? 0.25)) * 1_000)), sync: sync,
            limits: limits, http: httpAddress, httpReadOnly: file.httpReadOnly ?? false, attestations: attestations,
            envelopeFormat: try envelopeFormat(file), takesCheckpoints: file.takesCheckpoints ?? true,
            checkpointEvery: try checkpointEvery(file),
            checkpointCheckInterval: .milliseconds(
                Int(max(0.05, min(86_400, file.checkpointCheckInterval ?? 600)) * 1_000)))
    }

    /// The checkpoint interval a config file asks for, in envelopes (0: never; 10,000 when it says nothing).
    package static func checkpointEvery(_ file: DaemonConfiguration) throws -> UInt64 {
        guard let every = file.checkpointEvery else { return 10_000 }
        guard every >= 0 else {
            throw ConfigError("checkpointEvery is a number of envelopes, 0 for never; got \(every)")
        }
        return UInt64(every)
    }

    /// The envelope format a config file asks for (1, 2 or 3; 3 when it says nothing).
    package static func envelopeFormat(_ file: DaemonConfiguration) throws -> UInt8 {
        guard let format = file.envelopeFormat else { return NodeConfiguration().envelopeFormat }
        guard (1...3).contains(format) else {
            throw ConfigError(
                "envelopeFormat is 3 (the default), 2 (for members on a build from before format 3) or 1 (from before format 2), got \(format)"
            )
        }
        return UInt8(format)
    }

    /// A node id from the config or a flag; `what` names it in the error.
    package static func parseNodeID(_ text: String, what: String) throws -> NodeID {
        do { return try NodeID(parsing: text) } catch {
            throw ConfigError("the \(what) \"\(text)\" is not a valid node id (`placesync id` prints one): \(error)")
        }
    }

    /// The config file at `path`, else `placesyncd.json` in `defaultDir` if there is one, else every
    /// default. At most 1 MiB.
    package static func readConfig(_ path: String?, defaultDir: String) throws -> DaemonConfiguration {
        let candidate = path ?? (defaultDir + "/placesyncd.json")
        guard FileManager.default.fileExists(atPath: candidate) else {
            if let path { throw ConfigError("the config file \(path) does not exist") }
            return DaemonConfiguration()
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: candidate))
        guard data.count <= 1 << 20 else { throw ConfigError("the config file \(candidate) is over 1 MiB") }
        do {
            return try JSONDecoder().decode(DaemonConfiguration.self, from: data)
        } catch {
            throw ConfigError("the config file \(candidate) is not valid: \(error)")
        }
    }

    /// Opens the node in `directory`, creating it (and saying so) the first time.
    package static func openOrCreateNode(at directory: String, configuration: NodeConfiguration, logger: Logger) throws
        -> Node
    {
        if FileManager.default.fileExists(atPath: directory + "/node.key") {
            return try Node.open(at: directory, configuration: configuration)
        }
        let node = try Node.create(at: directory, configuration: configuration)
        logger.notice("created a new node", metadata: ["place.node": "\(node.nodeID)", "place.dir": "\(directory)"])
        return node
    }
}

/// A configuration problem, told plainly.
package struct ConfigError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
