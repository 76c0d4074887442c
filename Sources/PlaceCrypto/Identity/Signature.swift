/// A detached Ed25519 signature (64 bytes).
public struct Signature: Hashable, Sendable {
    /// The signature's bytes.
    public let bytes: [UInt8]

    /// The length of a signature.
    public static let byteCount = 64

    /// Wraps 64 signature bytes.
    /// - Throws: ``CryptoError/Code/invalidLength`` for any other length.
    public init(bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == Self.byteCount else {
            throw CryptoError(.invalidLength, "a signature is \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }
}
