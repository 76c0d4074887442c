package import Logging
internal import PlaceCrypto
internal import PlaceWire

/// Turns a connection's events into peer status in the replica (what `placesync status` shows) and log
/// lines. Storage failures are logged, never fatal to the connection. The services use it, and so does
/// `placesync sync --once`, so that `placesync status` shows both alike.
package struct PeerStatusRecorder: Sendable {
    let node: Node
    let address: String
    let direction: PeerDirection
    /// The configured address for dialled peers; nil for accepted ones (keyed by node id once known).
    let configuredKey: String?
    let logger: Logger

    /// A recorder for the connections to or from `address`; `configuredKey`: the configured address of
    /// a dialled peer (nil for one that dialled in).
    package init(node: Node, address: String, direction: PeerDirection, configuredKey: String?, logger: Logger) {
        self.node = node
        self.address = address
        self.direction = direction
        self.configuredKey = configuredKey
        self.logger = logger
    }

    /// Where a peer's status is kept: the configured address of a dialled peer; for one that dialled in,
    /// its node id — only if it shares a space with this node (a stranger leaves no row).
    func key(for peer: NodeID?) -> String? {
        if let configuredKey { return configuredKey }
        guard let peer, let shared = try? node.spacesShared(with: peer), !shared.isEmpty else { return nil }
        return "\(peer)"
    }

    /// Records one connection event as peer status and logs it.
    package func record(_ event: SyncConnectionEvent) {
        do {
            switch event {
            case .session(.connected(let peer, let version)):
                logger.info(
                    "connected",
                    metadata: ["place.peer": "\(peer)", "place.address": "\(address)", "place.version": "\(version)"])
                if let key = key(for: peer) {
                    try node.recordPeer(
                        key: key, nodeID: peer, address: address, direction: direction, connected: true,
                        contact: true, error: nil)
                }
            case .session(.received(let space, let applied, let pending, let duplicates, let refused)):
                logger.debug(
                    "received",
                    metadata: [
                        "place.space": "\(space)", "place.applied": "\(applied)", "place.pending": "\(pending)",
                        "place.duplicates": "\(duplicates)", "place.refused": "\(refused)",
                    ])
            case .session(.newerEnvelopeFormat(let space, let envelopes, let format)):
                logger.warning(
                    "the peer sent envelopes in a newer format than this build reads: upgrade PlaceSync to take them (everything else keeps syncing)",
                    metadata: [
                        "place.space": "\(space)", "place.envelopes": "\(envelopes)", "place.format": "\(format)",
                        "place.reads": "\(EnvelopeHeader.formatVersion)",
                    ])
            case .session(.skippedOptionalMessage(let type)):
                logger.info(
                    "skipped a message type this build does not know (optional; from a newer PlaceSync)",
                    metadata: ["place.type": "0x\(String(type, radix: 16))"])
            case .session(.withholding(let space, let authors)):
                logger.warning(
                    "the peer claimed to hold less than it attested before this session: it is keeping envelopes from this node (placesync status shows which)",
                    metadata: ["place.peer": "\(address)", "place.space": "\(space)", "place.authors": "\(authors)"])
            case .session(.attestations(let space, _, let refused)) where refused > 0:
                logger.notice(
                    "refused head attestations from the peer (not members, or not signed by them)",
                    metadata: ["place.peer": "\(address)", "place.space": "\(space)", "place.refused": "\(refused)"])
            case .session(.checkpointInstalled(let space, let envelopes)):
                logger.info(
                    "started the space from the peer's checkpoint instead of its history",
                    metadata: ["place.space": "\(space)", "place.envelopes": "\(envelopes)"])
            case .session(.checkpointKept(let space)):
                logger.info(
                    "keeps the space's new checkpoint to offer new members", metadata: ["place.space": "\(space)"])
            case .session(.checkpointDeclined(let space, let reason)):
                logger.notice(
                    "did not take the peer's checkpoint; syncing the whole history instead",
                    metadata: ["place.space": "\(space)", "place.reason": "\(reason)"])
            case .session(.adopted(let space)):
                logger.info("took on a space after its membership chain", metadata: ["place.space": "\(space)"])
            case .session(.refusedByPeer(let space)):
                logger.notice("the peer refused a space", metadata: ["place.space": "\(space)"])
            case .session(let other):
                logger.debug("session event", metadata: ["place.event": "\(other)"])
            case .progress(let peer, let vectors):
                if let key = key(for: peer) { try node.recordPeerVectors(key: key, vectors) }
            case .ended(let outcome):
                let error = outcome.error.map { "\($0)" }
                // This side's own failure (its replica, its disk) is worth a warning; a peer going away is not.
                let local = outcome.error.map { $0.code == .internalError && !$0.fromPeer } ?? false
                logger.log(
                    level: local ? .warning : .info,
                    "disconnected",
                    metadata: [
                        "place.peer": "\(outcome.peer.map { "\($0)" } ?? "unknown")", "place.address": "\(address)",
                        "place.error": "\(error ?? "none")", "place.bytes_in": "\(outcome.bytesIn)",
                        "place.bytes_out": "\(outcome.bytesOut)",
                    ])
                if let key = key(for: outcome.peer) {
                    try node.recordPeer(
                        key: key, nodeID: outcome.peer, address: address, direction: direction,
                        connected: false, contact: outcome.peer != nil, error: error)
                }
            }
        } catch {
            logger.warning("cannot record peer status", metadata: ["place.error": "\(error)"])
        }
    }

    /// Records a failed attempt (no connection at all).
    package func attemptFailed(_ error: any Error) {
        guard let configuredKey else { return }
        try? node.recordPeer(
            key: configuredKey, nodeID: nil, address: address, direction: direction, connected: false, contact: false,
            error: "\(error)")
    }
}
