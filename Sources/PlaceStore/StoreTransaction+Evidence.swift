internal import Foundation
internal import GRDB
public import PlaceCRDT

/// Waiting envelopes, cut-offs and equivocation proofs.
extension StoreTransaction {
    // MARK: Pending

    /// Keeps an envelope that waits (replacing nothing: the key is (space, author, seq)), noting what it
    /// waits for and where it came from.
    public func insertPending(
        space: SpaceID, author: ActorID, seq: UInt64, kind: UInt8, id: [UInt8], bytes: [UInt8], waitsFor: PendingWait,
        source: String
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO pending_envelope (space, author, seq, kind, id, bytes, waits_author, waits_seq, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq), Int64(kind), Data(id), Data(bytes),
            Data(waitsFor.authorBytes), Int64(bitPattern: waitsFor.seq), source,
        ])
    }

    /// Notes what a pending envelope waits for now (after a retry found it still waiting).
    public func updatePendingWait(space: SpaceID, author: ActorID, seq: UInt64, waitsFor: PendingWait) throws {
        try db.cachedStatement(
            sql:
                "UPDATE pending_envelope SET waits_author = ?, waits_seq = ? WHERE space = ? AND author = ? AND seq = ?"
        ).execute(arguments: [
            Data(waitsFor.authorBytes), Int64(bitPattern: waitsFor.seq), Data(space.bytes), Data(author.bytes),
            Int64(bitPattern: seq),
        ])
    }

    /// The pending envelope `(space, author, seq)`: its id and bytes, or `nil`.
    public func pending(space: SpaceID, author: ActorID, seq: UInt64) throws -> (id: [UInt8], bytes: [UInt8])? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT id, bytes FROM pending_envelope WHERE space = ? AND author = ? AND seq = ?"),
            arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)]
        ).map { (id: [UInt8]($0["id"] as Data), bytes: [UInt8]($0["bytes"] as Data)) }
    }

    /// The pending envelopes of a space that wait for `wait`, oldest first (`nil`: rows whose wait is
    /// not recorded, from before schema step v3).
    public func pendingEnvelopes(space: SpaceID, waitingFor wait: PendingWait?) throws -> [[UInt8]] {
        if let wait {
            return try Data.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT bytes FROM pending_envelope WHERE space = ? AND waits_author = ? AND waits_seq = ?
                        ORDER BY rowid
                        """),
                arguments: [Data(space.bytes), Data(wait.authorBytes), Int64(bitPattern: wait.seq)]
            ).map { [UInt8]($0) }
        }
        return try Data.fetchAll(
            db.cachedStatement(
                sql: "SELECT bytes FROM pending_envelope WHERE space = ? AND waits_author IS NULL ORDER BY rowid"),
            arguments: [Data(space.bytes)]
        ).map { [UInt8]($0) }
    }

    /// Every pending envelope of a space, oldest first (retried after a checkpoint filled in its past).
    public func pendingEnvelopes(space: SpaceID) throws -> [[UInt8]] {
        try Data.fetchAll(
            db.cachedStatement(sql: "SELECT bytes FROM pending_envelope WHERE space = ? ORDER BY rowid"),
            arguments: [Data(space.bytes)]
        ).map { [UInt8]($0) }
    }

    /// The pending envelopes of a space that wait for any content key, oldest first.
    public func pendingEnvelopesWaitingForKeys(space: SpaceID) throws -> [[UInt8]] {
        try Data.fetchAll(
            db.cachedStatement(
                sql: "SELECT bytes FROM pending_envelope WHERE space = ? AND waits_author = ? ORDER BY rowid"),
            arguments: [Data(space.bytes), Data(PendingWait.keyMarker)]
        ).map { [UInt8]($0) }
    }

    /// The pending envelopes of a space of one kind (key wraps, say), oldest first.
    public func pendingEnvelopes(space: SpaceID, kind: UInt8) throws -> [[UInt8]] {
        try Data.fetchAll(
            db.cachedStatement(sql: "SELECT bytes FROM pending_envelope WHERE space = ? AND kind = ? ORDER BY rowid"),
            arguments: [Data(space.bytes), Int64(kind)]
        ).map { [UInt8]($0) }
    }

    /// How many envelopes wait from `source`.
    public func pendingCount(source: String) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM pending_envelope WHERE source = ?"), arguments: [source]) ?? 0
    }

    /// How many envelopes of `author` wait in `space`.
    public func pendingCount(space: SpaceID, author: ActorID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM pending_envelope WHERE space = ? AND author = ?"),
            arguments: [Data(space.bytes), Data(author.bytes)]) ?? 0
    }

    /// Removes the oldest pending envelope from `source`; returns which it was.
    public func evictOldestPending(source: String) throws -> (space: SpaceID, author: ActorID, source: String)? {
        try evicted(
            Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        DELETE FROM pending_envelope
                        WHERE rowid = (SELECT min(rowid) FROM pending_envelope WHERE source = ?)
                        RETURNING space, author, source
                        """),
                arguments: [source]))
    }

    /// Removes the oldest pending envelope of `author` in `space`; returns which it was.
    public func evictOldestPending(space: SpaceID, author: ActorID) throws
        -> (space: SpaceID, author: ActorID, source: String)?
    {
        try evicted(
            Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        DELETE FROM pending_envelope
                        WHERE rowid = (SELECT min(rowid) FROM pending_envelope WHERE space = ? AND author = ?)
                        RETURNING space, author, source
                        """),
                arguments: [Data(space.bytes), Data(author.bytes)]))
    }

    private func evicted(_ row: Row?) throws -> (space: SpaceID, author: ActorID, source: String)? {
        guard let row else { return nil }
        guard let author = ActorID(bytes: [UInt8]((try row.decode(forColumn: "author")) as Data)) else {
            throw StoreError(.corrupt, "a pending envelope names an author that is not 32 bytes")
        }
        return (
            space: try row.spaceID(forColumn: "space"), author: author,
            source: (try row.decode(forColumn: "source"))
        )
    }

    /// The number of pending envelopes.
    public func pendingCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM pending_envelope")) ?? 0
    }

    /// Removes a pending envelope (it applied, or was refused).
    public func deletePending(space: SpaceID, author: ActorID, seq: UInt64) throws {
        try db.cachedStatement(sql: "DELETE FROM pending_envelope WHERE space = ? AND author = ? AND seq = ?").execute(
            arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)])
    }

    // MARK: Cut-offs and evidence

    /// Sets (or lowers) the highest accepted seq of an author.
    public func setCutoff(space: SpaceID, author: ActorID, maxSeq: UInt64, reason: String) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO cutoff (space, author, max_seq, reason) VALUES (?, ?, ?, ?)
                ON CONFLICT(space, author) DO UPDATE SET
                    reason = CASE WHEN excluded.max_seq < max_seq THEN excluded.reason ELSE reason END,
                    max_seq = min(max_seq, excluded.max_seq)
                """
        ).execute(arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: maxSeq), reason])
    }

    /// Replaces every cut-off of a space (after its membership was re-evaluated).
    public func replaceCutoffs(space: SpaceID, with cutoffs: [ActorID: (seq: UInt64, reason: String)]) throws {
        try db.cachedStatement(sql: "DELETE FROM cutoff WHERE space = ?").execute(arguments: [Data(space.bytes)])
        for (author, cutoff) in cutoffs {
            try db.cachedStatement(sql: "INSERT INTO cutoff (space, author, max_seq, reason) VALUES (?, ?, ?, ?)")
                .execute(arguments: [
                    Data(space.bytes), Data(author.bytes), Int64(bitPattern: cutoff.seq), cutoff.reason,
                ])
        }
    }

    /// The cut-offs of a space.
    public func cutoffs(space: SpaceID) throws -> [ActorID: UInt64] {
        var result: [ActorID: UInt64] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT author, max_seq FROM cutoff WHERE space = ?"),
            arguments: [Data(space.bytes)])
        {
            guard let author = ActorID(bytes: [UInt8]((try row.decode(forColumn: "author")) as Data)) else {
                throw StoreError(.corrupt, "a cut-off row has an author of the wrong length")
            }
            result[author] = UInt64(bitPattern: (try row.decode(forColumn: "max_seq")) as Int64)
        }
        return result
    }

    /// Records an equivocation proof (the first one per (space, author, seq) is kept).
    public func insertEquivocation(space: SpaceID, author: ActorID, seq: UInt64, first: [UInt8], second: [UInt8]) throws
    {
        // The pair is stored in a canonical order, so every replica keeps the same proof.
        let (a, b) = first.lexicographicallyPrecedes(second) ? (first, second) : (second, first)
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO equivocation (space, author, seq, first, second) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq), Data(a), Data(b)])
    }

    /// The equivocation proofs of a space.
    public func equivocations(space: SpaceID) throws -> [(
        author: ActorID, seq: UInt64, first: [UInt8], second: [UInt8]
    )] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT author, seq, first, second FROM equivocation WHERE space = ? ORDER BY author, seq"),
            arguments: [Data(space.bytes)]
        ).map { row in
            guard let author = ActorID(bytes: [UInt8]((try row.decode(forColumn: "author")) as Data)) else {
                throw StoreError(.corrupt, "an equivocation row has an author of the wrong length")
            }
            return (
                author: author, seq: UInt64(bitPattern: (try row.decode(forColumn: "seq")) as Int64),
                first: [UInt8]((try row.decode(forColumn: "first")) as Data),
                second: [UInt8]((try row.decode(forColumn: "second")) as Data)
            )
        }
    }
}
