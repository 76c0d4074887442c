/// An error from PlaceCRDT: a change or encoding that is invalid, or an edit that cannot be made.
///
/// The `message` says what was wrong and what to do; it never contains document content.
public struct CRDTError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformedEncoding, unsupportedVersion, limitExceeded, invalidChange, lamportMismatch
            case conflictingChange, unknownReference, containerNotFound, wrongContainerKind, indexOutOfBounds
            case actorReused, pendingLimit
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Bytes that are truncated, corrupt or not canonical.
        public static let malformedEncoding = Code(.malformedEncoding)
        /// An encoding with a version this build does not understand.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A size or count beyond the documented limits.
        public static let limitExceeded = Code(.limitExceeded)
        /// A change whose header is inconsistent (sequence number, dependencies, no operations).
        public static let invalidChange = Code(.invalidChange)
        /// A change whose Lamport start is not 1 + the largest Lamport counter of its dependencies.
        public static let lamportMismatch = Code(.lamportMismatch)
        /// A different change with the same actor and sequence number is already known (equivocation).
        public static let conflictingChange = Code(.conflictingChange)
        /// An operation names an id that is not in its change's causal past or not in that container.
        public static let unknownReference = Code(.unknownReference)
        /// No container with the given id exists in the document.
        public static let containerNotFound = Code(.containerNotFound)
        /// The container exists but is of another kind than the edit needs.
        public static let wrongContainerKind = Code(.wrongContainerKind)
        /// A position or range outside the sequence.
        public static let indexOutOfBounds = Code(.indexOutOfBounds)
        /// The local actor already has changes in this log that this replica has not applied: writing
        /// now would reuse a sequence number. Use a fresh actor id.
        public static let actorReused = Code(.actorReused)
        /// Too many changes are waiting for missing dependencies.
        public static let pendingLimit = Code(.pendingLimit)

        public var description: String { "\(base)" }
    }

    /// What went wrong.
    public var code: Code
    /// What was wrong and what to do; never contains document content.
    public var message: String
    /// The error this one wraps, for example a `BinaryError` (PlaceBinary) from a decoder.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public static func == (lhs: CRDTError, rhs: CRDTError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }

    public var description: String { "CRDTError.\(code): \(message)" }
}
