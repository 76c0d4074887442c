/// One edit to one container of a document. A ``Change`` carries one or more operations.
///
/// Operations name other operations by ``OpID``: a map write names the values it overwrites (`pred`),
/// a sequence insert names its neighbours at the time of insertion (`originLeft`, `originRight`), a
/// delete names the elements it removes. Every id an operation names must be in the causal past of
/// its change; otherwise the change is rejected, the same way on every replica.
///
/// Every case holds one reference (the others are `indirect`; an insert holds its ``SequenceInsert``),
/// so an operation is one word: copying it, as matching a case does, is one retain, and a change's
/// operation array is one cache line for a keystroke. Stored inline, the largest case made an
/// operation 81 bytes, and every match copied and destroyed all of it field by field.
public enum Operation: Hashable, Sendable {
    /// Writes `value` to `key`, overwriting the register values `pred` (those the writer could see).
    indirect case mapSet(container: ContainerID, key: String, value: ElementValue, pred: [OpID])
    /// Removes the register values `pred` from `key`; concurrent writes the deleter did not see stay.
    indirect case mapDelete(container: ContainerID, key: String, pred: [OpID])
    /// Inserts elements between their left and right origins (see ``SequenceInsert``).
    /// The n-th element gets the operation's id plus n.
    case insert(SequenceInsert)
    /// Marks the elements with the given ids as deleted (they stay as tombstones for ordering).
    indirect case delete(container: ContainerID, targets: [IDRange])
    /// Adds `delta` to a counter (wrapping on overflow, identically everywhere).
    indirect case increment(container: ContainerID, delta: Int64)

    /// The container the operation edits.
    public var container: ContainerID {
        switch self {
        case .mapSet(let container, _, _, _), .mapDelete(let container, _, _), .delete(let container, _),
            .increment(let container, _):
            container
        case .insert(let insert): insert.container
        }
    }

    /// Whether every id the operation names (container, preds, origins, targets) is by `actor` or is the
    /// root: then a change's actor table is empty and encoding can skip building it.
    func referencesOnly(_ actor: ActorID) -> Bool {
        if !container.isRoot && container.opID.actor != actor { return false }
        switch self {
        case .mapSet(_, _, _, let pred), .mapDelete(_, _, let pred):
            return pred.allSatisfy { $0.actor == actor }
        case .insert(let insert):
            return (insert.originLeft?.actor ?? actor) == actor && (insert.originRight?.actor ?? actor) == actor
        case .delete(_, let targets):
            return targets.allSatisfy { $0.start.actor == actor }
        case .increment:
            return true
        }
    }

    /// The text of a text insert, `nil` for anything else.
    var insertedText: String? {
        guard case .insert(let insert) = self, case .text(let text) = insert.content else { return nil }
        return text
    }

    /// The byte of a text insert of one ASCII character other than NUL, else 0.
    var singleASCIIByte: UInt8 {
        guard case .insert(let insert) = self else { return 0 }
        return insert.singleASCIIByte
    }

    /// How many Lamport counters the operation uses: one per inserted element, else one.
    public var width: UInt64 {
        // A switch binds the insert alone; `if case` copied the whole operation first.
        switch self {
        case .insert(let insert): UInt64(insert.count)
        case .mapSet, .mapDelete, .delete, .increment: 1
        }
    }
}

extension Operation {
    /// Inserts `content` between `originLeft` and `originRight` (`nil`: the start or the end) of
    /// `container`.
    public static func insert(
        container: ContainerID, originLeft: OpID?, originRight: OpID?, content: SequenceContent
    ) -> Operation {
        .insert(
            SequenceInsert(container: container, originLeft: originLeft, originRight: originRight, content: content))
    }
}

/// What a sequence insert names: its container, the elements it goes between, and what it inserts.
///
/// A class with constant fields, so it has value semantics: an operation holds a reference to it, and
/// reading an insert out of an operation copies that reference, not its fields (a struct or tuple of
/// them, held in the enum or in an `indirect` box, was copied and destroyed field by field, through
/// runtime metadata for a tuple, every time an insert was looked at).
public final class SequenceInsert: Hashable, Sendable {
    /// The list or text inserted into.
    public let container: ContainerID
    /// The element the first inserted element goes after when inserted, `nil` for the start.
    public let originLeft: OpID?
    /// The byte of a text of one ASCII character other than NUL, else 0: most remote inserts are one
    /// keystroke, and a keystroke group reads its text byte by byte without binding each string.
    /// (Declared here, it fills the padding after `originLeft`.)
    let singleASCIIByte: UInt8
    /// The element the last inserted element went before when inserted, `nil` for the end.
    public let originRight: OpID?
    /// The number of elements (scalars of a text), counted once: every change counts its inserts'
    /// widths when it is made or decoded, and applying it counts them again. `UInt32.max` for a count
    /// that large or larger (counted again when asked; no change that large can be sent).
    private let storedCount: UInt32
    /// The inserted elements.
    public let content: SequenceContent

    /// The number of elements (scalars of a text).
    var count: Int { storedCount == .max ? content.count : Int(storedCount) }

    /// Creates an insert's fields.
    public init(container: ContainerID, originLeft: OpID?, originRight: OpID?, content: SequenceContent) {
        self.container = container
        self.originLeft = originLeft
        self.originRight = originRight
        self.content = content
        let count: Int
        switch content {
        case .text(let text):
            count = text.scalarCount
            let bytes = text.utf8
            singleASCIIByte = bytes.count == 1 ? bytes[bytes.startIndex] : 0
        case .values(let values):
            count = values.count
            singleASCIIByte = 0
        }
        storedCount = UInt32(clamping: count)
    }

    public static func == (lhs: SequenceInsert, rhs: SequenceInsert) -> Bool {
        lhs === rhs
            || (lhs.container == rhs.container && lhs.originLeft == rhs.originLeft
                && lhs.originRight == rhs.originRight && lhs.content == rhs.content)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(container)
        hasher.combine(originLeft)
        hasher.combine(originRight)
        hasher.combine(content)
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
