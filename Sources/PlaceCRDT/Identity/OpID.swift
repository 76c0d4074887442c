/// The identity of one operation, and of one element of a list or text: a Lamport counter and an actor.
///
/// Operation ids are totally ordered by `(counter, actor)`. Every operation in a change gets its own
/// counter: the change's Lamport start, plus one for each element inserted or operation made before it.
public struct OpID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The Lamport counter, at least 1 for a real operation.
    public let counter: UInt64
    /// The actor that made the operation.
    public let actor: ActorID

    /// Creates an operation id.
    public init(counter: UInt64, actor: ActorID) {
        self.counter = counter
        self.actor = actor
    }

    public static func < (lhs: OpID, rhs: OpID) -> Bool {
        if lhs.counter != rhs.counter { return lhs.counter < rhs.counter }
        return lhs.actor < rhs.actor
    }

    public var description: String { "\(counter)@\(actor)" }
}

/// Identifies a container in a document: the root map, or the operation that created the container.
public struct ContainerID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id of the creating operation; counter 0 (never used by an operation) marks the root.
    package let opID: OpID

    package init(_ opID: OpID) {
        self.opID = opID
    }

    /// The document's root map. It always exists and cannot be deleted.
    public static let root = ContainerID(OpID(counter: 0, actor: .zero))

    /// Whether this is the root map.
    public var isRoot: Bool { opID.counter == 0 }

    /// The operation that created the container, or `nil` for the root.
    public var creatingOperation: OpID? { isRoot ? nil : opID }

    public static func < (lhs: ContainerID, rhs: ContainerID) -> Bool { lhs.opID < rhs.opID }

    public var description: String { isRoot ? "root" : opID.description }
}
