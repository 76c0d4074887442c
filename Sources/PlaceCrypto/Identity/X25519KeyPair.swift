internal import CSodium

/// An X25519 key pair for Diffie-Hellman (Noise static and ephemeral keys, sealed boxes).
public struct X25519KeyPair: Sendable {
    /// The public key (32 bytes).
    public let publicKey: [UInt8]
    let secretKey: SecureBytes

    /// The key pair for a 32-byte secret key (clamped by X25519 itself).
    /// - Throws: ``CryptoError/Code/invalidKey`` unless it is 32 bytes.
    public init(secretKey: SecureBytes) throws(CryptoError) {
        guard secretKey.count == 32 else { throw CryptoError(.invalidKey, "an X25519 secret key is 32 bytes") }
        var publicKey = [UInt8](repeating: 0, count: 32)
        secretKey.withUnsafeBytes { secret in
            _ = crypto_scalarmult_curve25519_base(&publicKey, secret.bytes)
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A new random key pair (fresh per connection for Noise ephemeral keys).
    public static func generate() throws(CryptoError) -> X25519KeyPair {
        try X25519KeyPair(secretKey: SecureBytes.random(count: 32))
    }

    /// X25519(secret, remote public key), in protected memory.
    /// - Throws: ``CryptoError/Code/invalidKey`` for a low-order public key (an all-zero result).
    public func sharedSecret(with remotePublicKey: [UInt8]) throws(CryptoError) -> SecureBytes {
        guard remotePublicKey.count == 32 else { throw CryptoError(.invalidKey, "an X25519 public key is 32 bytes") }
        return try SecureBytes(count: 32) { (output: UnsafeMutableRawBufferPointer) throws(CryptoError) in
            let status = secretKey.withUnsafeBytes { secret in
                crypto_scalarmult_curve25519(
                    output.mutableBytes, secret.bytes,
                    remotePublicKey)
            }
            guard status == 0 else { throw CryptoError(.invalidKey, "the remote X25519 key is a low-order point") }
        }
    }
}
