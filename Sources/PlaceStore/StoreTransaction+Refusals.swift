internal import Foundation
internal import GRDB
public import PlaceCRDT

/// An envelope ingest refused, as kept for `placesync explain`.
public struct StoredRefusal: Sendable, Equatable {
    /// Its author and seq, when the bytes were an envelope at all.
    public var author: ActorID?
    public var seq: UInt64?
    /// Why, in words.
    public var reason: String
    /// Where it came from (`peer:<node id>`, `bundle:<node id>`, or empty for a direct call).
    public var source: String
    /// When (seconds since 1970).
    public var at: Double

    public init(author: ActorID?, seq: UInt64?, reason: String, source: String, at: Double) {
        self.author = author
        self.seq = seq
        self.reason = reason
        self.source = source
        self.at = at
    }
}

extension StoreTransaction {
    /// The most refusals kept per space.
    public static let maxRefusalsPerSpace = 500

    /// Keeps `refusals` of `space`, dropping the oldest past ``maxRefusalsPerSpace``.
    public func recordRefusals(_ refusals: [StoredRefusal], space: SpaceID) throws {
        for refusal in refusals.suffix(Self.maxRefusalsPerSpace) {
            try db.cachedStatement(
                sql: "INSERT INTO ingest_refusal (space, author, seq, reason, source, at) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [
                Data(space.bytes), refusal.author.map { Data($0.bytes) }, refusal.seq.map { Int64(bitPattern: $0) },
                String(refusal.reason.prefix(500)), String(refusal.source.prefix(200)), refusal.at,
            ])
        }
        try db.execute(
            sql: """
                DELETE FROM ingest_refusal WHERE space = ? AND rowid NOT IN
                    (SELECT rowid FROM ingest_refusal WHERE space = ? ORDER BY rowid DESC LIMIT ?)
                """,
            arguments: [Data(space.bytes), Data(space.bytes), Self.maxRefusalsPerSpace])
    }

    /// The latest refusals in `space`, newest first.
    public func refusals(space: SpaceID, limit: Int = 50) throws -> [StoredRefusal] {
        try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT author, seq, reason, source, at FROM ingest_refusal WHERE space = ? ORDER BY rowid DESC LIMIT ?"
            ),
            arguments: [Data(space.bytes), limit]
        ).map { row in
            let author: Data? = try row.decode(atIndex: 0)
            let seq: Int64? = try row.decode(atIndex: 1)
            return StoredRefusal(
                author: author.flatMap { ActorID(bytes: [UInt8]($0)) }, seq: seq.map { UInt64(bitPattern: $0) },
                reason: try row.decode(atIndex: 2), source: try row.decode(atIndex: 3), at: try row.decode(atIndex: 4))
        }
    }

    /// What the waiting envelopes of `space` wait for: per (author, seq) they lack — or, with an all-zero
    /// author, a content key of epoch `seq` — how many wait, and the sources they came from.
    public func pendingWaits(space: SpaceID) throws -> [(author: [UInt8]?, seq: UInt64?, count: Int, sources: [String])]
    {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT waits_author, waits_seq, COUNT(*), GROUP_CONCAT(DISTINCT source) FROM pending_envelope
                    WHERE space = ? GROUP BY waits_author, waits_seq ORDER BY COUNT(*) DESC LIMIT 100
                    """),
            arguments: [Data(space.bytes)]
        ).map { row in
            let author: Data? = try row.decode(atIndex: 0)
            let seq: Int64? = try row.decode(atIndex: 1)
            let sources: String? = try row.decode(atIndex: 3)
            return (
                author.map { [UInt8]($0) }, seq.map { UInt64(bitPattern: $0) }, try row.decode(atIndex: 2),
                (sources ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
            )
        }
    }
}
