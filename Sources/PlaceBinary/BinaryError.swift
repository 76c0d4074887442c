/// An error thrown while reading bytes: the input is truncated, malformed or larger than allowed.
///
/// Decoders built on ``ByteReader`` throw this error (or wrap it in their own) and never crash on bad
/// input. The `message` names the problem and the byte offset; it never contains the bytes themselves.
public struct BinaryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem was found. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case truncated, malformedVarint, limitExceeded, invalidUTF8, trailingBytes, invalidValue
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input ended before a value was complete.
        public static let truncated = Code(.truncated)
        /// A variable-length integer is longer than 10 bytes or overflows 64 bits.
        public static let malformedVarint = Code(.malformedVarint)
        /// A declared length or count is larger than the decoder's limit or the bytes that remain.
        public static let limitExceeded = Code(.limitExceeded)
        /// A string is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// Bytes remain after a complete value where none were expected.
        public static let trailingBytes = Code(.trailingBytes)
        /// A value is outside the range its format allows.
        public static let invalidValue = Code(.invalidValue)

        public var description: String {
            switch base {
            case .truncated: "truncated"
            case .malformedVarint: "malformedVarint"
            case .limitExceeded: "limitExceeded"
            case .invalidUTF8: "invalidUTF8"
            case .trailingBytes: "trailingBytes"
            case .invalidValue: "invalidValue"
            }
        }
    }

    /// What kind of problem was found.
    public var code: Code
    /// A human-readable explanation naming the field and what was expected. Contains no input bytes.
    public var message: String
    /// The byte offset in the input where the problem was found.
    public var offset: Int

    /// Creates an error.
    public init(_ code: Code, _ message: String, offset: Int) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String { "BinaryError.\(code) at byte \(offset): \(message)" }
}
