/// Sealing and signing of opaque bodies with header bytes — the building blocks an envelope is made of.
/// PlaceCrypto knows no envelope layout: the header is whatever bytes the caller authenticates.
///
/// What is signed is `context || UInt32BE(header.count) || header || body`; for encrypted bodies the
/// body is the ciphertext, so a relay can check the signature without any content key. ``open(_:header:signature:author:key:context:layout:)``
/// checks the signature first, then the AEAD tag, then the padding, and says which failed.
public enum Sealing {
    /// `u8 len(tag) || tag || u32be(len(header)) || header || body`, built in one buffer.
    static func framedBytes(header: [UInt8], body: [UInt8], context: SignatureContext) -> [UInt8] {
        let count = UInt32(truncatingIfNeeded: header.count)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 + context.tag.count + 4 + header.count + body.count)
        bytes.append(UInt8(context.tag.count))
        bytes.append(contentsOf: context.tag)
        bytes.append(contentsOf: [
            UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF),
        ])
        bytes.append(contentsOf: header)
        bytes.append(contentsOf: body)
        return bytes
    }

    /// Pads and encrypts `plaintext` under `key` with `header` as associated data, in `layout`, then signs.
    /// - Returns: the ciphertext body and the signature over header and ciphertext.
    public static func seal(
        _ plaintext: [UInt8], header: [UInt8], key: ContentKey, signer: NodeKeyPair,
        context: SignatureContext = .envelope, layout: SealedLayout = .standard
    ) throws(CryptoError) -> (body: [UInt8], signature: Signature) {
        let padded = Padding.pad(plaintext, minimum: layout.minimumPaddedSize)
        let body =
            switch layout {
            case .standard: try key.seal(padded, associatedData: header)
            case .compact: try key.sealCompact(padded, associatedData: header)
            }
        return (body, try signer.signWithoutContext(framedBytes(header: header, body: body, context: context)))
    }

    /// Signs a body that stays readable (membership and key-wrap envelopes).
    public static func sign(
        header: [UInt8], body: [UInt8], signer: NodeKeyPair, context: SignatureContext = .envelope
    ) throws(CryptoError) -> Signature {
        try signer.signWithoutContext(framedBytes(header: header, body: body, context: context))
    }

    /// Verifies the author's signature over header and body (no key needed: what a relay does).
    /// - Throws: ``CryptoError/Code/badSignature``.
    public static func verify(
        header: [UInt8], body: [UInt8], signature: Signature, author: NodeID, context: SignatureContext = .envelope
    ) throws(CryptoError) {
        try author.verifyWithoutContext(
            signature, for: framedBytes(header: header, body: body, context: context), context: context.description)
    }

    /// Verifies the signature, then decrypts and unpads.
    /// - Throws: ``CryptoError/Code/badSignature``, then ``CryptoError/Code/decryptionFailed``, then
    ///   ``CryptoError/Code/badPadding`` — the first check that fails.
    public static func open(
        _ body: [UInt8], header: [UInt8], signature: Signature, author: NodeID, key: ContentKey,
        context: SignatureContext = .envelope, layout: SealedLayout = .standard
    ) throws(CryptoError) -> [UInt8] {
        try verify(header: header, body: body, signature: signature, author: author, context: context)
        return try openVerified(body, header: header, key: key, layout: layout)
    }

    /// Decrypts and unpads a body whose signature the caller has already checked.
    /// - Throws: ``CryptoError/Code/decryptionFailed`` or ``CryptoError/Code/invalidLength``, then
    ///   ``CryptoError/Code/badPadding``.
    public static func openVerified(
        _ body: [UInt8], header: [UInt8], key: ContentKey, layout: SealedLayout = .standard
    ) throws(CryptoError) -> [UInt8] {
        let padded =
            switch layout {
            case .standard: try key.open(body, associatedData: header)
            case .compact: try key.openCompact(body, associatedData: header)
            }
        return try Padding.unpad(padded, minimum: layout.minimumPaddedSize)
    }
}
