internal import Foundation
internal import GRDB

/// The local replica on disk: one SQLite database in WAL mode, shared safely by several processes (the
/// daemon and the CLI) on one machine. It stores and queries; it never verifies (the node does).
///
/// Every access goes through ``read(_:)`` or ``write(_:)``, whose closure gets a ``StoreTransaction``
/// valid only inside it; a write is one SQLite transaction, committed when the closure returns
/// (with `synchronous=FULL` by default, see ``SQLiteStoreConfiguration``) and rolled back if it throws.
///
/// ```swift
/// let store = try ReplicaStore.open(path: "/var/lib/placesync/replica.sqlite")
/// try store.write { tx in try tx.setMeta("replica", Array("a".utf8)) }
/// ```
public final class ReplicaStore: Sendable {
    let writer: any DatabaseWriter
    /// The database file, or `nil` for an in-memory store.
    public let path: String?

    private init(writer: any DatabaseWriter, path: String?) {
        self.writer = writer
        self.path = path
    }

    /// Opens (creating if needed) the replica at `path`: checks it with `PRAGMA quick_check`, refuses a
    /// schema newer than this build knows without touching anything, then migrates an older one.
    ///
    /// - Throws: ``StoreError/Code/newerSchema``, ``StoreError/Code/corrupt``, ``StoreError/Code/io``.
    public static func open(path: String, configuration: SQLiteStoreConfiguration = SQLiteStoreConfiguration())
        throws(StoreError) -> ReplicaStore
    {
        var config = Configuration()
        config.busyMode = .timeout(configuration.busyTimeoutSeconds)
        // The replica holds plaintext snapshots and the full-text index: owner only, whatever the umask.
        // SQLite gives the -wal and -shm files the database file's mode.
        try Self.restrictToOwner(path)
        // An existing file is checked first through a plain connection, which changes nothing in it:
        // opening a WAL pool may write (GRDB makes sure a WAL file exists), and a file that is damaged
        // or from a newer PlaceSync must be refused untouched.
        let location = configuration.vfsName.map { Self.uri(path, vfs: $0) } ?? path
        if FileManager.default.fileExists(atPath: path) {
            do {
                let queue = try DatabaseQueue(path: location, configuration: config)
                try queue.read { db in try check(db) }
                try queue.close()
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(
                    .io, "cannot open the replica database at \(path): \(Self.describe(error))", underlying: error)
            }
        }
        config.journalMode = .wal
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: location, configuration: config)
            // After the pool's own setup, which sets synchronous=NORMAL on its writer connection.
            let synchronous = configuration.durability == .full ? "FULL" : "NORMAL"
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            if let pages = configuration.maxPageCount {
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
            }
        } catch {
            throw StoreError(
                .io, "cannot open the replica database at \(path): \(Self.describe(error))", underlying: error)
        }
        let store = ReplicaStore(writer: pool, path: path)
        // The file was checked above (or did not exist): only the migrations remain.
        try store.checkAndMigrate(check: false)
        return store
    }

    /// An SQLite URI filename that opens `path` through the VFS named `vfs` (SQLite is built with URI
    /// filenames on, as Debian's is).
    static func uri(_ path: String, vfs: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(encoded)?vfs=\(vfs)"
    }

    /// Changes the replica's size limit (in pages) on the writing connection, as
    /// ``SQLiteStoreConfiguration/maxPageCount`` sets it at open; `nil` lifts it.
    public func setMaxPageCount(_ pages: Int?) throws {
        try wrap("setting the replica's size limit") {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = \(pages ?? 4_294_967_294)")
            }
        }
    }

    /// `PRAGMA synchronous` of the writing connection: 2 is FULL, 1 NORMAL.
    public func synchronousLevel() throws -> Int {
        try wrap("reading settings") {
            try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        }
    }

    /// Refuses a damaged database or one whose schema is newer than this build knows.
    private static func check(_ db: Database) throws {
        let check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no result"
        guard check == "ok" else {
            throw StoreError(
                .corrupt,
                "the replica database failed its integrity check (\(check.prefix(200))); restore it from a peer by starting a fresh replica"
            )
        }
        let migrator = Self.migrator
        guard try db.tableExists("grdb_migrations") else { return }
        let applied = try migrator.appliedIdentifiers(db)
        let known = Set(migrator.migrations)
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError(
                .newerSchema,
                "the replica was written by a newer PlaceSync (schema step \"\(unknown)\"); upgrade PlaceSync to open it — nothing was changed"
            )
        }
    }

    /// An in-memory store (tests, throwaway replicas). Not shared between processes; no WAL.
    public static func inMemory() throws(StoreError) -> ReplicaStore {
        do {
            let store = ReplicaStore(writer: try DatabaseQueue(), path: nil)
            try store.checkAndMigrate()
            return store
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot create an in-memory database: \(Self.describe(error))", underlying: error)
        }
    }

    private func checkAndMigrate(check: Bool = true) throws(StoreError) {
        do {
            if check { try writer.writeWithoutTransaction { db in try Self.check(db) } }
            do {
                try Self.migrator.migrate(writer)
            } catch {
                // Another process opening the replica at the same moment may have run the same step
                // first (each step is one transaction, so ours rolled back): then all is done.
                guard try writer.read({ db in try Self.migrator.hasCompletedMigrations(db) }) else { throw error }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "opening the replica: \(Self.describe(error))", underlying: error)
        }
    }

    /// Runs `body` in a read transaction (a consistent view; other processes may write meanwhile).
    /// - Throws: ``StoreError``, or what `body` throws.
    public func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try wrap("reading the replica") {
            try writer.read { db in try body(StoreTransaction(db)) }
        }
    }

    /// Runs `body` in one write transaction: committed (durably, per the configuration) when it returns,
    /// rolled back when it throws. Waits for other processes' writes up to the busy timeout.
    /// - Throws: ``StoreError``, or what `body` throws.
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try wrap("writing the replica") {
            try writer.write { db in try body(StoreTransaction(db)) }
        }
    }

    /// Moves every committed write from the WAL into the main database file and empties the WAL
    /// (`PRAGMA wal_checkpoint(TRUNCATE)`), for example before copying the file as a backup.
    public func checkpoint() throws {
        try wrap("checkpointing the replica") {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// `PRAGMA integrity_check` (the full check; slower than the `quick_check` made on open).
    public func integrityCheck() throws -> String {
        try wrap("checking the replica") {
            try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
        }
    }

    /// Converts errors from SQLite, and rows that do not decode, into ``StoreError``s; lets the caller's own
    /// errors through unchanged.
    private func wrap<T>(_ action: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                throw StoreError(
                    .busy, "\(action): another process kept the database busy past the timeout; try again",
                    underlying: error)
            case .SQLITE_FULL:
                throw StoreError(
                    .full,
                    "\(action): the disk is full, so nothing was written; free some space (or raise the replica's size limit) and try again — nothing needs repairing",
                    underlying: error)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                throw StoreError(
                    .corrupt, "\(action): the database is damaged (\(error.resultCode))", underlying: error)
            default:
                throw StoreError(.io, "\(action): \(Self.describe(error))", underlying: error)
            }
        } catch let error as RowDecodingError {
            // A value of the wrong type, or NULL where the schema promises one: damaged, not a trap.
            throw StoreError(
                .corrupt, "\(action): a row does not hold what this version expects; the database is damaged",
                underlying: error)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            // The message without statement arguments (they may hold document contents).
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
        }
        return "\(error)"
    }
}
