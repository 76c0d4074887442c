internal import Foundation
internal import GRDB
public import PlaceCRDT

/// A peer as the daemon last saw it.
public struct StoredPeerStatus: Hashable, Sendable {
    /// The configured address of a dialled peer, or the node id of a peer that dialled in.
    public var key: String
    /// The peer's node id, once a handshake proved it.
    public var nodeID: String?
    /// Where it was reached (host:port), or where it came from.
    public var address: String
    /// `dial` or `accept`.
    public var direction: String
    /// Whether a session is open now.
    public var connected: Bool
    /// When something was last heard from it (seconds since 1970).
    public var lastContact: Double?
    /// The last error, if the last attempt or session failed.
    public var lastError: String?
    /// When this record was written.
    public var updatedAt: Double

    /// Creates a record.
    public init(
        key: String, nodeID: String?, address: String, direction: String, connected: Bool, lastContact: Double?,
        lastError: String?, updatedAt: Double
    ) {
        self.key = key
        self.nodeID = nodeID
        self.address = address
        self.direction = direction
        self.connected = connected
        self.lastContact = lastContact
        self.lastError = lastError
        self.updatedAt = updatedAt
    }
}

extension StoreTransaction {
    /// Writes a peer's status (replacing the previous one). Fields left nil keep their stored value.
    public func upsertPeerStatus(_ status: StoredPeerStatus) throws {
        try db.execute(
            sql: """
                INSERT INTO peer_status (key, node_id, address, direction, connected, last_contact, last_error, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                    node_id = coalesce(excluded.node_id, node_id), address = excluded.address,
                    direction = excluded.direction, connected = excluded.connected,
                    last_contact = coalesce(excluded.last_contact, last_contact),
                    last_error = excluded.last_error, updated_at = excluded.updated_at
                """,
            arguments: [
                status.key, status.nodeID, status.address, status.direction, status.connected, status.lastContact,
                status.lastError, status.updatedAt,
            ])
    }

    /// Every peer's status, by key.
    public func peerStatuses() throws -> [StoredPeerStatus] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT key, node_id, address, direction, connected, last_contact, last_error, updated_at
                FROM peer_status ORDER BY key
                """
        ).map { row in
            StoredPeerStatus(
                key: (try row.decode(atIndex: 0)), nodeID: (try row.decode(atIndex: 1)),
                address: (try row.decode(atIndex: 2)), direction: (try row.decode(atIndex: 3)),
                connected: (try row.decode(atIndex: 4)),
                lastContact: (try row.decode(atIndex: 5)), lastError: (try row.decode(atIndex: 6)),
                updatedAt: (try row.decode(atIndex: 7)))
        }
    }

    /// Notes that something was heard from a peer at `time`.
    /// Keeps at most `keep` rows of `direction` (the most recently updated), with their vectors.
    public func prunePeerStatuses(direction: String, keep: Int) throws {
        try db.execute(
            sql: """
                DELETE FROM peer_vector WHERE key IN (SELECT key FROM peer_status WHERE direction = ?
                    ORDER BY updated_at DESC LIMIT -1 OFFSET ?);
                DELETE FROM peer_status WHERE key IN (SELECT key FROM peer_status WHERE direction = ?
                    ORDER BY updated_at DESC LIMIT -1 OFFSET ?);
                """, arguments: [direction, keep, direction, keep])
    }

    public func touchPeer(key: String, at time: Double) throws {
        try db.execute(
            sql: "UPDATE peer_status SET last_contact = ?, updated_at = ? WHERE key = ?", arguments: [time, time, key])
    }

    /// Stores what a peer holds of a space.
    public func setPeerVector(key: String, space: SpaceID, vector: VersionVector) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO peer_vector (key, space, vector) VALUES (?, ?, ?)",
            arguments: [key, Data(space.bytes), vector.storedBlob])
    }

    /// What a peer holds, per space, as last stored.
    public func peerVectors(key: String) throws -> [(space: SpaceID, vector: VersionVector)] {
        try Row.fetchAll(
            db, sql: "SELECT space, vector FROM peer_vector WHERE key = ? ORDER BY space", arguments: [key]
        )
        .map { row in
            let vector = try VersionVector(
                storedBlob: [UInt8]((try row.decode(atIndex: 1)) as Data), what: "a stored peer vector")
            return (space: try row.spaceID(atIndex: 0), vector: vector)
        }
    }
}
