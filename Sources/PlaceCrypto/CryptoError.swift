/// An error from PlaceCrypto: a check that failed (signature, authentication tag, checksum) or an input
/// of the wrong shape. Messages never contain key material or plaintext.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case libraryUnavailable, invalidKey, invalidLength, badSignature, decryptionFailed, badPadding
            case badChecksum, malformed, unsupportedVersion, wrongPassphrase, insecureFile, fileSystem
            case handshakeFailed, identityMismatch, messageTooLarge, nonceExhausted, randomFailure
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// libsodium could not be initialised.
        public static let libraryUnavailable = Code(.libraryUnavailable)
        /// A key has the wrong length or is not a valid point.
        public static let invalidKey = Code(.invalidKey)
        /// An input has the wrong length.
        public static let invalidLength = Code(.invalidLength)
        /// A signature does not verify for this signer, context and message.
        public static let badSignature = Code(.badSignature)
        /// Authenticated decryption failed: wrong key, or the ciphertext, nonce, tag or associated data
        /// were changed.
        public static let decryptionFailed = Code(.decryptionFailed)
        /// Decrypted data is not correctly padded.
        public static let badPadding = Code(.badPadding)
        /// A node id's checksum does not match: it was mistyped or truncated.
        public static let badChecksum = Code(.badChecksum)
        /// Bytes that do not have the expected structure.
        public static let malformed = Code(.malformed)
        /// A format version this build does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The passphrase does not open the key file.
        public static let wrongPassphrase = Code(.wrongPassphrase)
        /// A key file that other users can read, or that is not a regular file.
        public static let insecureFile = Code(.insecureFile)
        /// Reading or writing a file failed.
        public static let fileSystem = Code(.fileSystem)
        /// A Noise handshake message failed to decrypt or arrived out of turn.
        public static let handshakeFailed = Code(.handshakeFailed)
        /// The node key a peer presented does not belong to its Noise static key.
        public static let identityMismatch = Code(.identityMismatch)
        /// A message larger than the protocol allows.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// A Noise cipher state used all its nonces; the session must end.
        public static let nonceExhausted = Code(.nonceExhausted)
        /// The system random number generator failed.
        public static let randomFailure = Code(.randomFailure)

        public var description: String { "\(base)" }
    }

    /// What went wrong.
    public var code: Code
    /// What was wrong and what to do. Never contains key material or plaintext.
    public var message: String

    /// The error underneath, if any (a decoder's, libsodium's, the file system's). Not part of equality.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }

    public var description: String { "CryptoError.\(code): \(message)" }
}
