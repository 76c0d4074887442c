internal import Foundation
public import PlaceSync
internal import Synchronization

/// The QI vocabulary over one space of a node: typed documents for organisations, people, projects,
/// PDSA cycles, measures and notes, each read and written through the node's replica (so it syncs
/// like any document). Every write checks its fields first — a field that is not allowed, or text
/// that looks like patient-identifiable data, throws ``QIError`` and nothing is written.
///
/// ```swift
/// let qi = QISpace(node: node, space: space)
/// let project = try qi.createProject(ProjectDraft(title: "Falls in care homes", theme: .frailtyAndDementia))
/// try qi.setSpread(of: project, to: "L84001", stage: .interest, on: QIDate(parsing: "2026-04-01", field: "date"))
/// ```
public struct QISpace: Sendable {
    /// The node whose replica holds the documents.
    public let node: Node
    /// The space they live in.
    public let space: SpaceID

    /// QI documents of `space` on `node`.
    public init(node: Node, space: SpaceID) {
        self.node = node
        self.space = space
    }

    /// Now, as records write it (UTC, seconds).
    var now: String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: node.configuration.now()))
    }

    /// Runs one checked write of `document`: `body` edits, then any accepted PID findings are recorded.
    /// A new document of `kind` is stamped with its kind and schema version first.
    @discardableResult
    func write(
        _ document: DocumentID, kind: QIDocumentKind, creating: Bool = false, override: PIDOverride? = nil,
        _ body: (inout Transaction, inout QIWrite) throws -> Void
    ) throws -> DocumentID {
        var guardState = QIWrite(override: override, time: now)
        try node.transact(in: space, document: document) { tx in
            if creating || tx.document.value(forKey: "type") == nil {
                try kind.stamp(&tx)
                if kind.directoryID == nil { try tx.set("createdAt", .string(now)) }
            } else {
                try kind.check(tx.document, id: document)
            }
            try body(&tx, &guardState)
            try guardState.record(&tx)
        }
        return document
    }

    /// Reads a document and checks it is of `kind`.
    func read(_ id: DocumentID, kind: QIDocumentKind) throws -> Document {
        let document = try node.document(id, in: space)
        if document.value(forKey: "type") == nil {
            throw QIError(.notFound, "no \(kind.rawValue) document \(id) in this space")
        }
        try kind.check(document, id: id)
        return document
    }

    /// Reads each of `ids` with `read`, on every core (each read is its own SQLite read transaction);
    /// the results keep the order of `ids`. A document this build cannot read as QI — written by a
    /// newer major schema version, or not the kind it claims — is left out (a list or a report must
    /// not fail because one node runs a newer PlaceSync); storage errors still throw.
    func readAll<T: Sendable>(_ ids: [DocumentID], _ read: @Sendable (DocumentID) throws -> T) throws -> [T] {
        try readAllCounting(ids, read).values
    }

    /// ``readAll(_:_:)``, also saying how many documents were left out.
    func readAllCounting<T: Sendable>(_ ids: [DocumentID], _ read: @Sendable (DocumentID) throws -> T) throws -> (
        values: [T], skipped: Int
    ) {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        let chunks = ids.count > 8 ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var local: [Int: Result<T, any Error>] = [:]
            for index in stride(from: chunk, to: ids.count, by: chunks) {
                local[index] = Result { try read(ids[index]) }
            }
            results.withLock { $0.merge(local) { first, _ in first } }
        }
        let all = results.withLock { $0 }
        var values: [T] = []
        var skipped = 0
        for index in ids.indices {
            guard let result = all[index] else { throw QIError(.notFound, "a document could not be read") }
            switch result {
            case .success(let value): values.append(value)
            case .failure(let error as QIError) where error.code == .newerSchema || error.code == .wrongKind:
                skipped += 1
            case .failure(let error): throw error
            }
        }
        return (values, skipped)
    }

    /// The ids of the space's documents of `kind`, newest change first.
    func documents(of kind: QIDocumentKind) throws -> [DocumentID] {
        try node.documents(in: space).filter { $0.type == kind.rawValue }.map(\.id)
    }
}
