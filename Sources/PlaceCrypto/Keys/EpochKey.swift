internal import CSodium

/// The root secret of one epoch of a space. Never used directly: every use gets its own subkey through
/// `crypto_kdf` (one key, one job — RELIABILITY.md T14/D33).
///
/// Epoch keys are sealed to members with ``KeyWrap``; a removal starts a new epoch.
public struct EpochKey: Sendable {
    /// The epoch number, from 1.
    public let epoch: UInt64
    let secret: SecureBytes

    /// A new random epoch key.
    public static func generate(epoch: UInt64) throws(CryptoError) -> EpochKey {
        try EpochKey(epoch: epoch, secret: SecureBytes.random(count: Int(crypto_kdf_keybytes())))
    }

    /// Wraps an existing 32-byte root secret.
    /// - Throws: ``CryptoError/Code/invalidKey`` for another length.
    public init(epoch: UInt64, secret: SecureBytes) throws(CryptoError) {
        guard secret.count == Int(crypto_kdf_keybytes()) else {
            throw CryptoError(.invalidKey, "an epoch key is \(crypto_kdf_keybytes()) bytes, got \(secret.count)")
        }
        self.epoch = epoch
        self.secret = secret
    }

    /// The subkey for one purpose: `crypto_kdf_derive_from_key(subkey_id: epoch, ctx: purpose)`.
    func subkey(_ purpose: KeyPurpose, length: Int = 32) throws(CryptoError) -> SecureBytes {
        try SecureBytes(count: length) { output in
            secret.withUnsafeBytes { root in
                _ = crypto_kdf_derive_from_key(output.mutableBytes, length, epoch, purpose.context, root.bytes)
            }
        }
    }

    /// The key that encrypts content envelope bodies of this epoch.
    public func contentKey() throws(CryptoError) -> ContentKey {
        try ContentKey(key: subkey(.content), epoch: epoch)
    }

    /// The key for keyed hashes that route or pad without revealing content (reserved for the sync layer).
    public func routingKey() throws(CryptoError) -> SecureBytes {
        try subkey(.routing)
    }
}

/// The purposes subkeys are derived for; each has its own 8-byte `crypto_kdf` context.
enum KeyPurpose {
    case content
    case routing

    /// The 8-character context string (libsodium reads exactly 8 bytes).
    var context: String {
        switch self {
        case .content: "PSCONTNT"
        case .routing: "PSROUTE1"
        }
    }
}
