internal import CSodium

/// The XChaCha20-Poly1305 key that encrypts content bodies of one epoch.
///
/// Every seal draws a fresh random 24-byte nonce (safe for XChaCha at any realistic volume); no nonce or
/// counter is ever stored, so restoring a backup cannot cause reuse (RELIABILITY.md D32). A compact seal
/// (``sealCompact(_:associatedData:)``, envelope format 3) carries 8 random bytes and derives the other 16
/// from the associated data.
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
        try Sodium.ensureInitialized()
        return seal(plaintext, associatedData: associatedData) { randombytes_buf($0, Self.nonceCount) }
    }

    /// Seals with a caller-chosen nonce: for known-answer tests only — real seals always draw a random one.
    package func seal(_ plaintext: [UInt8], associatedData: [UInt8], nonce: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard nonce.count == Self.nonceCount else {
            throw CryptoError(.invalidLength, "an XChaCha20 nonce is 24 bytes")
        }
        return seal(plaintext, associatedData: associatedData) {
            $0.copyMemory(from: nonce, byteCount: Self.nonceCount)
        }
    }

    /// Writes `nonce || ciphertext || tag` into one buffer; `fillNonce` writes the nonce's 24 bytes.
    func seal(
        _ plaintext: [UInt8], associatedData: [UInt8], fillNonce: (UnsafeMutableRawPointer) -> Void
    ) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.overhead + plaintext.count) { buffer, initialized in
            let output = UnsafeMutableRawBufferPointer(buffer).mutableBytes
            fillNonce(output)
            var length: UInt64 = 0
            key.withUnsafeBytes { key in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    output + Self.nonceCount, &length, plaintext, UInt64(plaintext.count), associatedData,
                    UInt64(associatedData.count), nil, output, key.bytes)
            }
            initialized = Self.nonceCount + Int(length)
        }
    }

    /// Decrypts what ``seal(_:associatedData:)`` produced.
    /// - Throws: ``CryptoError/Code/decryptionFailed`` if the key, nonce, ciphertext, tag or associated
    ///   data differ in any bit; ``CryptoError/Code/invalidLength`` if it is too short to be sealed.
    public func open(_ sealed: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= Self.overhead else {
            throw CryptoError(.invalidLength, "a sealed body is at least \(Self.overhead) bytes, got \(sealed.count)")
        }
        var status: Int32 = -1
        // One spare byte keeps the buffer non-empty for an empty plaintext.
        let output = [UInt8](unsafeUninitializedCapacity: sealed.count - Self.overhead + 1) { buffer, initialized in
            var length: UInt64 = 0
            sealed.withUnsafeBytes { sealed in
                key.withUnsafeBytes { key in
                    status = crypto_aead_xchacha20poly1305_ietf_decrypt(
                        UnsafeMutableRawBufferPointer(buffer).mutableBytes, &length, nil,
                        sealed.bytes + Self.nonceCount,
                        UInt64(sealed.count - Self.nonceCount), associatedData, UInt64(associatedData.count),
                        sealed.bytes,
                        key.bytes)
                }
            }
            initialized = status == 0 ? Int(length) : 0
        }
        guard status == 0 else {
            throw CryptoError(
                .decryptionFailed, "the body does not decrypt with the epoch \(epoch) key: wrong key or tampered data")
        }
        return output
    }
}
