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
}
