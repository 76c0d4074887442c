internal import Foundation
internal import GRDB

/// What a replica file's schema holds, read without changing it: which schema steps it records as
/// applied, and the schema objects it has (tables, indexes, and each table's columns as
/// `table.column`). Tests use it to check that a step interrupted by a crash left nothing half done.
package struct SchemaSnapshot: Equatable, Sendable {
    /// The schema steps recorded as applied, in order.
    package var appliedSteps: [String]
    /// Tables, indexes and `table.column` names (SQLite's and GRDB's own left out).
    package var objects: Set<String>
}

extension ReplicaStore {
    /// Every schema step this build knows, in the order they run.
    package static var schemaSteps: [String] { migrator.migrations }

    /// The schema objects each step adds, measured by running the steps one at a time on an empty
    /// in-memory database.
    package static func objectsAddedByStep() throws -> [String: Set<String>] {
        let queue = try DatabaseQueue()
        var added: [String: Set<String>] = [:]
        var before: Set<String> = []
        for step in migrator.migrations {
            try migrator.migrate(queue, upTo: step)
            let after = try queue.read { db in try objects(db) }
            added[step] = after.subtracting(before)
            before = after
        }
        return added
    }

    /// The schema of the file at `path`, read through a plain connection (no WAL set-up, no migration);
    /// an empty snapshot for a file that does not exist or holds nothing yet.
    package static func inspectSchema(atPath path: String) throws -> SchemaSnapshot {
        guard FileManager.default.fileExists(atPath: path) else { return SchemaSnapshot(appliedSteps: [], objects: []) }
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let applied =
                try db.tableExists("grdb_migrations")
                ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") : []
            return SchemaSnapshot(appliedSteps: applied, objects: try objects(db))
        }
    }

    private static func objects(_ db: Database) throws -> Set<String> {
        var names: Set<String> = []
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name FROM sqlite_schema
                WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                """)
        for row in rows {
            let type: String = try row.decode(atIndex: 0)
            let name: String = try row.decode(atIndex: 1)
            names.insert(name)
            if type == "table" {
                for column in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name]) {
                    names.insert("\(name).\(column)")
                }
            }
        }
        return names
    }
}
