internal import Foundation
internal import GRDB
public import PlaceCRDT

extension ReplicaStore {
    /// What a backup file holds, as ``verifyBackup(at:)`` read it.
    public struct BackupContents: Sendable, Equatable {
        /// `PRAGMA integrity_check`'s answer ("ok" when healthy).
        public var integrity: String
        /// The envelopes it holds.
        public var envelopes: Int
        /// The plaintext document rows it holds (0 for a backup this store wrote).
        public var documents: Int
        /// The public key of the node whose replica it is, as recorded at its last open.
        public var node: [UInt8]?
    }

    /// Writes a consistent copy of the replica to `path`, which must not exist: SQLite's `VACUUM INTO`,
    /// one read transaction, so writers — this process's or another's — go on meanwhile. The copy then
    /// loses its plaintext (the document snapshots and tails and the full-text index) and is rewritten so no freed
    /// page keeps any: what is left is sealed envelopes, epoch keys sealed to the node's key, membership
    /// and bookkeeping — unreadable without the node's key file. File mode 0600.
    /// - Throws: ``StoreError/Code/io`` when the file exists or cannot be written.
    public func writeBackup(to path: String) throws(StoreError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.io, "\(path) already exists; a backup never overwrites a file")
        }
        do {
            try writer.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            let copy = try DatabaseQueue(path: path)
            try copy.writeWithoutTransaction { db in
                try db.execute(
                    sql:
                        "DELETE FROM document_fts; DELETE FROM document_piece; DELETE FROM document_tail; DELETE FROM document;"
                )
                try db.execute(sql: "VACUUM")
            }
            try copy.close()
            _ = chmod(path, 0o600)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError(.io, "cannot write the backup \(path): \(error)")
        }
    }

    /// Checks a backup file without changing it: its integrity and what it holds.
    /// - Throws: ``StoreError/Code/corrupt`` when it is not a replica database.
    public static func verifyBackup(at path: String) throws(StoreError) -> BackupContents {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                BackupContents(
                    integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; "),
                    envelopes: try Int.fetchOne(db, sql: "SELECT count(*) FROM envelope") ?? 0,
                    documents: try Int.fetchOne(db, sql: "SELECT count(*) FROM document") ?? 0,
                    node: try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'node'").map { Array($0) })
            }
        } catch {
            throw StoreError(.corrupt, "\(path) is not a readable PlaceSync replica backup: \(error)")
        }
    }
}

extension StoreTransaction {
    /// The documents that applied envelopes of `space` edit, in id order.
    public func documentIDsInLog(space: SpaceID) throws -> [DocumentID] {
        try Data.fetchAll(
            db,
            sql:
                "SELECT DISTINCT document FROM envelope WHERE space = ? AND applied = 1 AND document IS NOT NULL ORDER BY document",
            arguments: [Data(space.bytes)]
        ).compactMap { DocumentID(bytes: $0) }
    }
}
