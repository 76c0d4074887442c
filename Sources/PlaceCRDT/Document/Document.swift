/// A JSON-like tree of CRDT containers: a root map holding scalars and nested maps, lists, texts and
/// counters.
///
/// `Document` is a value type: copies are cheap and independent. It changes only through
/// ``ChangeLog/transact(document:actor:_:)`` (local edits) and ``ChangeLog/receive(_:)-([Change])`` (remote
/// changes), or by loading a snapshot with ``Document/init(snapshot:)``.
///
/// Text positions and lengths count **Unicode scalar values** — the unit of the editing traces that
/// PlaceSync is measured against, and the only unit that is the same in every language binding
/// (UTF-16 counts differ for astral characters and grapheme clusters change with Unicode versions).
///
/// Two documents are equal when they hold the same state, whatever order their changes arrived in;
/// equal documents have byte-identical snapshots.
public struct Document: Sendable {
    package var kinds = ContainerTable<ContainerKind>()
    package var maps = ContainerTable<MapState>()
    package var texts = ContainerTable<SequenceState<Unicode.Scalar>>()
    package var lists = ContainerTable<SequenceState<ElementValue>>()
    package var counters = ContainerTable<Int64>()
    /// Where each container was created: the parent container and the key or element that holds it.
    package var parents = ContainerTable<ParentSlot>()

    /// An empty document: just the root map.
    public init() {
        kinds = ContainerTable(.root, .map)
        maps = ContainerTable(.root, MapState())
    }

    /// A document without even its root map, which allocates nothing: only to stand in for a document
    /// moved out of a value that is about to end (see `Transaction.takeDocument()`), never to be read.
    package init(placeholder: Void) {}

    /// The kind of container `id`, or `nil` if the document has no such container.
    public func kind(of id: ContainerID) -> ContainerKind? { kinds[id] }

    /// Every container id, in ascending order (the root first), including deleted ones.
    public var containerIDs: [ContainerID] { kinds.keys.sorted() }

    /// Registers a new, empty container created by operation `id`.
    package mutating func createContainer(_ kind: ContainerKind, id: ContainerID, parent: ParentSlot?) {
        kinds.updateValue(kind, forKey: id)
        switch kind {
        case .map: maps.updateValue(MapState(), forKey: id)
        case .list: lists.updateValue(SequenceState(), forKey: id)
        case .text: texts.updateValue(SequenceState(), forKey: id)
        case .counter: counters.updateValue(0, forKey: id)
        }
        if let parent { parents.updateValue(parent, forKey: id) } else { parents.removeValue(forKey: id) }
    }

    /// Checks internal consistency; traps on a bug (never on bad input, which decoders reject).
    /// Public for tests and fuzz harnesses in other packages; not API.
    public func _checkInvariants() {
        precondition(kinds[.root] == .map, "the root must be a map")
        precondition(
            kinds.count == maps.count + texts.count + lists.count + counters.count, "container tables disagree")
        for (id, kind) in kinds {
            switch kind {
            case .map: precondition(maps[id] != nil, "map \(id) has no state")
            case .list: precondition(lists[id] != nil, "list \(id) has no state")
            case .text: precondition(texts[id] != nil, "text \(id) has no state")
            case .counter: precondition(counters[id] != nil, "counter \(id) has no state")
            }
        }
        for map in maps.values { map._checkInvariants() }
        for text in texts.values { text._checkInvariants() }
        for list in lists.values { list._checkInvariants() }
    }
}

/// Where a container lives: under a key of a parent map or as an element of a parent list.
package struct ParentSlot: Hashable, Sendable {
    package enum Slot: Hashable, Sendable {
        case key(String)
        case element(OpID)
    }
    package var parent: ContainerID
    package var slot: Slot
}

extension Document: Equatable {
    /// Documents are equal when their canonical snapshots are equal.
    public static func == (lhs: Document, rhs: Document) -> Bool {
        lhs.snapshot() == rhs.snapshot()
    }
}
