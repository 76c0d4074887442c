internal import CSodium

/// An epoch key sealed to one member: `crypto_box_seal` to the recipient's X25519 key, inside a
/// structure signed by the sender that names sender, recipient, space and epoch — the sealed box alone
/// is anonymous, the signature says who vouches for it and for which space and epoch.
///
/// Layout, version 2 (257 bytes, all fixed): `version (1) = 2 | sender (32) | recipient (32) | space (16) |
/// epoch (8, big-endian) | sealed (104) | signature (64)`, where `sealed` = `crypto_box_seal(space ‖
/// epoch ‖ key)`: the box itself names its space and epoch, so it cannot be lifted into a wrap for
/// another space or epoch. The signature (context ``SignatureContext/keyWrap``) covers everything before
/// it. Version 1 (225 bytes, the key alone in an 80-byte box) still decodes and opens, for keys held
/// from before; new wraps are version 2. Documented in `Protocol/CRYPTO.md` §5.
public struct KeyWrap: Hashable, Sendable {
    /// The admin who sealed the key.
    public let sender: NodeID
    /// The member it is sealed to.
    public let recipient: NodeID
    /// The space (16 bytes).
    public let space: [UInt8]
    /// The epoch of the key.
    public let epoch: UInt64
    /// The format version (1: the key alone sealed; 2: space ‖ epoch ‖ key sealed).
    public let version: UInt8
    let sealedKey: [UInt8]
    let signature: Signature

    static let currentVersion: UInt8 = 2
    static func sealedCount(version: UInt8) -> Int { version == 1 ? 32 + 48 : 16 + 8 + 32 + 48 }
    /// The encoded size of a version 2 wrap.
    public static let byteCount = byteCount(version: currentVersion)
    static func byteCount(version: UInt8) -> Int { 1 + 32 + 32 + 16 + 8 + sealedCount(version: version) + 64 }

    /// Seals `key` to `recipient` and signs the result as `sender`.
    public static func wrap(_ key: EpochKey, space: [UInt8], to recipient: NodeID, from sender: NodeKeyPair)
        throws(CryptoError) -> KeyWrap
    {
        guard space.count == 16 else { throw CryptoError(.invalidLength, "a space id is 16 bytes") }
        let recipientKey = try recipient.x25519PublicKey()
        let version = currentVersion
        var sealed = [UInt8](repeating: 0, count: sealedCount(version: version))
        // The plaintext (space ‖ epoch ‖ key) lives in guarded memory, zeroed when freed.
        let plaintext = try SecureBytes(count: 16 + 8 + 32) {
            (output: UnsafeMutableRawBufferPointer) throws(CryptoError) in
            output.copyBytes(from: space + bigEndian(key.epoch))
            key.secret.withUnsafeBytes { secret in
                UnsafeMutableRawBufferPointer(rebasing: output[24...]).copyMemory(from: secret)
            }
        }
        plaintext.withUnsafeBytes { bytes in
            _ = crypto_box_seal(&sealed, bytes.bytes, UInt64(bytes.count), recipientKey)
        }
        let unsigned = signedPart(
            version: version, sender: sender.nodeID, recipient: recipient, space: space, epoch: key.epoch,
            sealedKey: sealed)
        let signature = try sender.sign(unsigned, context: .keyWrap)
        return KeyWrap(
            version: version, sender: sender.nodeID, recipient: recipient, space: space, epoch: key.epoch,
            sealedKey: sealed, signature: signature)
    }

    private init(
        version: UInt8, sender: NodeID, recipient: NodeID, space: [UInt8], epoch: UInt64, sealedKey: [UInt8],
        signature: Signature
    ) {
        self.version = version
        self.sender = sender
        self.recipient = recipient
        self.space = space
        self.epoch = epoch
        self.sealedKey = sealedKey
        self.signature = signature
    }

    static func signedPart(
        version: UInt8, sender: NodeID, recipient: NodeID, space: [UInt8], epoch: UInt64, sealedKey: [UInt8]
    ) -> [UInt8] {
        [version] + sender.publicKey + recipient.publicKey + space + bigEndian(epoch) + sealedKey
    }

