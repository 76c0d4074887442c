internal import Foundation
internal import GRDB
public import PlaceCRDT

/// The full-text index holds each document in pieces (``TextChunks``): its title, and its text cut at
/// content-defined line boundaries. A save re-indexes only the pieces whose fingerprint changed, so a
/// one-character edit to a long note tokenizes a few kilobytes, not the whole note.
extension StoreTransaction {
    /// Brings the index of document `rowid` up to `title` and `body`: pieces no longer present are
    /// removed, new ones added; unchanged pieces are left alone (also when they moved).
    static func index(_ db: Database, document rowid: Int64, title: String?, body: String) throws {
        var body = body
        try body.withUTF8 { bytes in
            // Per fingerprint, the pieces wanted: a title, or a byte range of the text.
            var wanted: [Int64: [Range<Int>?]] = [:]
            if let title, !title.isEmpty { wanted[TextChunks.fingerprint(title: title), default: []].append(nil) }
            for piece in TextChunks.pieces(of: bytes) {
                wanted[piece.fingerprint, default: []].append(piece.bytes)
            }
            let existing = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, fingerprint FROM document_piece WHERE doc = ?"),
                arguments: [rowid])
            for row in existing {
                let id: Int64 = try row.decode(atIndex: 0)
                let fingerprint: Int64 = try row.decode(atIndex: 1)
                if var same = wanted[fingerprint], !same.isEmpty {
                    same.removeLast()
                    wanted[fingerprint] = same
                    continue
                }
                try db.cachedStatement(sql: "DELETE FROM document_fts WHERE rowid = ?").execute(arguments: [id])
                try db.cachedStatement(sql: "DELETE FROM document_piece WHERE id = ?").execute(arguments: [id])
            }
            for (fingerprint, pieces) in wanted {
                for range in pieces {
                    try db.cachedStatement(sql: "INSERT INTO document_piece (doc, fingerprint) VALUES (?, ?)")
                        .execute(arguments: [rowid, fingerprint])
                    // Pieces end on character boundaries, so each decodes exactly.
                    let text = range.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
                    try db.cachedStatement(sql: "INSERT INTO document_fts (rowid, title, body) VALUES (?, ?, ?)")
                        .execute(arguments: [db.lastInsertedRowID, range == nil ? title ?? "" : "", text ?? ""])
                }
            }
        }
    }

    /// Full-text search over titles and text of every space. Each word of `query` must match somewhere
    /// in a document (prefixes count: "audi" finds "audit"); best matches first.
    ///
    /// First the documents one of whose pieces holds every word, best-ranked piece first (bm25, as one
    /// FTS5 query: as fast as a whole-document index). Then, if fewer than `limit`, the documents whose
    /// words are spread over several pieces, after them in the order they were written.
    public func search(_ query: String, limit: Int = 50) throws -> [SearchHit] {
        let words = query.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).prefix(16)
        guard !words.isEmpty, limit > 0 else { return [] }
        // Each word becomes a quoted prefix term, so nothing the user types is read as query syntax.
        let terms = words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }
        var hits: [SearchHit] = []
        var found = Set<Int64>()
        let together = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT p.doc, snippet(document_fts, -1, '[', ']', '…', 12) FROM document_fts
                    JOIN document_piece p ON p.id = document_fts.rowid
                    WHERE document_fts MATCH ? ORDER BY document_fts.rank
                    """),
            arguments: [terms.joined(separator: " ")])
        while hits.count < limit, let row = try together.next() {
            let document: Int64 = try row.decode(atIndex: 0)
            guard found.insert(document).inserted, let hit = try hit(document, excerpt: try row.decode(atIndex: 1))
            else { continue }
            hits.append(hit)
        }
        guard hits.count < limit, terms.count > 1 else { return hits }
        // Words spread over pieces: the documents each word matches (no ranking), intersected, with a
        // piece that matches the first word for the excerpt.
        var spread: [Int64: Int64]?
        for term in terms {
            var matched: [Int64: Int64] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT p.doc, p.id FROM document_fts JOIN document_piece p ON p.id = document_fts.rowid
                        WHERE document_fts MATCH ?
                        """),
                arguments: [term])
            while let row = try rows.next() {
                let document: Int64 = try row.decode(atIndex: 0)
                if let spread {
                    if let piece = spread[document] { matched[document] = piece }
                } else if matched[document] == nil {
                    matched[document] = try row.decode(atIndex: 1)
                }
            }
            spread = matched
            if matched.isEmpty { return hits }
        }
        for (document, piece) in (spread ?? [:]).sorted(by: { $0.key < $1.key }) where hits.count < limit {
            guard !found.contains(document) else { continue }
            let excerpt = try String.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT snippet(document_fts, -1, '[', ']', '…', 12) FROM document_fts
                        WHERE document_fts MATCH ? AND rowid = ?
                        """),
                arguments: [terms.joined(separator: " OR "), piece])
            if let hit = try hit(document, excerpt: excerpt ?? "") { hits.append(hit) }
        }
        return hits
    }

    /// A search hit for document `rowid`, or `nil` if it is gone.
    private func hit(_ rowid: Int64, excerpt: String) throws -> SearchHit? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT space, id, title FROM document WHERE rowid = ?"), arguments: [rowid])
        else { return nil }
        guard let id = DocumentID(bytes: [UInt8]((try row.decode(forColumn: "id")) as Data)) else {
            throw StoreError(.corrupt, "a document row has an id of the wrong length")
        }
        return SearchHit(
            space: try row.spaceID(forColumn: "space"), document: id, title: (try row.decode(forColumn: "title")),
            excerpt: excerpt)
    }

    /// The title and text a document's full-text index holds, title first then the text's pieces in
    /// index order (not necessarily document order), or `nil` if it has none. For tests and checks.
    public func indexedPieces(space: SpaceID, id: DocumentID) throws -> [String]? {
        guard
            let rowid = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT rowid FROM document WHERE space = ? AND id = ?"),
                arguments: [Data(space.bytes), Data(id.bytes)])
        else { return nil }
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT f.title, f.body FROM document_piece p JOIN document_fts f ON f.rowid = p.id
                    WHERE p.doc = ? ORDER BY f.title = '' , p.id
                    """),
            arguments: [rowid]
        ).map { row in
            let title: String = try row.decode(atIndex: 0)
            return title.isEmpty ? try row.decode(atIndex: 1) : title
        }
    }
}
