internal import Foundation
internal import GRDB
public import PlaceCRDT

/// A space's checkpoint as the replica keeps it (`Protocol/CHECKPOINT.md`).
public struct StoredCheckpoint: Sendable {
    /// The space.
    public var space: SpaceID
    /// The checkpoint's id (BLAKE2b-256 of its signed header).
    public var id: [UInt8]
    /// The version vector its state is at.
    public var vector: VersionVector
    /// The checkpoint as it travels.
    public var bytes: [UInt8]
    /// Whether the replica's state below ``vector`` comes from it (installed, or compacted below it).
    public var isBase: Bool

    /// Creates a record.
    public init(space: SpaceID, id: [UInt8], vector: VersionVector, bytes: [UInt8], isBase: Bool) {
        self.space = space
        self.id = id
        self.vector = vector
        self.bytes = bytes
        self.isBase = isBase
    }
}

extension StoreTransaction {
    /// Keeps `checkpoint` as the space's (replacing the one kept before).
    public func saveCheckpoint(_ checkpoint: StoredCheckpoint, at time: Double) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO space_checkpoint (space, id, vector, bytes, is_base, stored_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Data(checkpoint.space.bytes), Data(checkpoint.id), checkpoint.vector.storedBlob, Data(checkpoint.bytes),
            checkpoint.isBase, time,
        ])
    }

    /// The space's checkpoint, or `nil`; `withBytes: false` leaves ``StoredCheckpoint/bytes`` empty.
    public func checkpoint(space: SpaceID, withBytes: Bool = true) throws -> StoredCheckpoint? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT id, vector, \(withBytes ? "bytes" : "X''"), is_base FROM space_checkpoint WHERE space = ?"
                ),
                arguments: [Data(space.bytes)])
        else { return nil }
        return StoredCheckpoint(
            space: space, id: [UInt8]((try row.decode(atIndex: 0)) as Data),
            vector: try VersionVector(
                storedBlob: [UInt8]((try row.decode(atIndex: 1)) as Data), what: "a checkpoint's vector"),
            bytes: [UInt8]((try row.decode(atIndex: 2)) as Data), isBase: try row.decode(atIndex: 3))
    }

    /// Marks the space's checkpoint as where its state starts from (after a compaction below it).
    public func setCheckpointBase(space: SpaceID) throws {
        try db.cachedStatement(sql: "UPDATE space_checkpoint SET is_base = 1 WHERE space = ?").execute(arguments: [
            Data(space.bytes)
        ])
    }

    /// A stamp that changes whenever a checkpoint is kept (the sum of the times they were stored).
    public func checkpointStamp() throws -> Double {
        try Double.fetchOne(db.cachedStatement(sql: "SELECT coalesce(sum(stored_at), 0) FROM space_checkpoint")) ?? 0
    }

    /// Stores a stub: an applied content envelope of which the replica keeps the facts, not the bytes
    /// (its id only where known).
    public func insertStub(
        space: SpaceID, author: ActorID, seq: UInt64, id: [UInt8]?, lamportEnd: UInt64, causalPast: [UInt8]
    ) throws {
        try insertEnvelope(
            StoredEnvelope(
                space: space, author: author, seq: seq, kind: 1, epoch: 0, id: id ?? [], bytes: [], document: nil,
                lamportEnd: lamportEnd, applied: true, causalPast: causalPast),
            updateClock: false)
    }

    /// Turns stored content envelope `(author, seq)` into a stub: drops its bytes (and its document, so
    /// rebuilds start from the checkpoint), keeping `causalPast` as its causal-past record.
    public func dropBytes(space: SpaceID, author: ActorID, seq: UInt64, causalPast: [UInt8]) throws {
        try db.cachedStatement(
            sql: """
                UPDATE envelope SET bytes = X'', document = NULL, causal_past = ?
                WHERE space = ? AND author = ? AND seq = ? AND kind = 1 AND applied = 1
                """
        ).execute(arguments: [Data(causalPast), Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)])
    }

    /// Whether the space holds any content envelope (applied, evidence or stub) of an author at or below
    /// its entry in `vector` — every author when `vector` is `nil`.
    public func holdsContent(space: SpaceID, within vector: VersionVector? = nil) throws -> Bool {
        guard let vector else {
            return try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM envelope WHERE space = ? AND kind = 1)"),
                arguments: [Data(space.bytes)]) ?? false
        }
        let query = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM envelope WHERE space = ? AND author = ? AND seq <= ? AND kind = 1)")
        for (author, seq) in vector.entries {
            if try Bool.fetchOne(query, arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)])
                == true
            {
                return true
            }
        }
        return false
    }

    /// The number of stubs of a space (content envelopes kept without their bytes).
    public func stubCount(space: SpaceID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM envelope WHERE space = ? AND kind = 1 AND length(bytes) = 0"),
            arguments: [Data(space.bytes)]) ?? 0
    }
}
