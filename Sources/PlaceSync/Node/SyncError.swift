/// What went wrong in the node. Messages never contain keys or document contents.
public struct SyncError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case alreadyExists, notFound, unknownSpace, noKey, authorFrozen, notPermitted, invalidInput, storage,
                identity, network
            case inviteInvalid, inviteExpired, inviteUsed, inviteWrongRecipient
        }
        private let value: Value

        /// `create` found a replica already there.
        public static let alreadyExists = Code(value: .alreadyExists)
        /// No replica (or no such item) at the given place.
        public static let notFound = Code(value: .notFound)
        /// The space is not held by this replica.
        public static let unknownSpace = Code(value: .unknownSpace)
        /// No content key for the space or epoch.
        public static let noKey = Code(value: .noKey)
        /// This node's author was frozen in the space (an equivocation proof names it): rotate the key.
        public static let authorFrozen = Code(value: .authorFrozen)
        /// This node's role in the space does not allow the act (write content, manage members).
        public static let notPermitted = Code(value: .notPermitted)
        /// An invite (or its redemption) is not one, was altered, or was not signed by an admin.
        public static let inviteInvalid = Code(value: .inviteInvalid)
        /// The invite is past its expiry.
        public static let inviteExpired = Code(value: .inviteExpired)
        /// The invite already admitted a node.
        public static let inviteUsed = Code(value: .inviteUsed)
        /// The invite is addressed to another node than the one redeeming it.
        public static let inviteWrongRecipient = Code(value: .inviteWrongRecipient)
        /// An argument was invalid.
        public static let invalidInput = Code(value: .invalidInput)
        /// The replica database failed (see `underlying`).
        public static let storage = Code(value: .storage)
        /// The node's key file could not be read or written.
        public static let identity = Code(value: .identity)
        /// A peer could not be reached, or the connection failed; try again later.
        public static let network = Code(value: .network)

        public var description: String { "\(value)" }
    }

    /// The kind of failure.
    public let code: Code
    /// What failed and what to do next.
    public let message: String
    /// The error underneath, if any.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "SyncError(\(code)): \(message)" }
}
