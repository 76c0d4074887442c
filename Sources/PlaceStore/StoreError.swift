/// What went wrong in the replica store. Messages never contain document contents or keys.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case corrupt, newerSchema, io, busy, notFound, invalidArgument, full
        }
        private let value: Value

        /// The database failed an integrity check or holds data that cannot be read.
        public static let corrupt = Code(value: .corrupt)
        /// The database was written by a newer PlaceSync (its schema version is unknown here): upgrade.
        public static let newerSchema = Code(value: .newerSchema)
        /// The file could not be opened, read or written.
        public static let io = Code(value: .io)
        /// Another process held the database longer than the busy timeout.
        public static let busy = Code(value: .busy)
        /// A row that must exist does not.
        public static let notFound = Code(value: .notFound)
        /// A value passed in is out of range.
        public static let invalidArgument = Code(value: .invalidArgument)
        /// The disk (or the replica's size limit) is full: nothing of the failed write was kept.
        public static let full = Code(value: .full)

        public var description: String { "\(value)" }
    }

    /// The kind of failure.
    public let code: Code
    /// What failed and what to do next.
    public let message: String
    /// The error underneath (for example SQLite's), if any.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "StoreError(\(code)): \(message)" }
}
