/// The edits of one local transaction on one document, collected into one ``Change``.
///
/// A transaction is handed to the closure of ``ChangeLog/transact(document:actor:_:)`` and is valid only
/// inside it. Each edit is applied at once, so later edits in the same transaction see earlier ones.
/// Batch the edits of one user action (a form save, a pause in typing) into one transaction: one change
/// per keystroke is the wrong granularity, since every change costs a header, a signature and a round
/// of sync.
///
/// ```swift
/// let change = try log.transact(document: noteID, actor: me) { tx in
///     try tx.set("title", .string("Falls clinic"))
///     let body = try tx.makeContainer(.text, at: "body")
///     try tx.insertText("Week 1: audit", at: 0, in: body)
/// }
/// ```
public struct Transaction {
    /// The document as it is after the edits made so far.
    public private(set) var document: Document
    /// The author of the edits.
    public let actor: ActorID
    package private(set) var operations: [Operation] = []
    private var nextCounter: UInt64
    /// How to take back each edit made so far, in order.
    private var undoSteps: [UndoStep] = []

    package init(document: Document, actor: ActorID, lamportStart: UInt64) {
        self.document = document
        self.actor = actor
        self.nextCounter = lamportStart
    }

    /// A transaction on the document `existing` holds, or on a new empty one when it holds none.
    /// The document is moved in: a binding of it kept beside the transaction would make the first edit
    /// of each table copy it.
    package init(taking existing: consuming Document?, actor: ActorID, lamportStart: UInt64) {
        switch consume existing {
        case .some(let document):
            self.init(document: document, actor: actor, lamportStart: lamportStart)
            startedOnExistingDocument = true
        case .none:
            self.init(document: Document(), actor: actor, lamportStart: lamportStart)
        }
    }

    /// A transaction on `document`, moved out of it: `document` holds a placeholder (see
    /// ``Document/init(placeholder:)``) until ``takeDocument()`` hands the edited document back.
    package init(movingOut document: inout Document, actor: ActorID, lamportStart: UInt64) {
        var moved = Document(placeholder: ())
        swap(&moved, &document)
        self.init(document: moved, actor: actor, lamportStart: lamportStart)
    }

    /// Whether ``init(taking:actor:lamportStart:)`` was given a document (not a new empty one).
    package private(set) var startedOnExistingDocument = false

    private var nextID: OpID { OpID(counter: nextCounter, actor: actor) }

    /// Ends the transaction by taking its document out, leaving a placeholder that allocates nothing.
    /// Copying the document out instead retained every table of it, and ending the transaction
    /// released them again: a seventh of the cost of a one-keystroke local change.
    package mutating func takeDocument() -> Document {
        var taken = Document(placeholder: ())
        swap(&taken, &document)
        return taken
    }

    /// Takes back every edit, leaving the document as it was before the transaction.
    package mutating func rollback() {
        for step in undoSteps.reversed() { document.undo(step) }
        undoSteps.removeAll()
        operations.removeAll()
    }

    /// Adds the operation just applied (moved in: the caller builds it for this call alone).
    private mutating func record(_ operation: consuming Operation) {
        let width = operation.width
        // Typing: an insert right after the one before it (its left origin is that insert's last
        // element, its right origin the same) extends it into one run, as if inserted at once — the
        // same elements, ids and origins, one operation instead of one per keystroke.
        if case .insert(let next) = operation, let last = operations.last, case .insert(let previous) = last,
            let run = Self.run(previous, then: next, lastID: OpID(counter: nextCounter &- 1, actor: actor))
        {
            operations[operations.count - 1] = .insert(run)
        } else {
            operations.append(consume operation)
        }
        nextCounter += width
    }

