/// One edit to one container of a document. A ``Change`` carries one or more operations.
///
/// Operations name other operations by ``OpID``: a map write names the values it overwrites (`pred`),
/// a sequence insert names its neighbours at the time of insertion (`originLeft`, `originRight`), a
/// delete names the elements it removes. Every id an operation names must be in the causal past of
/// its change; otherwise the change is rejected, the same way on every replica.
public enum Operation: Hashable, Sendable {
    /// Writes `value` to `key`, overwriting the register values `pred` (those the writer could see).
    case mapSet(container: ContainerID, key: String, value: ElementValue, pred: [OpID])
    /// Removes the register values `pred` from `key`; concurrent writes the deleter did not see stay.
    case mapDelete(container: ContainerID, key: String, pred: [OpID])
    /// Inserts elements between `originLeft` and `originRight` (`nil`: the start or the end).
    /// The n-th element gets the operation's id plus n.
    indirect case insert(container: ContainerID, originLeft: OpID?, originRight: OpID?, content: SequenceContent)
    /// Marks the elements with the given ids as deleted (they stay as tombstones for ordering).
    case delete(container: ContainerID, targets: [IDRange])
    /// Adds `delta` to a counter (wrapping on overflow, identically everywhere).
    case increment(container: ContainerID, delta: Int64)

    /// The container the operation edits.
    public var container: ContainerID {
        switch self {
        case .mapSet(let container, _, _, _), .mapDelete(let container, _, _), .insert(let container, _, _, _),
            .delete(let container, _), .increment(let container, _):
            container
        }
    }

    /// Whether every id the operation names (container, preds, origins, targets) is by `actor` or is the
    /// root: then a change's actor table is empty and encoding can skip building it.
    func referencesOnly(_ actor: ActorID) -> Bool {
        if !container.isRoot && container.opID.actor != actor { return false }
        switch self {
        case .mapSet(_, _, _, let pred), .mapDelete(_, _, let pred):
            return pred.allSatisfy { $0.actor == actor }
        case .insert(_, let left, let right, _):
            return (left?.actor ?? actor) == actor && (right?.actor ?? actor) == actor
        case .delete(_, let targets):
            return targets.allSatisfy { $0.start.actor == actor }
        case .increment:
            return true
        }
    }

    /// The text of a text insert, `nil` for anything else.
    var insertedText: String? {
        guard case .insert(_, _, _, .text(let text)) = self else { return nil }
        return text
    }

    /// How many Lamport counters the operation uses: one per inserted element, else one.
    public var width: UInt64 {
        if case .insert(_, _, _, let content) = self { return UInt64(content.count) }
        return 1
    }
}

/// The elements of a sequence insert: Unicode scalars for text, values for a list.
public enum SequenceContent: Hashable, Sendable {
    /// Text, counted in Unicode scalar values.
    case text(String)
    /// List elements.
    case values([ElementValue])

    /// The number of elements.
    public var count: Int {
        switch self {
        case .text(let text): text.scalarCount
        case .values(let values): values.count
        }
    }
}

/// A run of ids by one actor with consecutive counters: `start`, `start + 1`, … `start + count - 1`.
public struct IDRange: Hashable, Sendable {
    /// The first id.
    public var start: OpID
    /// How many ids, at least 1.
    public var count: UInt64

    /// Creates a range.
    public init(start: OpID, count: UInt64) {
        self.start = start
        self.count = count
    }

    /// Whether `id` lies in the range.
    public func contains(_ id: OpID) -> Bool {
        id.actor == start.actor && id.counter >= start.counter && id.counter - start.counter < count
    }
}
