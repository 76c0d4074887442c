internal import CSodium

/// A Noise CipherState (Noise spec §5.1) with ChaCha20-Poly1305 (IETF): a key and a 64-bit nonce counter
/// that lives only in memory for the life of one session.
public struct NoiseCipherState: Sendable {
    private var key: SecureBytes?
    /// The next nonce.
    public private(set) var nonce: UInt64 = 0

    /// The largest Noise message, handshake or transport (65,535 bytes).
    public static let maxMessageLength = 65_535
    static let tagCount = 16

    init(key: SecureBytes?) {
        self.key = key
    }

    /// Whether a key is set (before the first DH of a handshake there is none).
    var hasKey: Bool { key != nil }

    /// The 12-byte Noise nonce (4 zero bytes, then the counter little-endian) in a stack buffer.
    private static func withNonce<Result>(_ counter: UInt64, _ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 12) { buffer in
            for index in 0..<4 { buffer[index] = 0 }
            for index in 0..<8 { buffer[4 + index] = UInt8(truncatingIfNeeded: counter >> UInt64(index * 8)) }
            guard let base = buffer.baseAddress else { preconditionFailure("a 12-byte allocation has an address") }
            return body(UnsafePointer(base))
        }
    }

    /// Encrypts with associated data and advances the nonce. Without a key, returns the plaintext.
    /// - Throws: ``CryptoError/Code/nonceExhausted`` after 2^64 − 1 messages,
    ///   ``CryptoError/Code/messageTooLarge`` beyond 65,535 bytes of ciphertext.
    public mutating func encrypt(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        guard let key else { return plaintext }
        guard nonce < UInt64.max else {
            throw CryptoError(.nonceExhausted, "this session has used every nonce; reconnect")
        }
        guard plaintext.count + Self.tagCount <= Self.maxMessageLength else {
            throw CryptoError(
                .messageTooLarge,
                "a Noise message carries at most \(Self.maxMessageLength - Self.tagCount) bytes of plaintext")
        }
        let counter = nonce
        let output = [UInt8](unsafeUninitializedCapacity: plaintext.count + Self.tagCount) { rawBuffer, initialized in
            let buffer = UnsafeMutableRawBufferPointer(rawBuffer).mutableBytes
            var outputLength: UInt64 = 0
            Self.withNonce(counter) { nonceBytes in
                key.withUnsafeBytes { key in
                    _ = crypto_aead_chacha20poly1305_ietf_encrypt(
                        buffer, &outputLength, plaintext, UInt64(plaintext.count), associatedData,
                        UInt64(associatedData.count), nil, nonceBytes, key.bytes)
                }
            }
            initialized = Int(outputLength)
        }
        nonce += 1
        return output
    }

    /// Decrypts with associated data and advances the nonce (only on success). Without a key, returns
    /// the input.
    /// - Throws: ``CryptoError/Code/decryptionFailed`` when authentication fails.
    public mutating func decrypt(_ ciphertext: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        guard let key else { return ciphertext }
        guard nonce < UInt64.max else {
            throw CryptoError(.nonceExhausted, "this session has used every nonce; reconnect")
        }
        guard ciphertext.count >= Self.tagCount, ciphertext.count <= Self.maxMessageLength else {
            throw CryptoError(.invalidLength, "a Noise ciphertext is 16 to 65,535 bytes, got \(ciphertext.count)")
        }
        let counter = nonce
        var status: Int32 = -1
        // One spare byte keeps the buffer non-empty when the plaintext is.
        let output = [UInt8](unsafeUninitializedCapacity: ciphertext.count - Self.tagCount + 1) {
            rawBuffer, initialized in
            let buffer = UnsafeMutableRawBufferPointer(rawBuffer).mutableBytes
            var outputLength: UInt64 = 0
            Self.withNonce(counter) { nonceBytes in
                status = key.withUnsafeBytes { key in
                    crypto_aead_chacha20poly1305_ietf_decrypt(
                        buffer, &outputLength, nil, ciphertext, UInt64(ciphertext.count), associatedData,
                        UInt64(associatedData.count), nonceBytes, key.bytes)
                }
            }
            initialized = status == 0 ? Int(outputLength) : 0
        }
        guard status == 0 else {
            throw CryptoError(.decryptionFailed, "a Noise message failed authentication (message \(nonce))")
        }
        nonce += 1
        return output
    }

    /// Replaces the key with `ENCRYPT(k, 2^64 − 1, "", 32 zero bytes)[0..<32]` (Noise §4.2 REKEY).
    /// Both sides must rekey at the same point in the stream.
    public mutating func rekey() throws(CryptoError) {
        guard let current = key else { return }
        let zeros = [UInt8](repeating: 0, count: 32)
        var output = [UInt8](repeating: 0, count: 48)
        var outputLength: UInt64 = 0
        Self.withNonce(UInt64.max) { nonceBytes in
            current.withUnsafeBytes { key in
                _ = crypto_aead_chacha20poly1305_ietf_encrypt(
                    &output, &outputLength, zeros, 32, nil, 0, nil, nonceBytes, key.bytes)
            }
        }
        key = try SecureBytes(copying: output.prefix(32))
        sodium_memzero(&output, output.count)
    }
}