    /// The wrap as bytes.
    public var encoded: [UInt8] {
        Self.signedPart(
            version: version, sender: sender, recipient: recipient, space: space, epoch: epoch, sealedKey: sealedKey)
            + signature.bytes
    }

    /// Decodes a wrap and checks the sender's signature.
    /// - Throws: ``CryptoError/Code/malformed`` for the wrong size, ``CryptoError/Code/unsupportedVersion``,
    ///   ``CryptoError/Code/badSignature``.
    public init(encoded bytes: [UInt8]) throws(CryptoError) {
        guard let version = bytes.first else { throw CryptoError(.malformed, "a key wrap is empty") }
        guard version == 1 || version == 2 else {
            throw CryptoError(.unsupportedVersion, "key wrap version \(version) is not supported (1 and 2 are)")
        }
        guard bytes.count == Self.byteCount(version: version) else {
            throw CryptoError(
                .malformed,
                "a version \(version) key wrap is \(Self.byteCount(version: version)) bytes, got \(bytes.count)")
        }
        let sender = try NodeID(publicKey: Array(bytes[1..<33]))
        let recipient = try NodeID(publicKey: Array(bytes[33..<65]))
        let space = Array(bytes[65..<81])
        let epoch = bytes[81..<89].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let sealed = Array(bytes[89..<(89 + Self.sealedCount(version: version))])
        let signature = try Signature(bytes: Array(bytes.suffix(Signature.byteCount)))
        try sender.verify(signature, for: Array(bytes.dropLast(Signature.byteCount)), context: .keyWrap)
        self.init(
            version: version, sender: sender, recipient: recipient, space: space, epoch: epoch, sealedKey: sealed,
            signature: signature)
    }

    /// The recipient and epoch a wrap names, read without checking its signature — for wraps a replica
    /// stored after checking it (the envelope carrying it was verified), where only those fields are
    /// needed. `nil` for bytes that are not a wrap of a known version and size.
    public static func addressing(of bytes: [UInt8]) -> (recipient: [UInt8], epoch: UInt64)? {
        guard let version = bytes.first, version == 1 || version == 2, bytes.count == byteCount(version: version) else {
            return nil
        }
        return (Array(bytes[33..<65]), bytes[81..<89].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// Opens the sealed key with the recipient's key pair, after checking the sender's signature.
    /// - Throws: ``CryptoError/Code/badSignature``; ``CryptoError/Code/invalidKey`` when `recipient` is
    ///   not the node the key was sealed to; ``CryptoError/Code/decryptionFailed`` when the box does not open.
    public func unwrap(with recipientKeys: NodeKeyPair) throws(CryptoError) -> EpochKey {
        try sender.verify(
            signature,
            for: Self.signedPart(
                version: version, sender: sender, recipient: recipient, space: space, epoch: epoch,
                sealedKey: sealedKey),
            context: .keyWrap)
        guard recipientKeys.nodeID == recipient else {
            throw CryptoError(.invalidKey, "this key wrap is addressed to another node")
        }
        let x25519 = try recipientKeys.x25519KeyPair()
        let opened = try SecureBytes(count: sealedKey.count - 48) {
            (output: UnsafeMutableRawBufferPointer) throws(CryptoError) in
            let status = x25519.secretKey.withUnsafeBytes { secret in
                crypto_box_seal_open(
                    output.mutableBytes, sealedKey, UInt64(sealedKey.count), x25519.publicKey, secret.bytes)
            }
            guard status == 0 else { throw CryptoError(.decryptionFailed, "the sealed epoch key does not open") }
        }
        guard version == 2 else { return try EpochKey(epoch: epoch, secret: opened) }
        // Version 2: the box names its space and epoch; they must be the wrap's.
        let bound = opened.withUnsafeBytes { bytes in Array(bytes.prefix(24)) }
        guard bound == space + bigEndian(epoch) else {
            throw CryptoError(.invalidKey, "this key wrap's sealed key belongs to another space or epoch")
        }
        let secret = try SecureBytes(count: 32) { (output: UnsafeMutableRawBufferPointer) throws(CryptoError) in
            opened.withUnsafeBytes { bytes in output.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[24...])) }
        }
        return try EpochKey(epoch: epoch, secret: secret)
    }
}

/// `value` as 8 big-endian bytes.
private func bigEndian(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
}
