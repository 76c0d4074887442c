internal import Foundation
internal import GRDB
public import PlaceCRDT

/// The store's operations, valid only inside the closure of ``ReplicaStore/read(_:)`` or
/// ``ReplicaStore/write(_:)`` (writing operations only in `write`).
public struct StoreTransaction {
    let db: Database

    init(_ db: Database) { self.db = db }

    // MARK: Meta

    /// A node-level value, or `nil`.
    public func meta(_ key: String) throws -> [UInt8]? {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key]).map {
            [UInt8]($0)
        }
    }

    /// Sets a node-level value.
    public func setMeta(_ key: String, _ value: [UInt8]) throws {
        try db.cachedStatement(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ).execute(arguments: [key, Data(value)])
    }

    // MARK: Spaces and keys

    /// Adds a space.
    public func insertSpace(_ space: StoredSpace) throws {
        try db.cachedStatement(sql: "INSERT INTO space (id, name, created_at, max_lamport) VALUES (?, ?, ?, ?)")
            .execute(arguments: [
                Data(space.id.bytes), space.name, space.createdAt, Int64(bitPattern: space.maxLamport),
            ])
    }

    /// Sets the local name of a space.
    public func renameSpace(_ id: SpaceID, to name: String) throws {
        try db.cachedStatement(sql: "UPDATE space SET name = ? WHERE id = ?").execute(arguments: [name, Data(id.bytes)])
    }

    /// Every space, by name.
    public func spaces() throws -> [StoredSpace] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, name, created_at, max_lamport FROM space ORDER BY name, id")
        ).map {
            StoredSpace(
                id: try $0.spaceID(forColumn: "id"), name: $0["name"], createdAt: $0["created_at"],
                maxLamport: UInt64(bitPattern: $0["max_lamport"] as Int64))
        }
    }

    /// One space, or `nil`.
    public func space(_ id: SpaceID) throws -> StoredSpace? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT name, created_at, max_lamport FROM space WHERE id = ?"),
            arguments: [Data(id.bytes)]
        )
        .map {
            StoredSpace(
                id: id, name: $0["name"], createdAt: $0["created_at"],
                maxLamport: UInt64(bitPattern: $0["max_lamport"] as Int64))
        }
    }

    /// Raises a space's largest Lamport counter to at least `lamport`.
    public func raiseMaxLamport(space: SpaceID, to lamport: UInt64) throws {
        try db.cachedStatement(sql: "UPDATE space SET max_lamport = max(max_lamport, ?) WHERE id = ?").execute(
            arguments: [Int64(bitPattern: lamport), Data(space.bytes)])
    }

    /// Sets a space's largest Lamport counter (after a rebuild).
    public func setMaxLamport(space: SpaceID, to lamport: UInt64) throws {
        try db.cachedStatement(sql: "UPDATE space SET max_lamport = ? WHERE id = ?").execute(arguments: [
            Int64(bitPattern: lamport), Data(space.bytes),
        ])
    }

    /// Stores an epoch key, sealed (the store never sees a key in the clear).
    public func insertEpochKey(space: SpaceID, epoch: UInt64, wrap: [UInt8]) throws {
        // The first key held for an epoch stays: a later wrap never replaces it.
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO epoch_key (space, epoch, wrap) VALUES (?, ?, ?)").execute(
            arguments: [Data(space.bytes), Int64(bitPattern: epoch), Data(wrap)])
    }

    /// The sealed epoch keys of a space, by epoch; all spaces' when `space` is `nil`.
    public func epochKeys(space: SpaceID?) throws -> [(space: SpaceID, epoch: UInt64, wrap: [UInt8])] {
        let rows =
            if let space {
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT space, epoch, wrap FROM epoch_key WHERE space = ? ORDER BY epoch"),
                    arguments: [Data(space.bytes)])
            } else {
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT space, epoch, wrap FROM epoch_key ORDER BY space, epoch"))
            }
        return try rows.map {
            (
                space: try $0.spaceID(forColumn: "space"), epoch: UInt64(bitPattern: $0["epoch"] as Int64),
                wrap: [UInt8]($0["wrap"] as Data)
            )
        }
    }

    // MARK: Envelopes

    /// Appends an accepted envelope and, for an applied one, raises its author's clock (a caller that
    /// stores many envelopes of one author may pass `updateClock: false` and call ``raiseClock(space:author:to:)``
    /// once at the end, in the same transaction).
    public func insertEnvelope(_ envelope: StoredEnvelope, updateClock: Bool = true) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO envelope
                    (space, author, seq, kind, epoch, id, bytes, document, lamport_end, applied, causal_past)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Data(envelope.space.bytes), Data(envelope.author.bytes), Int64(bitPattern: envelope.seq),
            Int(envelope.kind), Int64(bitPattern: envelope.epoch), Data(envelope.id), Data(envelope.bytes),
            envelope.document.map { Data($0.bytes) }, envelope.lamportEnd.map { Int64(bitPattern: $0) },
            envelope.applied, envelope.causalPast.map { Data($0) },
        ])
        if envelope.applied && updateClock {
            try raiseClock(space: envelope.space, author: envelope.author, to: envelope.seq)
        }
    }

    /// Raises an author's applied seq (the version vector entry) to at least `seq`.
    public func raiseClock(space: SpaceID, author: ActorID, to seq: UInt64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO author_clock (space, author, applied_seq) VALUES (?, ?, ?)
                ON CONFLICT(space, author) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)
                """
        ).execute(arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)])
    }

    /// Marks envelopes applied or not (after a re-derivation), with their Lamport ends and, once
    /// known, the document they edit.
    public func setApplied(
        space: SpaceID, author: ActorID, seq: UInt64, applied: Bool, lamportEnd: UInt64?, document: DocumentID? = nil
    ) throws {
        try db.cachedStatement(
            sql: """
                UPDATE envelope SET applied = ?, lamport_end = ?, document = coalesce(?, document)
                WHERE space = ? AND author = ? AND seq = ?
                """
        ).execute(arguments: [
            applied, lamportEnd.map { Int64(bitPattern: $0) }, document.map { Data($0.bytes) }, Data(space.bytes),
            Data(author.bytes), Int64(bitPattern: seq),
        ])
        try db.cachedStatement(sql: "DELETE FROM author_clock WHERE space = ? AND author = ?").execute(arguments: [
            Data(space.bytes), Data(author.bytes),
        ])
        try db.cachedStatement(
            sql: """
                INSERT INTO author_clock (space, author, applied_seq)
                SELECT space, author, max(seq) FROM envelope WHERE space = ? AND author = ? AND applied = 1
                GROUP BY space, author
                """
        ).execute(arguments: [Data(space.bytes), Data(author.bytes)])
    }

    /// The stored envelope `(space, author, seq)`, or `nil`.
    public func envelope(space: SpaceID, author: ActorID, seq: UInt64) throws -> StoredEnvelope? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT \(Self.envelopeColumns) FROM envelope WHERE space = ? AND author = ? AND seq = ?"),
            arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)]
        ).map(Self.envelope(from:))
    }

    /// The id of stored envelope `(space, author, seq)` and whether it is applied, without its bytes;
    /// `nil` if there is none.
    public func envelopeHead(space: SpaceID, author: ActorID, seq: UInt64) throws -> (id: [UInt8], applied: Bool)? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, applied FROM envelope WHERE space = ? AND author = ? AND seq = ?"),
            arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)]
        ).map { (id: [UInt8]($0[0] as Data), applied: $0[1]) }
    }

    /// The heads of stored envelopes `seq − 1` and `seq` of `author` (one query for the two checks of
    /// an arriving envelope), with the Lamport end of `seq − 1`.
    public func envelopeHeads(space: SpaceID, author: ActorID, seq: UInt64) throws -> (
        previous: (id: [UInt8], applied: Bool, lamportEnd: UInt64?)?, current: (id: [UInt8], applied: Bool)?
    ) {
        var previous: (id: [UInt8], applied: Bool, lamportEnd: UInt64?)?
        var current: (id: [UInt8], applied: Bool)?
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql:
                    "SELECT seq, id, applied, lamport_end FROM envelope WHERE space = ? AND author = ? AND seq IN (?, ?)"
            ),
            arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq &- 1), Int64(bitPattern: seq)])
        while let row = try rows.next() {
            let rowSeq = UInt64(bitPattern: (try row.decode(atIndex: 0)) as Int64)
            if rowSeq == seq {
                current = (id: [UInt8]((try row.decode(atIndex: 1)) as Data), applied: (try row.decode(atIndex: 2)))
            } else {
                previous = (
                    id: [UInt8]((try row.decode(atIndex: 1)) as Data), applied: (try row.decode(atIndex: 2)),
                    lamportEnd: ((try row.decode(atIndex: 3)) as Int64?).map { UInt64(bitPattern: $0) }
                )
            }
        }
        return (previous, current)
    }

    /// The id of the pending envelope `(space, author, seq)`, or `nil`.
    public func pendingID(space: SpaceID, author: ActorID, seq: UInt64) throws -> [UInt8]? {
        try Data.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM pending_envelope WHERE space = ? AND author = ? AND seq = ?"),
            arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)]
        ).map { [UInt8]($0) }
    }

    /// The highest stored seq of `author` in `space` (applied or kept as evidence), or 0.
    public func lastSeq(space: SpaceID, author: ActorID) throws -> UInt64 {
        let value = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT max(seq) FROM envelope WHERE space = ? AND author = ?"),
            arguments: [Data(space.bytes), Data(author.bytes)])
        return UInt64(bitPattern: value ?? 0)
    }

    /// The space's version vector: per author, the highest seq applied to state.
    public func version(space: SpaceID) throws -> VersionVector {
        var entries: [ActorID: UInt64] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT author, applied_seq AS seq FROM author_clock WHERE space = ?"),
            arguments: [Data(space.bytes)])
        {
            guard let author = ActorID(bytes: [UInt8]((try row.decode(forColumn: "author")) as Data)) else {
                throw StoreError(.corrupt, "an envelope row has an author of the wrong length")
            }
            entries[author] = UInt64(bitPattern: (try row.decode(forColumn: "seq")) as Int64)
        }
        return VersionVector(entries)
    }

    /// The Lamport end of applied change `(author, seq)`, or `nil`.
    public func lamportEnd(space: SpaceID, author: ActorID, seq: UInt64) throws -> UInt64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: "SELECT lamport_end FROM envelope WHERE space = ? AND author = ? AND seq = ? AND applied = 1"),
            arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq)]
        ).map { UInt64(bitPattern: $0) }
    }

    /// Stored envelopes of `space` that a peer at `vector` lacks, in a causal order (arrival order here),
    /// at most `limit`; only those applied to state unless `includeEvidence`, and never stubs (kept
    /// without their bytes below a checkpoint) unless `includeStubs`.
    public func envelopes(
        space: SpaceID, since vector: VersionVector, limit: Int = .max, includeEvidence: Bool = false,
        includeStubs: Bool = false
    ) throws -> [StoredEnvelope] {
        var result: [StoredEnvelope] = []
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql:
                    "SELECT \(Self.envelopeColumns) FROM envelope WHERE space = ? \(includeEvidence ? "" : "AND applied = 1") \(includeStubs ? "" : "AND length(bytes) > 0") ORDER BY rowid"
            ),
            arguments: [Data(space.bytes)])
        while result.count < limit, let row = try cursor.next() {
            let envelope = try Self.envelope(from: row)
            if envelope.seq > vector[envelope.author] { result.append(envelope) }
        }
        return result
    }

    /// A stamp of a space's non-content envelopes (count, last row, last id's first 8 bytes): it changes
    /// whenever one is added, even after a rolled-back write reused a row number.
    public func nonContentStamp(space: SpaceID) throws -> [Int64] {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT count(*), coalesce(max(rowid), 0),
                            (SELECT id FROM envelope WHERE space = ?1 AND kind <> 1 ORDER BY rowid DESC LIMIT 1)
                        FROM envelope WHERE space = ?1 AND kind <> 1
                        """),
                arguments: [Data(space.bytes)])
        else { return [0, 0, 0] }
        let id =
            ((try row.decode(atIndex: 2)) as Data?).map {
                [UInt8]($0).prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
            } ?? 0
        return [(try row.decode(atIndex: 0)), (try row.decode(atIndex: 1)), id]
    }

    /// The stored envelopes of one kind other than content (membership, key wraps) in a space (applied
    /// ones, or all), in arrival order — read through a partial index, so the cost does not grow with
    /// the content.
    public func envelopes(space: SpaceID, kind: UInt8, includeEvidence: Bool = false) throws -> [StoredEnvelope] {
        try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT \(Self.envelopeColumns) FROM envelope WHERE space = ? AND kind = ? AND kind <> 1 \(includeEvidence ? "" : "AND applied = 1") ORDER BY rowid"
            ),
            arguments: [Data(space.bytes), Int(kind)]
        ).map(Self.envelope(from:))
    }

    /// The stored envelopes of one document, in arrival order (for rebuilding it).
    public func envelopes(space: SpaceID, document: DocumentID) throws -> [StoredEnvelope] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT \(Self.envelopeColumns) FROM envelope WHERE space = ? AND document = ? ORDER BY rowid"),
            arguments: [Data(space.bytes), Data(document.bytes)]
        ).map(Self.envelope(from:))
    }

    /// The number of content envelopes of a space in the state but never opened (kept by a relay).
    public func unopenedContentCount(space: SpaceID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT count(*) FROM envelope WHERE space = ? AND kind = 1 AND applied = 1 AND lamport_end IS NULL"
            ),
            arguments: [Data(space.bytes)]) ?? 0
    }

    /// The number of stored envelopes.
    public func envelopeCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM envelope")) ?? 0
    }

    /// The columns ``envelope(from:)`` reads, in order.
    static let envelopeColumns =
        "space, author, seq, kind, epoch, id, bytes, document, lamport_end, applied, causal_past"

    static func envelope(from row: Row) throws -> StoredEnvelope {
        guard let author = ActorID(bytes: [UInt8]((try row.decode(atIndex: 1)) as Data)) else {
            throw StoreError(.corrupt, "an envelope row has an author of the wrong length")
        }
        let document = try ((try row.decode(atIndex: 7)) as Data?).map { data in
            guard let id = DocumentID(bytes: [UInt8](data)) else {
                throw StoreError(.corrupt, "an envelope row has a document id of the wrong length")
            }
            return id
        }
        return StoredEnvelope(
            space: try row.spaceID(atIndex: 0), author: author,
            seq: UInt64(bitPattern: (try row.decode(atIndex: 2)) as Int64),
            kind: UInt8(truncatingIfNeeded: (try row.decode(atIndex: 3)) as Int),
            epoch: UInt64(bitPattern: (try row.decode(atIndex: 4)) as Int64),
            id: [UInt8]((try row.decode(atIndex: 5)) as Data), bytes: [UInt8]((try row.decode(atIndex: 6)) as Data),
            document: document,
            lamportEnd: ((try row.decode(atIndex: 8)) as Int64?).map { UInt64(bitPattern: $0) },
            applied: (try row.decode(atIndex: 9)),
            causalPast: ((try row.decode(atIndex: 10)) as Data?).map { [UInt8]($0) })
    }

}

extension StoreTransaction {
    /// The largest Lamport end of any applied envelope of a space (0 if none).
    public func maxAppliedLamport(space: SpaceID) throws -> UInt64 {
        UInt64(
            bitPattern: try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT max(lamport_end) FROM envelope WHERE space = ? AND applied = 1"),
                arguments: [Data(space.bytes)]) ?? 0)
    }
}

extension StoreTransaction {
    /// Records a schema step this build does not know, as a newer PlaceSync would. Tests only.
    package func markMigrationForTesting(_ identifier: String) throws {
        try db.cachedStatement(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)").execute(arguments: [
            identifier
        ])
    }
}