    /// `previous` and `next` as one insert, when `next` continues `previous`'s run (`lastID`: the id of
    /// `previous`'s last element).
    private static func run(_ previous: SequenceInsert, then next: SequenceInsert, lastID: OpID) -> SequenceInsert? {
        guard previous.container == next.container, next.originLeft == lastID,
            next.originRight == previous.originRight
        else { return nil }
        let content: SequenceContent
        switch (previous.content, next.content) {
        case (.text(let first), .text(let second)): content = .text(first + second)
        case (.values(let first), .values(let second)): content = .values(first + second)
        default: return nil
        }
        return SequenceInsert(
            container: previous.container, originLeft: previous.originLeft, originRight: previous.originRight,
            content: content)
    }

    private static func allKnown(_: OpID) -> Bool { true }

    private func checkKey(_ key: String) throws(CRDTError) {
        guard key.utf8.count <= CRDTLimits.maxKeyBytes else {
            throw CRDTError(
                .limitExceeded, "map key is \(key.utf8.count) bytes; the limit is \(CRDTLimits.maxKeyBytes)")
        }
    }

    // MARK: Maps

    /// Sets `key` of a map to a scalar, overwriting the values this replica sees there.
    /// - Throws: ``CRDTError/Code/containerNotFound`` or ``CRDTError/Code/wrongContainerKind``.
    public mutating func set(_ key: String, _ value: ScalarValue, in map: ContainerID = .root) throws(CRDTError) {
        try write(key, .scalar(value), in: map)
    }

    /// Puts a new, empty container at `key` of a map and returns its id.
    @discardableResult
    public mutating func makeContainer(_ kind: ContainerKind, at key: String, in map: ContainerID = .root)
        throws(CRDTError) -> ContainerID
    {
        let id = nextID
        try write(key, .newContainer(kind), in: map)
        return ContainerID(id)
    }

    private mutating func write(_ key: String, _ value: ElementValue, in map: ContainerID) throws(CRDTError) {
        try document.requireContainer(map, .map, known: Self.allKnown)
        try checkKey(key)
        let pred = document.maps[map]?.visibleIDs(key) ?? []
        undoSteps.append(.restoreMapKey(container: map, key: key, entries: document.maps[map]?.entries[key]))
        var ignored: [Patch] = []
        document.writeMap(map, key: key, pred: pred, newEntry: MapEntry(id: nextID, value: value), patches: &ignored)
        if case .newContainer = value { undoSteps.append(.removeContainer(ContainerID(nextID))) }
        record(.mapSet(container: map, key: key, value: value, pred: pred))
    }

    /// Removes every value this replica sees at `key`. Does nothing if the key has no value.
    public mutating func removeKey(_ key: String, in map: ContainerID = .root) throws(CRDTError) {
        try document.requireContainer(map, .map, known: Self.allKnown)
        try checkKey(key)
        let pred = document.maps[map]?.visibleIDs(key) ?? []
        guard !pred.isEmpty else { return }
        undoSteps.append(.restoreMapKey(container: map, key: key, entries: document.maps[map]?.entries[key]))
        var ignored: [Patch] = []
        document.writeMap(map, key: key, pred: pred, newEntry: nil, patches: &ignored)
        record(.mapDelete(container: map, key: key, pred: pred))
    }

    // MARK: Text

    /// Inserts `text` at position `index` (in Unicode scalars) of a text container.
    /// - Throws: ``CRDTError/Code/indexOutOfBounds`` when `index` is beyond the text's length.
    public mutating func insertText(_ text: String, at index: Int, in container: ContainerID) throws(CRDTError) {
        try document.requireContainer(container, .text, known: Self.allKnown)
        guard !text.isEmpty else { return }
        let length = document.texts[container]?.visibleCount ?? 0
        guard index >= 0, index <= length else {
            throw CRDTError(.indexOutOfBounds, "insert at \(index) in a text of length \(length)")
        }
        let firstID = nextID
        guard
            let origins = document.texts.withValue(
                forKey: container, { state in state.insertLocal(text: text, at: index, firstID: firstID) })
        else { return }
        undoSteps.append(.removeInserted(container: container, kind: .text, first: firstID, count: origins.count))
        record(
            .insert(
                container: container, originLeft: origins.originLeft, originRight: origins.originRight,
                content: .text(text)))
    }

