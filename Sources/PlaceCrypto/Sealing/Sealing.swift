/// Sealing and signing of opaque bodies with header bytes — the building blocks an envelope is made of.
/// PlaceCrypto knows no envelope layout: the header is whatever bytes the caller authenticates.
///
/// What is signed is `context || UInt32BE(header.count) || header || body`; for encrypted bodies the
/// body is the ciphertext, so a relay can check the signature without any content key. ``open``
/// checks the signature first, then the AEAD tag, then the padding, and says which failed.
public enum Sealing {
    static func signedBytes(header: [UInt8], body: [UInt8]) -> [UInt8] {
        let count = UInt32(truncatingIfNeeded: header.count)
        return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + header
            + body
    }

    /// Pads and encrypts `plaintext` under `key` with `header` as associated data, then signs.
    /// - Returns: the ciphertext body and the signature over header and ciphertext.
    public static func seal(
        _ plaintext: [UInt8], header: [UInt8], key: ContentKey, signer: NodeKeyPair,
        context: SignatureContext = .envelope
    ) throws(CryptoError) -> (body: [UInt8], signature: Signature) {
        let body = try key.seal(Padding.pad(plaintext), associatedData: header)
        return (body, try signer.sign(signedBytes(header: header, body: body), context: context))
    }

    /// Signs a body that stays readable (membership and key-wrap envelopes).
    public static func sign(
        header: [UInt8], body: [UInt8], signer: NodeKeyPair, context: SignatureContext = .envelope
    ) throws(CryptoError) -> Signature {
        try signer.sign(signedBytes(header: header, body: body), context: context)
    }

    /// Verifies the author's signature over header and body (no key needed: what a relay does).
    /// - Throws: ``CryptoError/Code/badSignature``.
    public static func verify(
        header: [UInt8], body: [UInt8], signature: Signature, author: NodeID, context: SignatureContext = .envelope
    ) throws(CryptoError) {
        try author.verify(signature, for: signedBytes(header: header, body: body), context: context)
    }

    /// Verifies the signature, then decrypts and unpads.
    /// - Throws: ``CryptoError/Code/badSignature``, then ``CryptoError/Code/decryptionFailed``, then
    ///   ``CryptoError/Code/badPadding`` — the first check that fails.
    public static func open(
        _ body: [UInt8], header: [UInt8], signature: Signature, author: NodeID, key: ContentKey,
        context: SignatureContext = .envelope
    ) throws(CryptoError) -> [UInt8] {
        try verify(header: header, body: body, signature: signature, author: author, context: context)
        return try Padding.unpad(key.open(body, associatedData: header))
    }
}
