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

    /// The commitment to this key that the membership entry starting its epoch carries (32 bytes):
    /// BLAKE2b-256 keyed with the `PSCOMMIT` subkey, over `"placesync/epoch-commitment/v1" ‖ space ‖
    /// u64be epoch`. It reveals nothing of the key, and no other key gives it: a key wrap whose key does
    /// not match is refused (`Protocol/CRYPTO.md` §5).
    /// - Throws: ``CryptoError/Code/invalidLength`` for a space id that is not 16 bytes.
    public func commitment(space: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard space.count == 16 else { throw CryptoError(.invalidLength, "a space id is 16 bytes") }
        let key = try subkey(.commitment)
        var message = Array("placesync/epoch-commitment/v1".utf8) + space
        for shift in stride(from: 56, through: 0, by: -8) {
            message.append(UInt8(truncatingIfNeeded: epoch >> UInt64(shift)))
        }
        var output = [UInt8](repeating: 0, count: 32)
        key.withUnsafeBytes { secret in
            _ = crypto_generichash(&output, 32, message, UInt64(message.count), secret.bytes, secret.count)
        }
        return output
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
    case commitment

    /// The 8-character context string (libsodium reads exactly 8 bytes).
    var context: String {
        switch self {
        case .content: "PSCONTNT"
        case .routing: "PSROUTE1"
        case .commitment: "PSCOMMIT"
        }
    }
}
