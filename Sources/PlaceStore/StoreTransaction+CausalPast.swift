internal import Foundation
internal import GRDB
public import PlaceCRDT

extension StoreTransaction {
    /// What resolves the causal past of stored envelope `(author, seq)`: its stored causal-past record
    /// (format 2), or else its bytes (format 1 carries its vector); `nil` when it is not stored.
    public func causalPastSource(space: SpaceID, author: ActorID, seq: UInt64) throws -> (
        record: [UInt8]?, bytes: [UInt8]?
    )? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT causal_past, CASE WHEN causal_past IS NULL THEN bytes END
                        FROM envelope WHERE space = ? AND author = ? AND seq = ?
                        """),
                arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)])
        else { return nil }
        let record = ((try row.decode(atIndex: 0)) as Data?).map { [UInt8]($0) }
        let bytes = ((try row.decode(atIndex: 1)) as Data?).map { [UInt8]($0) }
        return (record, bytes)
    }

    /// The space's frontier as last recorded: the applied envelopes no other applied one follows (one
    /// per author at most), or `nil` when it is not known.
    public func frontier(space: SpaceID) throws -> VersionVector? {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT author, seq FROM space_frontier WHERE space = ? ORDER BY author"),
            arguments: [Data(space.bytes)])
        guard !rows.isEmpty else { return nil }
        var frontier = VersionVector()
        for row in rows {
            guard let author = ActorID(bytes: [UInt8]((try row.decode(atIndex: 0)) as Data)) else {
                throw StoreError(.corrupt, "a frontier row has an author of the wrong length")
            }
            frontier[author] = UInt64(bitPattern: try row.decode(atIndex: 1))
        }
        return frontier
    }

    /// Records the space's frontier (replacing what was recorded).
    public func setFrontier(space: SpaceID, _ frontier: VersionVector) throws {
        try clearFrontier(space: space)
        let insert = try db.cachedStatement(sql: "INSERT INTO space_frontier (space, author, seq) VALUES (?, ?, ?)")
        for (author, seq) in frontier.entries {
            try insert.execute(arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)])
        }
    }

    /// Forgets the space's frontier (after the applied set changed other than by appending).
    public func clearFrontier(space: SpaceID) throws {
        try db.cachedStatement(sql: "DELETE FROM space_frontier WHERE space = ?").execute(arguments: [
            Data(space.bytes)
        ])
    }
}
