/// A leaf value stored in a map register or a list element.
///
/// Doubles compare by their bit pattern, so `NaN == NaN` and `0.0 != -0.0`: equality here means
/// "encodes to the same bytes", which is what convergence checks need.
public enum ScalarValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)

    public static func == (lhs: ScalarValue, rhs: ScalarValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.double(a), .double(b)): a.bitPattern == b.bitPattern
        case let (.string(a), .string(b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(1); hasher.combine(value)
        case .int(let value): hasher.combine(2); hasher.combine(value)
        case .double(let value): hasher.combine(3); hasher.combine(value.bitPattern)
        case .string(let value): hasher.combine(4); hasher.combine(value)
        }
    }
}

/// The kinds of container a document is built from.
public enum ContainerKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// String keys to registers; concurrent writes to one key are all kept as conflicts.
    case map = 1
    /// An ordered sequence of values and nested containers.
    case list = 2
    /// An ordered sequence of Unicode scalar values, edited by position.
    case text = 3
    /// A 64-bit integer that concurrent increments add to.
    case counter = 4

    public var description: String {
        switch self {
        case .map: "map"
        case .list: "list"
        case .text: "text"
        case .counter: "counter"
        }
    }
}

/// What an operation writes into a map key or a list element: a scalar, or a new empty container whose
/// id is the writing operation's id.
public enum ElementValue: Hashable, Sendable {
    case scalar(ScalarValue)
    case newContainer(ContainerKind)
}

/// A value read from a map key or list element.
public enum DocumentValue: Hashable, Sendable {
    case scalar(ScalarValue)
    case container(ContainerID, ContainerKind)
}
