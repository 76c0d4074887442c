internal import Foundation
internal import GRDB
public import PlaceCRDT

/// Spaces offered to this node by a peer and not yet accepted or declined.
extension StoreTransaction {
    /// Records an offer (an existing offer of the space is kept as it was).
    public func insertOffer(space: SpaceID, from node: String, at time: Double) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO space_offer (space, from_node, offered_at) VALUES (?, ?, ?)"
        ).execute(arguments: [Data(space.bytes), node, time])
    }

    /// Every offer, oldest first.
    public func offers() throws -> [(space: SpaceID, from: String, offeredAt: Double)] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT space, from_node, offered_at FROM space_offer ORDER BY offered_at")
        )
        .map { (space: try $0.spaceID(forColumn: "space"), from: $0["from_node"], offeredAt: $0["offered_at"]) }
    }

    /// How many offers there are, in all and from `node`.
    public func offerCount(from node: String? = nil) throws -> Int {
        if let node {
            return try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM space_offer WHERE from_node = ?"), arguments: [node]) ?? 0
        }
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM space_offer")) ?? 0
    }

    /// Removes the offer of `space`; returns whether there was one.
    @discardableResult
    public func deleteOffer(space: SpaceID) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM space_offer WHERE space = ?").execute(arguments: [Data(space.bytes)])
        return db.changesCount > 0
    }
}
