internal import Foundation
internal import GRDB
public import PlaceCRDT

extension StoreTransaction {
    /// A materialized document, or `nil`.
    public func document(space: SpaceID, id: DocumentID) throws -> StoredDocument? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT d.snapshot, d.revision, d.type, d.title, d.updated_at, d.updated_by, d.updated_lamport, f.body
                    FROM document d LEFT JOIN document_fts f ON f.rowid = d.rowid
                    WHERE d.space = ? AND d.id = ?
                    """),
            arguments: [Data(space.bytes), Data(id.bytes)]
        ).map { row in
            StoredDocument(
                space: space, id: id, snapshot: [UInt8]((try row.decode(atIndex: 0)) as Data),
                revision: (try row.decode(atIndex: 1)),
                summary: try Self.summary(from: row, at: 2))
        }
    }

    /// The title and text a document's full-text entry holds, or `nil` if it has none.
    public func indexedText(space: SpaceID, id: DocumentID) throws -> (title: String?, body: String)? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT f.title, f.body FROM document d JOIN document_fts f ON f.rowid = d.rowid
                    WHERE d.space = ? AND d.id = ?
                    """),
            arguments: [Data(space.bytes), Data(id.bytes)]
        ).map { row in
            let title: String = (try row.decode(atIndex: 0))
            return (title: title.isEmpty ? nil : title, body: (try row.decode(atIndex: 1)))
        }
    }

    /// The revision of a materialized document (incremented on every save), or `nil` if there is none.
    public func documentRevision(space: SpaceID, id: DocumentID) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT revision FROM document WHERE space = ? AND id = ?"),
            arguments: [Data(space.bytes), Data(id.bytes)])
    }

    /// Saves a document's snapshot and query columns and, when `reindex`, its full-text entry, in the
    /// caller's transaction (pass `reindex: false` when title and text are unchanged: re-indexing is the
    /// costly part). Returns the new revision.
    @discardableResult
    public func saveDocument(
        space: SpaceID, id: DocumentID, snapshot: [UInt8], summary: DocumentSummary, reindex: Bool = true
    ) throws -> Int64 {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        INSERT INTO document (space, id, snapshot, revision, type, title, updated_at, updated_by, updated_lamport)
                        VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)
                        ON CONFLICT(space, id) DO UPDATE SET
                            snapshot = excluded.snapshot, revision = revision + 1, type = excluded.type,
                            title = excluded.title, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                            updated_lamport = excluded.updated_lamport
                        RETURNING rowid, revision
                        """),
                arguments: [
                    Data(space.bytes), Data(id.bytes), Data(snapshot), summary.type, summary.title, summary.updatedAt,
                    Data(summary.updatedBy.bytes), Int64(bitPattern: summary.updatedLamport),
                ])
        else { throw StoreError(.notFound, "a document vanished while it was being saved") }
        let rowid: Int64 = (try row.decode(atIndex: 0))
        let revision: Int64 = (try row.decode(atIndex: 1))
        guard reindex || revision == 1 else { return revision }
        try db.cachedStatement(sql: "DELETE FROM document_fts WHERE rowid = ?").execute(arguments: [rowid])
        try db.cachedStatement(sql: "INSERT INTO document_fts (rowid, title, body) VALUES (?, ?, ?)").execute(
            arguments: [rowid, summary.title ?? "", summary.body])
        return revision
    }

    /// The documents of a space, most recently updated first.
    public func documents(space: SpaceID) throws -> [(id: DocumentID, revision: Int64, summary: DocumentSummary)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.id, d.revision, d.type, d.title, d.updated_at, d.updated_by, d.updated_lamport, f.body
                    FROM document d LEFT JOIN document_fts f ON f.rowid = d.rowid
                    WHERE d.space = ? ORDER BY d.updated_at DESC, d.id
                    """),
            arguments: [Data(space.bytes)]
        ).map { row in
            guard let id = DocumentID(bytes: [UInt8]((try row.decode(forColumn: "id")) as Data)) else {
                throw StoreError(.corrupt, "a document row has an id of the wrong length")
            }
            return (id: id, revision: (try row.decode(atIndex: 1)), summary: try Self.summary(from: row, at: 2))
        }
    }

    /// Full-text search over titles and text of every space. Each word of `query` must match (prefixes
    /// count: "audi" finds "audit"); best matches first.
    public func search(_ query: String, limit: Int = 50) throws -> [SearchHit] {
        let words = query.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).prefix(16)
        guard !words.isEmpty else { return [] }
        // Each word becomes a quoted prefix term, so nothing the user types is read as query syntax.
        let match = words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT d.space, d.id, d.title, snippet(document_fts, -1, '[', ']', '…', 12) AS excerpt
                    FROM document_fts JOIN document d ON d.rowid = document_fts.rowid
                    WHERE document_fts MATCH ? ORDER BY rank LIMIT ?
                    """),
            arguments: [match, limit]
        ).map { row in
            guard let id = DocumentID(bytes: [UInt8]((try row.decode(forColumn: "id")) as Data)) else {
                throw StoreError(.corrupt, "a document row has an id of the wrong length")
            }
            return SearchHit(
                space: try row.spaceID(forColumn: "space"), document: id,
                title: (try row.decode(forColumn: "title")), excerpt: (try row.decode(forColumn: "excerpt")))
        }
    }

    /// Reads `type, title, updated_at, updated_by, updated_lamport, body` from column `first` on.
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