    /// Replaces `deleteCount` scalars at `index` with `text` — the editor's splice.
    public mutating func spliceText(
        at index: Int, deleting deleteCount: Int, inserting text: String, in container: ContainerID
    ) throws(CRDTError) {
        try delete(at: index, count: deleteCount, in: container)
        try insertText(text, at: index, in: container)
    }

    // MARK: Lists

    /// Inserts scalar values at `index` of a list.
    public mutating func insert(_ values: [ScalarValue], at index: Int, in list: ContainerID) throws(CRDTError) {
        try insertElements(values.map { .scalar($0) }, at: index, in: list)
    }

    /// Inserts a new, empty container at `index` of a list and returns its id.
    @discardableResult
    public mutating func insertContainer(_ kind: ContainerKind, at index: Int, in list: ContainerID) throws(CRDTError)
        -> ContainerID
    {
        let id = nextID
        try insertElements([.newContainer(kind)], at: index, in: list)
        return ContainerID(id)
    }

    private mutating func insertElements(_ values: [ElementValue], at index: Int, in list: ContainerID)
        throws(CRDTError)
    {
        try document.requireContainer(list, .list, known: Self.allKnown)
        guard !values.isEmpty else { return }
        let length = document.lists[list]?.visibleCount ?? 0
        guard index >= 0, index <= length else {
            throw CRDTError(.indexOutOfBounds, "insert at \(index) in a list of length \(length)")
        }
        let firstID = nextID
        guard
            let origins = document.lists.withValue(
                forKey: list, { state in state.insertLocal(values, at: index, firstID: firstID) })
        else { return }
        undoSteps.append(.removeInserted(container: list, kind: .list, first: firstID, count: values.count))
        for (offset, value) in values.enumerated() {
            let elementID = OpID(counter: firstID.counter + UInt64(offset), actor: actor)
            _ = document.materialize(value, id: elementID, parent: ParentSlot(parent: list, slot: .element(elementID)))
            if case .newContainer = value { undoSteps.append(.removeContainer(ContainerID(elementID))) }
        }
        record(
            .insert(
                container: list, originLeft: origins.originLeft, originRight: origins.originRight,
                content: .values(values)))
    }

    // MARK: Lists and text

    /// Deletes `count` elements (list) or scalars (text) starting at `index`.
    /// - Throws: ``CRDTError/Code/indexOutOfBounds`` when the range is not inside the sequence.
    public mutating func delete(at index: Int, count: Int, in container: ContainerID) throws(CRDTError) {
        let kind = try document.requireSequence(container, known: Self.allKnown)
        guard count > 0 else { return }
        let length =
            (kind == .text ? document.texts[container]?.visibleCount : document.lists[container]?.visibleCount) ?? 0
        guard index >= 0, index <= length, count <= length - index else {
            throw CRDTError(.indexOutOfBounds, "delete \(count) at \(index) in a \(kind) of length \(length)")
        }
        let targets =
            (kind == .text
                ? document.texts.withValue(forKey: container) { text in text.deleteLocal(at: index, count: count) }
                : document.lists.withValue(forKey: container) { list in list.deleteLocal(at: index, count: count) })
            ?? []
        undoSteps.append(.undelete(container: container, kind: kind, targets: targets))
        record(.delete(container: container, targets: targets))
    }

    // MARK: Counters

    /// Adds `delta` to a counter.
    public mutating func increment(_ counter: ContainerID, by delta: Int64 = 1) throws(CRDTError) {
        try document.requireContainer(counter, .counter, known: Self.allKnown)
        document.counters.withValue(forKey: counter) { $0 &+= delta }
        undoSteps.append(.decrement(container: counter, delta: delta))
        record(.increment(container: counter, delta: delta))
    }
}

@available(*, unavailable)
extension Transaction: Sendable {}
