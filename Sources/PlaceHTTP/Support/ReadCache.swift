internal import HTTPTypes
internal import PlaceQI
internal import PlaceSync
internal import Synchronization

/// Whole-space reads (every project, the directory, the report) computed once per state of the
/// replica and shared by every request until the replica changes — the last envelope row names that
/// state, and every write, local or synced, by this process or another, adds a row. Concurrent
/// requests for a value not computed yet wait for the one computation instead of each starting one.
final class ReadCache: Sendable {
    private struct Entry {
        var row: Int64
        var task: Task<any Sendable, any Error>
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let node: Node

    init(node: Node) { self.node = node }

    /// The value of `key` for the replica as it is now, computing it with `compute` (off the
    /// cooperative pool) when the replica changed since it was last computed.
    func value<T: Sendable>(_ key: String, compute: @escaping @Sendable () throws -> T) async throws -> T {
        let node = self.node
        let row = try await Node.offloaded { try node.lastEnvelopeRow() }
        let task = entries.withLock { entries -> Task<any Sendable, any Error> in
            if let entry = entries[key], entry.row == row { return entry.task }
            let task = Task<any Sendable, any Error> { try await Node.offloaded { try compute() } }
            entries[key] = Entry(row: row, task: task)
            return task
        }
        do {
            guard let value = try await task.value as? T else {
                throw Problem(.internalServerError, "a cached read had an unexpected type")
            }
            return value
        } catch {
            // A failed read is not kept: the next request tries again.
            entries.withLock { entries in
                if entries[key]?.row == row { entries[key] = nil }
            }
            throw error
        }
    }
}

extension HTTPFrontend {
    /// Every project of the space (cached per replica state).
    func projects(_ qi: QISpace) async throws -> [Project] {
        try await cache.value("projects \(qi.space)") { try qi.projects() }
    }

    /// The space's organisations (cached per replica state).
    func organisations(_ qi: QISpace) async throws -> [Organisation] {
        try await cache.value("organisations \(qi.space)") { try qi.organisations() }
    }

    /// The space's people (cached per replica state).
    func people(_ qi: QISpace) async throws -> [Person] {
        try await cache.value("people \(qi.space)") { try qi.people() }
    }

    /// The space's report (cached per replica state).
    func report(_ qi: QISpace) async throws -> QIReport {
        try await cache.value("report \(qi.space)") { try QIReport(qi) }
    }
}
