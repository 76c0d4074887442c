internal import CSodium

/// An epoch key sealed to one member: `crypto_box_seal` to the recipient's X25519 key, inside a
/// structure signed by the sender that names sender, recipient, space and epoch — the sealed box alone
/// is anonymous, the signature says who vouches for it and for which space and epoch.
///
/// Layout (225 bytes, all fixed): `version (1) = 1 | sender (32) | recipient (32) | space (16) |
/// epoch (8, big-endian) | sealed key (80) | signature (64)`; the signature (context
/// ``SignatureContext/keyWrap``) covers everything before it. Documented in `Protocol/CRYPTO.md`.
public struct KeyWrap: Hashable, Sendable {
    /// The admin who sealed the key.
    public let sender: NodeID
    /// The member it is sealed to.
    public let recipient: NodeID
    /// The space (16 bytes).
    public let space: [UInt8]
    /// The epoch of the key.
    public let epoch: UInt64
    let sealedKey: [UInt8]
    let signature: Signature

    static let version: UInt8 = 1
    static let sealedKeyCount = 32 + 48
    /// The encoded size.
    public static let byteCount = 1 + 32 + 32 + 16 + 8 + sealedKeyCount + Signature.byteCount

    /// Seals `key` to `recipient` and signs the result as `sender`.
    public static func wrap(_ key: EpochKey, space: [UInt8], to recipient: NodeID, from sender: NodeKeyPair)
        throws(CryptoError) -> KeyWrap
    {
        guard space.count == 16 else { throw CryptoError(.invalidLength, "a space id is 16 bytes") }
        let recipientKey = try recipient.x25519PublicKey()
        var sealed = [UInt8](repeating: 0, count: sealedKeyCount)
        key.secret.withUnsafeBytes { secret in
            _ = crypto_box_seal(&sealed, secret.bytes, UInt64(secret.count), recipientKey)
        }
        let unsigned = signedPart(
            sender: sender.nodeID, recipient: recipient, space: space, epoch: key.epoch, sealedKey: sealed)
        let signature = try sender.sign(unsigned, context: .keyWrap)
        return KeyWrap(
            sender: sender.nodeID, recipient: recipient, space: space, epoch: key.epoch, sealedKey: sealed,
            signature: signature)
    }

    private init(
        sender: NodeID, recipient: NodeID, space: [UInt8], epoch: UInt64, sealedKey: [UInt8], signature: Signature
    ) {
        self.sender = sender
        self.recipient = recipient
        self.space = space
        self.epoch = epoch
        self.sealedKey = sealedKey
        self.signature = signature
    }

    static func signedPart(sender: NodeID, recipient: NodeID, space: [UInt8], epoch: UInt64, sealedKey: [UInt8])
        -> [UInt8]
    {
        var bytes = [version] + sender.publicKey + recipient.publicKey + space
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: epoch >> UInt64(shift)))
        }
        return bytes + sealedKey
    }

    /// The wrap as bytes.
    public var encoded: [UInt8] {
        Self.signedPart(sender: sender, recipient: recipient, space: space, epoch: epoch, sealedKey: sealedKey)
            + signature.bytes
    }

    /// Decodes a wrap and checks the sender's signature.
    /// - Throws: ``CryptoError/Code/malformed`` for the wrong size, ``CryptoError/Code/unsupportedVersion``,
    ///   ``CryptoError/Code/badSignature``.
    public init(encoded bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == Self.byteCount else {
            throw CryptoError(.malformed, "a key wrap is \(Self.byteCount) bytes, got \(bytes.count)")
        }
        guard bytes[0] == Self.version else {
            throw CryptoError(.unsupportedVersion, "key wrap version \(bytes[0]) is not supported")
        }
        let sender = try NodeID(publicKey: Array(bytes[1..<33]))
        let recipient = try NodeID(publicKey: Array(bytes[33..<65]))
        let space = Array(bytes[65..<81])
        let epoch = bytes[81..<89].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let sealed = Array(bytes[89..<(89 + Self.sealedKeyCount)])
        let signature = try Signature(bytes: Array(bytes.suffix(Signature.byteCount)))
        try sender.verify(signature, for: Array(bytes.dropLast(Signature.byteCount)), context: .keyWrap)
        self.init(
            sender: sender, recipient: recipient, space: space, epoch: epoch, sealedKey: sealed, signature: signature)
    }

    /// Opens the sealed key with the recipient's key pair, after checking the sender's signature.
    /// - Throws: ``CryptoError/Code/badSignature``; ``CryptoError/Code/invalidKey`` when `recipient` is
    ///   not the node the key was sealed to; ``CryptoError/Code/decryptionFailed`` when the box does not open.
    public func unwrap(with recipientKeys: NodeKeyPair) throws(CryptoError) -> EpochKey {
        try sender.verify(
            signature,
            for: Self.signedPart(
                sender: sender, recipient: recipient, space: space, epoch: epoch, sealedKey: sealedKey),
            context: .keyWrap)
        guard recipientKeys.nodeID == recipient else {
            throw CryptoError(.invalidKey, "this key wrap is addressed to another node")
        }
        let x25519 = try recipientKeys.x25519KeyPair()
        let secret = try SecureBytes(count: 32) { (output: UnsafeMutableRawBufferPointer) throws(CryptoError) in
            let status = x25519.secretKey.withUnsafeBytes { secret in
                crypto_box_seal_open(
                    output.mutableBytes, sealedKey, UInt64(sealedKey.count), x25519.publicKey, secret.bytes)
            }
            guard status == 0 else { throw CryptoError(.decryptionFailed, "the sealed epoch key does not open") }
        }
        return try EpochKey(epoch: epoch, secret: secret)
    }
}
