/// How `placesyncd` runs, as its config file (`placesyncd.json` in the data folder, or `--config`) and
/// its flags describe it. Every field has a default; an empty file `{}` is a valid configuration.
/// `Daemon/placesyncd.example.json` shows every key with a comment in `Daemon/README.md`.
package struct DaemonConfiguration: Codable, Sendable, Equatable {
    /// The node's folder (key, replica, marker). Default: `$PLACESYNC_HOME`, else
    /// `~/.local/share/placesync`.
    package var dataDir: String?
    /// Where to listen for peers, `host:port`. Default `127.0.0.1:7461` (this machine only); a hub that
    /// serves others says `0.0.0.0:7461` (peers prove who they are in the handshake and see only spaces
    /// they belong to). `""` disables listening.
    package var listen: String?
    /// Where the HTTP frontend (JSON API, web Sharing Space, metrics) listens, `host:port`. Default
    /// `127.0.0.1:7462` (this machine only); `""` turns it off. A host beyond loopback needs
    /// `httpInsecure` (placesyncd does not terminate TLS: put a TLS proxy in front instead).
    package var http: String?
    /// Serve HTTP beyond loopback without TLS (tokens and notes cross the network readable).
    package var httpInsecure: Bool?
    /// Serve the replica read-only over HTTP (state-changing requests get 403).
    package var httpReadOnly: Bool?
    /// Peers and hubs to dial and keep connected.
    package var peers: [Peer]?
    /// Hub mode: per-author quotas on what peers may send (a hub serves many practices), and spaces
    /// offered by peers it does not trust are refused instead of kept as offers.
    package var relay: Bool?
    /// Node ids of admins this node trusts to put it in a space: a space it does not hold is taken on
    /// from a chain only when one of them is an admin there (and asked for only of one of them).
    package var trustedAdmins: [String]?
    /// Node ids of peers (other hubs) this node asks to show it spaces it does not hold yet; taking one on
    /// still needs a trusted admin there. Peers pinned by node id in `peers` count too.
    package var trustedPeers: [String]?
    /// `trace`, `debug`, `info` (default), `notice`, `warning`, `error`, `critical`.
    package var logLevel: String?
    /// Seconds between checks for writes by other processes on the replica (the CLI). Default 0.25.
    package var pollInterval: Double?
    /// Seconds a peer has to finish the handshake and say hello. Default 15.
    package var handshakeTimeout: Double?
    /// Seconds of silence after which a heartbeat is sent. Default 10.
    package var heartbeatInterval: Double?
    /// Seconds of silence from a peer after which the link is taken for dead. Default 35.
    package var deadAfter: Double?
    /// Seconds between this node's signed head attestations of a space (delivery receipts), signed only
    /// when what it holds moved. Default 3600.
    package var attestationPeriod: Double?
    /// Seconds an attester's next attestation is ignored for after its last one was taken. Default 60.
    package var attestationMinimumInterval: Double?
    /// Seconds a gap shown by others' attestations may stay open, while in contact with peers, before it
    /// is reported as possibly withheld. Default 300.
    package var withholdingGrace: Double?
    /// Whether batches that compress well are sent deflated to peers that speak protocol version 2.
    /// Default true.
    package var deflateBatches: Bool?
    /// Whether this node offers the checkpoints it keeps to new members and relays (protocol version 3).
    /// Default true.
    package var offersCheckpoints: Bool?
    /// How many envelopes a space this node is an admin of grows by before the node makes a new
    /// checkpoint on its own. Default 10,000; 0 never.
    package var checkpointEvery: Int?
    /// Seconds between looks for spaces due a checkpoint. Default 600.
    package var checkpointCheckInterval: Double?
    /// Whether a space this node holds no content of yet may start from a checkpoint a peer offers.
    /// Default true; false for an archive that must keep every envelope.
    package var takesCheckpoints: Bool?
    /// The envelope format content and key wraps are written in: 2 (heads) or 1 (the whole vector, for
    /// members on builds from before format 2). Default 2.
    package var envelopeFormat: Int?
    /// The most connections served at once. Default 1,024.
    package var maxConnections: Int?
    /// The most connections served at once from one IP address. Default 64.
    package var maxConnectionsPerAddress: Int?
    /// Hub mode quotas: the most envelope bytes one author may send through one session per minute.
    /// Default 64 MiB.
    package var quotaBytesPerMinute: Int?
    /// Hub mode quotas: the most envelopes one author may send through one session per minute.
    /// Default 60,000.
    package var quotaEnvelopesPerMinute: Int?
    /// Hub mode quotas: the most envelope bytes this replica keeps per author and space. Default 1 GiB.
    package var quotaStoredBytesPerAuthor: Int?

    /// A peer to dial.
    package struct Peer: Codable, Sendable, Equatable {
        /// `host:port`.
        package var address: String
        /// When set, only this node may answer there (a hub's node id, as `placesync id` prints it).
        package var nodeID: String?

        /// Creates a peer entry.
        package init(address: String, nodeID: String? = nil) {
            self.address = address
            self.nodeID = nodeID
        }
    }

    /// An empty configuration: every default.
    package init() {}

    /// The default port.
    package static let defaultPort = 7461
    /// The HTTP frontend's default port.
    package static let defaultHTTPPort = 7462

    /// Splits `host:port` (a bare host gets the default port; `[v6]:port` is accepted).
    /// - Throws: ``ConfigError`` for a missing host or a port that is not a number in 0…65535.
    package static func hostAndPort(_ address: String) throws -> (host: String, port: Int) {
        var host = address
        var portText: Substring?
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            if rest.hasPrefix(":") { portText = rest.dropFirst() }
        } else if let colon = address.lastIndex(of: ":") {
            host = String(address[..<colon])
            portText = address[address.index(after: colon)...]
        }
        guard !host.isEmpty else { throw ConfigError("no host in address \"\(address)\"") }
        guard let portText else { return (host, defaultPort) }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ConfigError("the port in \"\(address)\" is not a number from 0 to 65535")
        }
        return (host, port)
    }
}
