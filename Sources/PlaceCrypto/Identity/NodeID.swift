internal import CSodium

/// A node's identity: its Ed25519 public key. Shown to people as base32 text with a 4-byte checksum, so
/// a mistyped or truncated id is caught instead of naming someone else.
///
/// ```swift
/// let id = try NodeID(parsing: "ab3f…")     // throws on a typo
/// try id.verify(signature, for: bytes, context: .envelope)
/// ```
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The Ed25519 public key.
    public let publicKey: [UInt8]

    /// The length of the public key.
    public static let byteCount = 32
    static let checksumCount = 4

    /// Wraps an Ed25519 public key.
    /// - Throws: ``CryptoError/Code/invalidKey`` unless it is 32 bytes.
    public init(publicKey: [UInt8]) throws(CryptoError) {
        guard publicKey.count == Self.byteCount else {
            throw CryptoError(
                .invalidKey, "a node id is a \(Self.byteCount)-byte Ed25519 public key, got \(publicKey.count) bytes")
        }
        self.publicKey = publicKey
    }

    /// Parses the text form; case, spaces and dashes are ignored.
    /// - Throws: ``CryptoError/Code/malformed`` for characters outside base32 or a wrong length,
    ///   ``CryptoError/Code/badChecksum`` when the checksum does not match (a typo).
    public init(parsing text: String) throws(CryptoError) {
        let cleaned = text.lowercased().filter { $0 != "-" && $0 != " " }
        guard let bytes = Base32.decode(cleaned), bytes.count == Self.byteCount + Self.checksumCount else {
            throw CryptoError(.malformed, "a node id is \(Self.textLength) base32 characters (a-z, 2-7)")
        }
        let key = Array(bytes.prefix(Self.byteCount))
        guard constantTimeEquals(Array(bytes.suffix(Self.checksumCount)), Self.checksum(key)) else {
            throw CryptoError(.badChecksum, "the node id's checksum does not match: check it for typos")
        }
        try self.init(publicKey: key)
    }

    /// The number of characters in the text form.
    public static let textLength = ((byteCount + checksumCount) * 8 + 4) / 5

    /// The text form: base32 (RFC 4648 alphabet, lowercase, no padding) of the key and its checksum.
    public var text: String { Base32.encode(publicKey + Self.checksum(publicKey)) }

    public var description: String { text }

    static func checksum(_ key: [UInt8]) -> [UInt8] {
        Array(Blake2b.hash(Array("placesync/node-id".utf8) + key, outputLength: 16).prefix(checksumCount))
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.publicKey.lexicographicallyPrecedes(rhs.publicKey) }

    /// Checks that `signature` was made by this node over `message` in `context`.
    /// - Throws: ``CryptoError/Code/badSignature`` when it was not.
    public func verify(_ signature: Signature, for message: [UInt8], context: SignatureContext) throws(CryptoError) {
        try verifyWithoutContext(signature, for: context.framing(message), context: context.description)
    }

    /// Raw Ed25519 verification of exactly `framed`: for known-answer tests only.
    package func verifyWithoutContext(_ signature: Signature, for framed: [UInt8], context: String = "raw")
        throws(CryptoError)
    {
        try Sodium.ensureInitialized()
        let status = crypto_sign_ed25519_verify_detached(signature.bytes, framed, UInt64(framed.count), publicKey)
        guard status == 0 else {
            throw CryptoError(.badSignature, "signature by \(text.prefix(12))… does not verify for \(context)")
        }
    }

    /// The X25519 public key derived from this Ed25519 key (what the node uses as its Noise static key).
    /// - Throws: ``CryptoError/Code/invalidKey`` if the key is not a valid Ed25519 point.
    public func x25519PublicKey() throws(CryptoError) -> [UInt8] {
        try Sodium.ensureInitialized()
        var output = [UInt8](repeating: 0, count: 32)
        guard crypto_sign_ed25519_pk_to_curve25519(&output, publicKey) == 0 else {
            throw CryptoError(.invalidKey, "node id \(text.prefix(12))… is not a valid Ed25519 public key")
        }
        return output
    }
}

/// RFC 4648 base32, lowercase, without padding.
package enum Base32 {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    package static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    package static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.utf8 {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
        }
        // Leftover bits must be zero padding, so every byte string has exactly one text form.
        guard bits < 5, buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return output
    }
}
