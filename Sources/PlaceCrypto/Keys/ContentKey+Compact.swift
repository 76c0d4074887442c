internal import CSodium

/// Compact seals (envelope format 3, `Protocol/CRYPTO.md` §4): the body carries only the last 8 bytes of
/// the 24-byte XChaCha20 nonce, drawn at random; the first 16 are BLAKE2b-128 of a context string and the
/// associated data (the envelope header: space, author, seq, epoch, previous envelope and heads).
///
/// Two seals under one key share a nonce only if their associated data are equal — the same author's
/// same seq after the same envelopes, which happens only when a node equivocates or is restored from a
/// backup and writes that seq again — **and** their 64 random bits are equal: probability 2⁻⁶⁴ for such
/// a pair. Nothing is stored, so a restored backup is as safe as with ``seal(_:associatedData:)``.
extension ContentKey {
    /// Bytes a compact sealed body adds: the 8 nonce bytes it carries and the tag.
    public static let compactOverhead = compactNonceCount + tagCount
    /// The nonce bytes a compact body carries.
    static let compactNonceCount = 8
    /// What the derived part of a compact nonce hashes first.
    static let compactNonceContext = Array("placesync/compact-nonce/v1".utf8)

    /// The 16 nonce bytes a compact body does not carry.
    static func derivedNoncePrefix(_ associatedData: [UInt8]) -> [UInt8] {
        Blake2b.hash(compactNonceContext + associatedData, outputLength: nonceCount - compactNonceCount)
    }

    /// Encrypts `plaintext` with `associatedData` authenticated alongside, in the compact layout.
    /// - Returns: `nonce tail (8) || ciphertext || tag (16)`.
    public func sealCompact(_ plaintext: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureInitialized()
        var tail = [UInt8](repeating: 0, count: Self.compactNonceCount)
        randombytes_buf(&tail, Self.compactNonceCount)
        return try sealCompact(plaintext, associatedData: associatedData, nonceTail: tail)
    }

    /// A compact seal with a caller-chosen nonce tail: for known-answer tests only.
    package func sealCompact(
        _ plaintext: [UInt8], associatedData: [UInt8], nonceTail: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        guard nonceTail.count == Self.compactNonceCount else {
            throw CryptoError(.invalidLength, "a compact seal carries \(Self.compactNonceCount) nonce bytes")
        }
        let nonce = Self.derivedNoncePrefix(associatedData) + nonceTail
        let sealed = seal(plaintext, associatedData: associatedData) {
            $0.copyMemory(from: nonce, byteCount: Self.nonceCount)
        }
        return Array(sealed[(Self.nonceCount - Self.compactNonceCount)...])
    }

    /// Decrypts what ``sealCompact(_:associatedData:)`` produced.
    /// - Throws: ``CryptoError/Code/decryptionFailed`` if the key, nonce, ciphertext, tag or associated
    ///   data differ in any bit; ``CryptoError/Code/invalidLength`` if it is too short to be sealed.
    public func openCompact(_ sealed: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= Self.compactOverhead else {
            throw CryptoError(
                .invalidLength, "a compact sealed body is at least \(Self.compactOverhead) bytes, got \(sealed.count)")
        }
        return try open(Self.derivedNoncePrefix(associatedData) + sealed, associatedData: associatedData)
    }
}
