/// The change log of one space (or of a single document): every applied change, the changes waiting for
/// missing dependencies, and the documents they build.
///
/// Remote changes may arrive in any order and more than once: a change applies as soon as every change
/// in its `deps` has applied; until then it waits in the pending set; a change seen before is ignored.
/// Local edits go through ``transact(document:actor:_:)`` and produce one change each.
///
/// An integrator can use the log with one document and no spaces at all:
///
/// ```swift
/// var log = ChangeLog()
/// let change = try log.transact(document: .main, actor: me) { tx in
///     try tx.set("title", .string("Falls audit"))
/// }
/// var other = ChangeLog()
/// _ = try other.receive(change!)
/// ```
public struct ChangeLog: Sendable {
    /// The applied changes: for each actor, the highest sequence number applied (all below it are too).
    public internal(set) var version = VersionVector()
    /// The largest Lamport counter of any applied change; a local change starts just above it.
    public internal(set) var maxLamport: UInt64 = 0
    /// Applied changes per actor, packed (see `ActorHistory`).
    var history: [ActorID: ActorHistory] = [:]
    /// Changes whose dependencies have not all applied, per actor and sequence number.
    package private(set) var pending: [ActorID: [UInt64: Change]] = [:]
    /// The number of changes waiting for dependencies.
    public private(set) var pendingCount = 0
    /// Changes received in encoding 3 whose heads or previous change have not applied yet, so whose whole
    /// dependencies are not known yet (``receive(encoded:)``).
    var unresolved: [Change.ID: HeadsChange] = [:]
    package internal(set) var documents: [DocumentID: Document] = [:]

    /// How many changes may wait for dependencies before ``receive(_:)-([Change])`` refuses more.
    public var pendingLimit = 100_000

    /// An empty log.
    public init() {}

    /// The current state of a document; an empty document if no change has touched it yet.
    public func document(_ id: DocumentID) -> Document { documents[id] ?? Document() }

    /// The ids of documents that at least one applied change touched, sorted.
    public var documentIDs: [DocumentID] { documents.keys.sorted() }

    /// An applied change by id, or `nil`.
    public func change(_ id: Change.ID) -> Change? {
        guard id.seq >= 1, let changes = history[id.actor], id.seq <= UInt64(changes.count) else { return nil }
        return changes.change(seq: id.seq, actor: id.actor)
    }

    /// The changes waiting for dependencies, in causal-compatible order.
    public var pendingChanges: [Change] {
        pending.values.flatMap(\.values).sorted(by: Self.causalOrder)
    }

    /// The applied changes not covered by `vector`, in an order in which they can be applied
    /// (dependencies first): what a peer at `vector` is missing.
    public func changes(since vector: VersionVector) -> [Change] {
        var result: [Change] = []
        for (actor, changes) in history {
            let known = vector[actor]
            if known < UInt64(changes.count) {
                for seq in (known + 1)...UInt64(changes.count) {
                    result.append(changes.change(seq: seq, actor: actor))
                }
            }
        }
        return result.sorted(by: Self.causalOrder)
    }

    /// Dependencies always have smaller Lamport counters, so this order puts them first.
    static func causalOrder(_ lhs: Change, _ rhs: Change) -> Bool {
        (lhs.lamportStart, lhs.actor, lhs.seq) < (rhs.lamportStart, rhs.actor, rhs.seq)
    }

    /// The Lamport counter of the last operation of change `seq` of `actor` (0 for seq 0).
    func lamportEnd(of actor: ActorID, seq: UInt64) -> UInt64 {
        guard seq >= 1, let changes = history[actor], seq <= UInt64(changes.count) else { return 0 }
        return changes.lamportEnd(ofSeq: seq)
    }

    /// The Lamport start a change with these dependencies must have.
    func expectedLamportStart(deps: VersionVector) -> UInt64 {
        var largest: UInt64 = 0
        deps.forEachEntry { actor, seq in largest = max(largest, lamportEnd(of: actor, seq: seq)) }
        return largest + 1
    }

