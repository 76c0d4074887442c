/// What a member of a space may do.
public enum MemberRole: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Manages members (add, change role, remove) and writes content.
    case admin = 1
    /// Reads and writes content.
    case writer = 2
    /// Reads content.
    case reader = 3
    /// Verifies and forwards envelopes; never receives a content key.
    case relay = 4

    /// Whether the role may write content envelopes.
    public var canWrite: Bool { self == .admin || self == .writer }
    /// Whether the role receives content keys.
    public var readsContent: Bool { self != .relay }

    public var description: String {
        switch self {
        case .admin: "admin"
        case .writer: "writer"
        case .reader: "reader"
        case .relay: "relay"
        }
    }
}
