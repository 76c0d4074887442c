internal import Foundation
internal import GRDB
public import PlaceCRDT

extension StoreTransaction {
    /// A materialized document, or `nil`: its snapshot and the changes applied since (its tail).
    public func document(space: SpaceID, id: DocumentID) throws -> StoredDocument? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT snapshot, revision, type, title, updated_at, updated_by, updated_lamport, NULL, rowid
                        FROM document WHERE space = ? AND id = ?
                        """),
                arguments: [Data(space.bytes), Data(id.bytes)])
        else { return nil }
        let rowid: Int64 = try row.decode(atIndex: 8)
        let tail = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT author, seq, body FROM document_tail WHERE doc = ? ORDER BY ordinal"),
            arguments: [rowid]
        ).map { row in
            guard let author = ActorID(bytes: [UInt8]((try row.decode(atIndex: 0)) as Data)) else {
                throw StoreError(.corrupt, "a document tail row has an author of the wrong length")
            }
            return TailChange(
                author: author, seq: UInt64(bitPattern: try row.decode(atIndex: 1) as Int64),
                body: [UInt8]((try row.decode(atIndex: 2)) as Data))
        }
        return StoredDocument(
            space: space, id: id, snapshot: [UInt8]((try row.decode(atIndex: 0)) as Data), tail: tail,
            revision: (try row.decode(atIndex: 1)), summary: try Self.summary(from: row, at: 2))
    }

    /// The revision of a materialized document (incremented on every save), or `nil` if there is none.
    public func documentRevision(space: SpaceID, id: DocumentID) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT revision FROM document WHERE space = ? AND id = ?"),
            arguments: [Data(space.bytes), Data(id.bytes)])
    }

    /// How long a document's tail is (the changes stored since its snapshot), or `nil` if there is no
    /// such document: what a writer weighs to choose between appending and a new snapshot.
    public func documentTail(space: SpaceID, id: DocumentID) throws -> (changes: Int, bytes: Int, snapshotBytes: Int)? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT tail_count, tail_bytes, length(snapshot) FROM document WHERE space = ? AND id = ?"),
            arguments: [Data(space.bytes), Data(id.bytes)]
        ).map {
            (
                changes: try $0.decode(atIndex: 0), bytes: try $0.decode(atIndex: 1),
                snapshotBytes: try $0.decode(atIndex: 2)
            )
        }
    }

    /// Saves a document's whole snapshot (dropping its tail) and query columns, and brings its
    /// full-text index up to date, in the caller's transaction. Returns the new revision.
    @discardableResult
    public func saveDocument(space: SpaceID, id: DocumentID, snapshot: [UInt8], summary: DocumentSummary) throws
        -> Int64
    {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        INSERT INTO document (space, id, snapshot, revision, type, title, updated_at, updated_by, updated_lamport)
                        VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)
                        ON CONFLICT(space, id) DO UPDATE SET
                            snapshot = excluded.snapshot, revision = revision + 1, type = excluded.type,
                            title = excluded.title, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                            updated_lamport = excluded.updated_lamport, tail_count = 0, tail_bytes = 0
                        RETURNING rowid, revision
                        """),
                arguments: [
                    Data(space.bytes), Data(id.bytes), Data(snapshot), summary.type, summary.title, summary.updatedAt,
                    Data(summary.updatedBy.bytes), Int64(bitPattern: summary.updatedLamport),
                ])
        else { throw StoreError(.notFound, "a document vanished while it was being saved") }
        let rowid: Int64 = try row.decode(atIndex: 0)
        try db.cachedStatement(sql: "DELETE FROM document_tail WHERE doc = ?").execute(arguments: [rowid])
        try Self.index(db, document: rowid, title: summary.title, body: summary.body)
        return try row.decode(atIndex: 1)
    }

    /// Saves a document incrementally: appends `changes` (applied, in order, after what it holds) to its
    /// tail, updates its query columns and re-indexes the full-text pieces that changed. The document
    /// must exist (a first save is ``saveDocument(space:id:snapshot:summary:)``). Returns the new revision.
    @discardableResult
    public func saveDocument(space: SpaceID, id: DocumentID, appending changes: [TailChange], summary: DocumentSummary)
        throws -> Int64
    {
        let bytes = changes.reduce(0) { $0 + $1.body.count }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        UPDATE document SET revision = revision + 1, type = ?, title = ?, updated_at = ?,
                            updated_by = ?, updated_lamport = ?, tail_count = tail_count + ?, tail_bytes = tail_bytes + ?
                        WHERE space = ? AND id = ?
                        RETURNING rowid, revision, tail_count
                        """),
                arguments: [
                    summary.type, summary.title, summary.updatedAt, Data(summary.updatedBy.bytes),
                    Int64(bitPattern: summary.updatedLamport), changes.count, bytes, Data(space.bytes),
                    Data(id.bytes),
                ])
        else { throw StoreError(.notFound, "document \(id) has no snapshot to append changes to") }
        let rowid: Int64 = try row.decode(atIndex: 0)
        let count: Int = try row.decode(atIndex: 2)
        for (offset, change) in changes.enumerated() {
            try db.cachedStatement(
                sql: "INSERT INTO document_tail (doc, ordinal, author, seq, body) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [
                rowid, count - changes.count + offset, Data(change.author.bytes), Int64(bitPattern: change.seq),
                Data(change.body),
            ])
        }
        try Self.index(db, document: rowid, title: summary.title, body: summary.body)
        return try row.decode(atIndex: 1)
    }

    /// The documents of a space, most recently updated first.
    public func documents(space: SpaceID) throws -> [(id: DocumentID, revision: Int64, summary: DocumentSummary)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, revision, type, title, updated_at, updated_by, updated_lamport, NULL
                    FROM document WHERE space = ? ORDER BY updated_at DESC, id
                    """),
            arguments: [Data(space.bytes)]
        ).map { row in
            guard let id = DocumentID(bytes: [UInt8]((try row.decode(forColumn: "id")) as Data)) else {
                throw StoreError(.corrupt, "a document row has an id of the wrong length")
            }
            return (id: id, revision: (try row.decode(atIndex: 1)), summary: try Self.summary(from: row, at: 2))
        }
    }

    /// Reads `type, title, updated_at, updated_by, updated_lamport, body` from column `first` on (`body`
    /// is NULL where the text is not read: the index holds it in pieces).
    static func summary(from row: Row, at first: Int) throws -> DocumentSummary {
        guard let author = ActorID(bytes: [UInt8]((try row.decode(atIndex: first + 3)) as Data)) else {
            throw StoreError(.corrupt, "a document row has an author of the wrong length")
        }
        return DocumentSummary(
            type: (try row.decode(atIndex: first)), title: (try row.decode(atIndex: first + 1)),
            body: (try row.decode(atIndex: first + 5)) ?? "", updatedAt: (try row.decode(atIndex: first + 2)),
            updatedBy: author, updatedLamport: UInt64(bitPattern: (try row.decode(atIndex: first + 4)) as Int64))
    }
}
