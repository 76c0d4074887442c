internal import CSodium

/// The XChaCha20-Poly1305 key that encrypts content bodies of one epoch.
///
/// Every seal draws a fresh random 24-byte nonce (safe for XChaCha at any realistic volume); no nonce or
/// counter is ever stored, so restoring a backup cannot cause reuse (RELIABILITY.md D32).
public struct ContentKey: Sendable {
    let key: SecureBytes
    /// The epoch the key belongs to.
    public let epoch: UInt64

    init(key: SecureBytes, epoch: UInt64) {
        self.key = key
        self.epoch = epoch
    }

    /// A key from raw bytes, for known-answer tests only.
    package init(testKey: [UInt8], epoch: UInt64) throws(CryptoError) {
        guard testKey.count == 32 else { throw CryptoError(.invalidKey, "an XChaCha20-Poly1305 key is 32 bytes") }
        self.init(key: try SecureBytes(copying: testKey), epoch: epoch)
    }

    /// Bytes a sealed body adds: the nonce and the tag.
    public static let overhead = nonceCount + tagCount
    static let nonceCount = 24
    static let tagCount = 16

    /// Encrypts `plaintext` with `associatedData` authenticated alongside.
    /// - Returns: `nonce (24) || ciphertext || tag (16)`.
    public func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8] {
        try seal(plaintext, associatedData: associatedData, nonce: Sodium.randomBytes(Self.nonceCount))
    }

    /// Seals with a caller-chosen nonce: for known-answer tests only — real seals always draw a random one.
    package func seal(_ plaintext: [UInt8], associatedData: [UInt8], nonce: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard nonce.count == Self.nonceCount else {
            throw CryptoError(.invalidLength, "an XChaCha20 nonce is 24 bytes")
        }
        var output = [UInt8](repeating: 0, count: plaintext.count + Self.tagCount)
        var outputLength: UInt64 = 0
        key.withUnsafeBytes { key in
            _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                &output, &outputLength, plaintext, UInt64(plaintext.count), associatedData,
                UInt64(associatedData.count),
                nil, nonce, key.bytes)
        }
        return nonce + output
    }

    /// Decrypts what ``seal(_:associatedData:)`` produced.
    /// - Throws: ``CryptoError/Code/decryptionFailed`` if the key, nonce, ciphertext, tag or associated
    ///   data differ in any bit; ``CryptoError/Code/invalidLength`` if it is too short to be sealed.
    public func open(_ sealed: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= Self.overhead else {
            throw CryptoError(.invalidLength, "a sealed body is at least \(Self.overhead) bytes, got \(sealed.count)")
        }
        let nonce = Array(sealed.prefix(Self.nonceCount))
        let ciphertext = Array(sealed.dropFirst(Self.nonceCount))
        var output = [UInt8](repeating: 0, count: ciphertext.count - Self.tagCount)
        var outputLength: UInt64 = 0
        let status = key.withUnsafeBytes { key in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                &output, &outputLength, nil, ciphertext, UInt64(ciphertext.count), associatedData,
                UInt64(associatedData.count), nonce, key.bytes)
        }
        guard status == 0 else {
            throw CryptoError(
                .decryptionFailed, "the body does not decrypt with the epoch \(epoch) key: wrong key or tampered data")
        }
        return output
    }
}
