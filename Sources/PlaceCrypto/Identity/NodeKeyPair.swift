internal import CSodium

/// A node's Ed25519 key pair. The secret key lives in ``SecureBytes`` and never leaves it.
///
/// ```swift
/// let node = try NodeKeyPair.generate()
/// let signature = try node.sign(bytes, context: .envelope)
/// try node.nodeID.verify(signature, for: bytes, context: .envelope)
/// ```
public struct NodeKeyPair: Sendable {
    /// The public half: the node id.
    public let nodeID: NodeID
    /// The 64-byte libsodium Ed25519 secret key (seed followed by public key).
    let secretKey: SecureBytes

    /// A new random key pair.
    public static func generate() throws(CryptoError) -> NodeKeyPair {
        try NodeKeyPair(seed: SecureBytes.random(count: 32))
    }

    /// The key pair for a 32-byte seed (what the key file stores).
    /// - Throws: ``CryptoError/Code/invalidKey`` unless the seed is 32 bytes.
    public init(seed: SecureBytes) throws(CryptoError) {
        guard seed.count == 32 else { throw CryptoError(.invalidKey, "an Ed25519 seed is 32 bytes, got \(seed.count)") }
        var publicKey = [UInt8](repeating: 0, count: 32)
        secretKey = try SecureBytes(count: 64) { secret in
            seed.withUnsafeBytes { seedBytes in
                _ = crypto_sign_ed25519_seed_keypair(
                    &publicKey, secret.mutableBytes,
                    seedBytes.bytes)
            }
        }
        nodeID = try NodeID(publicKey: publicKey)
    }

    /// The 32-byte seed, in protected memory (for writing the key file).
    func seed() throws(CryptoError) -> SecureBytes {
        try SecureBytes(count: 32) { seed in
            secretKey.withUnsafeBytes { secret in
                _ = crypto_sign_ed25519_sk_to_seed(
                    seed.mutableBytes, secret.bytes)
            }
        }
    }

    /// Signs `message` in `context` (see ``SignatureContext``).
    public func sign(_ message: [UInt8], context: SignatureContext) throws(CryptoError) -> Signature {
        try signWithoutContext(context.framing(message))
    }

    /// Raw Ed25519 over exactly `framed`: for known-answer tests only; real signatures carry a context.
    package func signWithoutContext(_ framed: [UInt8]) throws(CryptoError) -> Signature {
        var signature = [UInt8](repeating: 0, count: Signature.byteCount)
        secretKey.withUnsafeBytes { secret in
            _ = crypto_sign_ed25519_detached(
                &signature, nil, framed, UInt64(framed.count), secret.bytes)
        }
        return try Signature(bytes: signature)
    }

    /// The X25519 key pair derived from this Ed25519 key: the node's Noise static key.
    public func x25519KeyPair() throws(CryptoError) -> X25519KeyPair {
        let secret = try SecureBytes(count: 32) { output in
            secretKey.withUnsafeBytes { secret in
                _ = crypto_sign_ed25519_sk_to_curve25519(
                    output.mutableBytes, secret.bytes)
            }
        }
        return try X25519KeyPair(secretKey: secret)
    }
}