    /// Applies a change whose dependencies have all applied.
    mutating func applyReady(_ change: Change) throws(CRDTError) -> [Patch] {
        try checkHistoryCapacity(change.actor)
        let expected = expectedLamportStart(deps: change.deps)
        guard change.lamportStart == expected else {
            throw CRDTError(
                .lamportMismatch,
                "change \(change.id) starts at Lamport \(change.lamportStart) but its dependencies require exactly \(expected)"
            )
        }
        let deps = change.deps
        let history = self.history
        // Edit the document in place (removed from the dictionary so it is uniquely referenced) and
        // take the edits back step by step if an operation turns out to be invalid.
        // (`documents[id] != nil` would copy the document out, retaining every table of it.)
        let hadDocument = documents.index(forKey: change.document) != nil
        var document = documents.removeValue(forKey: change.document) ?? Document()
        var undo: [UndoStep] = []
        let patches: [Patch]
        do throws(CRDTError) {
            patches = try document.apply(change, undo: &undo) { id in
                let seq = deps[id.actor]
                guard seq >= 1, let changes = history[id.actor], seq <= UInt64(changes.count) else { return false }
                return id.counter <= changes.lamportEnd(ofSeq: seq)
            }
        } catch {
            for step in undo.reversed() { document.undo(step) }
            if hadDocument { documents[change.document] = document }
            throw error
        }
        documents[change.document] = document
        record(change)
        return patches
    }

    /// Adds an applied change to the history and the clocks.
    mutating func record(_ change: Change, body: [UInt8]? = nil) {
        history[change.actor, default: ActorHistory()].append(change, body: body ?? change.encodedBody())
        version[change.actor] = change.seq
        maxLamport = max(maxLamport, change.lamportEnd)
    }

    /// Records a change made here, as ``record(_:body:)`` does, checking in the same lookup that its
    /// author's packed history has room (see `ActorHistory.isFull`); when it has none, records nothing.
    /// - Throws: ``CRDTError/Code/limitExceeded`` when the history is full.
    mutating func recordLocal(_ change: Change, body: [UInt8]) throws(CRDTError) {
        if let index = history.index(forKey: change.actor) {
            guard history.values[index].appendIfRoom(change, body: body) else {
                throw Self.historyFull(change.actor)
            }
        } else {
            var started = ActorHistory()
            started.append(change, body: body)
            history[change.actor] = started
        }
        version[change.actor] = change.seq
        maxLamport = max(maxLamport, change.lamportEnd)
    }

    private static func historyFull(_ actor: ActorID) -> CRDTError {
        CRDTError(.limitExceeded, "\(actor) has 4 GiB of changes in this log; no more are accepted from it")
    }

    /// Refuses changes by an author whose packed history is full (see `ActorHistory.isFull`).
    func checkHistoryCapacity(_ actor: ActorID) throws(CRDTError) {
        guard history[actor]?.isFull != true else { throw Self.historyFull(actor) }
    }

    /// Replaces the documents and history wholesale (used when loading a saved log).
    package mutating func restore(documents: [DocumentID: Document], applied: [Change]) throws(CRDTError) {
        self = ChangeLog()
        for change in applied.sorted(by: Self.causalOrder) {
            guard version[change.actor] == change.seq - 1, version.includes(change.deps) else {
                throw CRDTError(.malformedEncoding, "saved log: change \(change.id) is out of causal order")
            }
            guard change.lamportStart == expectedLamportStart(deps: change.deps) else {
                throw CRDTError(.lamportMismatch, "saved log: change \(change.id) has the wrong Lamport start")
            }
            try checkHistoryCapacity(change.actor)
            record(change)
        }
        self.documents = documents
    }

    /// Adds a change to the pending set.
    mutating func addPending(_ change: Change) {
        pending[change.actor, default: [:]][change.seq] = change
        pendingCount += 1
    }

    /// Removes and returns the next pending change of `actor` if it is now causally ready.
    mutating func takeReadyPending(of actor: ActorID) -> Change? {
        let next = version[actor] + 1
        guard let change = pending[actor]?[next], version.includes(change.deps) else { return nil }
        pending[actor]?[next] = nil
        if pending[actor]?.isEmpty == true { pending[actor] = nil }
        pendingCount -= 1
        return change
    }
}
