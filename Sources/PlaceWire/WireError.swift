/// An error from PlaceWire: bytes that are not a valid envelope or message, or an envelope that fails its
/// checks. Messages never contain plaintext or key material.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformed, unsupportedVersion, limitExceeded, invalidHeader, badSignature, decryptionFailed, wrongKind
            case wrongEpoch
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Truncated, corrupt or non-canonical bytes.
        public static let malformed = Code(.malformed)
        /// A format version this build does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A size beyond the documented limits.
        public static let limitExceeded = Code(.limitExceeded)
        /// A header whose fields contradict each other (seq, previous hash, dependencies).
        public static let invalidHeader = Code(.invalidHeader)
        /// The author's signature does not verify.
        public static let badSignature = Code(.badSignature)
        /// The body does not decrypt or unpad with the epoch key.
        public static let decryptionFailed = Code(.decryptionFailed)
        /// An operation that needs another envelope kind (opening a membership envelope as content).
        public static let wrongKind = Code(.wrongKind)
        /// The key given is for another epoch than the envelope's.
        public static let wrongEpoch = Code(.wrongEpoch)

        public var description: String { "\(base)" }
    }

    /// What went wrong.
    public var code: Code
    /// What was wrong and what to do.
    public var message: String

    /// The error underneath, if any (a decoder's, libsodium's, the file system's). Not part of equality.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public static func == (lhs: WireError, rhs: WireError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }

    public var description: String { "WireError.\(code): \(message)" }
}
