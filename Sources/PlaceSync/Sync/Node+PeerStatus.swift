internal import Foundation
package import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// Who opened a connection.
public enum PeerDirection: String, Sendable, Hashable {
    /// This node dialled a configured peer.
    case dial
    /// The peer dialled in.
    case accept
    /// No connection: bundles carried by hand (`placesync bundle`).
    case bundle
}

/// A peer as the daemon last saw it, with how far each side is behind the other per space.
public struct PeerStatus: Sendable, Equatable {
    /// The configured address of a dialled peer, or the node id of a peer that dialled in.
    public var key: String
    /// The peer's node id, once a handshake proved it.
    public var nodeID: NodeID?
    /// host:port: where it was reached, or where it came from.
    public var address: String
    /// Who opened the connection.
    public var direction: PeerDirection
    /// Whether a session is open now (as last recorded: a daemon killed without warning leaves `true`
    /// behind; ``updatedAt`` tells how fresh it is).
    public var connected: Bool
    /// When something was last heard from the peer.
    public var lastContact: Double?
    /// The last error, if the last attempt or session failed.
    public var lastError: String?
    /// When the record was written.
    public var updatedAt: Double
    /// Per shared space: envelopes this replica holds that the peer lacks, and the reverse.
    public var spaces: [SpaceLag]

    /// How far apart this replica and a peer are in one space.
    public struct SpaceLag: Sendable, Equatable {
        /// The space.
        public var space: SpaceID
        /// Envelopes this replica holds that the peer had not acknowledged.
        public var peerLacks: UInt64
        /// Envelopes the peer holds that this replica lacks.
        public var weLack: UInt64
    }
}

extension Node {
    /// Records a peer's connection state (the daemon calls it as sessions start, end and fail).
    package func recordPeer(
        key: String, nodeID: NodeID?, address: String, direction: PeerDirection, connected: Bool, contact: Bool,
        error: String?
    ) throws {
        let now = configuration.now()
        try Self.storageCall {
            try store.write { tx in
                try tx.upsertPeerStatus(
                    StoredPeerStatus(
                        key: key, nodeID: nodeID.map { "\($0)" }, address: address, direction: direction.rawValue,
                        connected: connected,
                        lastContact: contact ? now : nil, lastError: error, updatedAt: now))
                // Peers that dialled in are many on a hub: only the most recent are kept.
                if direction == .accept {
                    try tx.prunePeerStatuses(direction: direction.rawValue, keep: Self.maxAcceptedPeerStatuses)
                }
            }
        }
    }

    /// The most peers that dialled in whose status is kept.
    static let maxAcceptedPeerStatuses = 1_024

    /// Records what a peer holds per space (from a session's progress).
    package func recordPeerVectors(key: String, _ vectors: [SpaceID: VersionVector]) throws {
        let now = configuration.now()
        try Self.storageCall {
            try store.write { tx in
                for (space, vector) in vectors { try tx.setPeerVector(key: key, space: space, vector: vector) }
                try tx.touchPeer(key: key, at: now)
            }
        }
    }

    /// Every peer's last recorded status, with the lag per space against this replica's vectors now.
    public func peerStatuses() throws -> [PeerStatus] {
        try Self.storageCall {
            try store.read { tx in
                try tx.peerStatuses().map { stored in
                    var lags: [PeerStatus.SpaceLag] = []
                    for (space, theirs) in try tx.peerVectors(key: stored.key) {
                        let (peerLacks, weLack) = Self.difference(try tx.version(space: space), theirs)
                        lags.append(PeerStatus.SpaceLag(space: space, peerLacks: peerLacks, weLack: weLack))
                    }
                    return PeerStatus(
                        key: stored.key, nodeID: stored.nodeID.flatMap { try? NodeID(parsing: $0) },
                        address: stored.address, direction: PeerDirection(rawValue: stored.direction) ?? .accept,
                        connected: stored.connected, lastContact: stored.lastContact, lastError: stored.lastError,
                        updatedAt: stored.updatedAt, spaces: lags)
                }
            }
        }
    }
}
