package import PlaceCrypto

/// A peer to dial, as the daemon's config file, `placesyncd --peer` and `placesync --peer` name it:
/// `host:port`, or `host:port=node-id` to accept only that node there.
package struct PeerAddress: Hashable, Sendable, CustomStringConvertible {
    /// The host name or address.
    package var host: String
    /// The TCP port.
    package var port: Int
    /// When set, only this node may answer there (a hub's node id, as `placesync id` prints it).
    package var nodeID: NodeID?

    /// Parses `host:port` or `host:port=node-id` (a bare host gets the default port).
    /// - Throws: ``ConfigError`` saying what is wrong.
    package init(parsing text: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        try self.init(DaemonConfiguration.Peer(address: parts.first ?? "", nodeID: parts.count > 1 ? parts[1] : nil))
    }

    /// A peer entry of the config file.
    package init(_ entry: DaemonConfiguration.Peer) throws {
        (host, port) = try DaemonConfiguration.hostAndPort(entry.address)
        nodeID = try entry.nodeID.map { text in
            do { return try NodeID(parsing: text) } catch {
                throw ConfigError("the node id \"\(text)\" for \(entry.address) is not valid: \(error)")
            }
        }
    }

    /// `host:port`.
    package var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    package var description: String { nodeID.map { "\(address)=\($0)" } ?? address }
}
