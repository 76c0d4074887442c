internal import CSodium
internal import Glibc

/// The node key file: a versioned format holding the Ed25519 seed, written atomically with mode 0600,
/// optionally sealed with a passphrase through Argon2id. Documented in `Protocol/CRYPTO.md`.
///
/// ```swift
/// try KeyFile.write(node, to: path, passphrase: secret)
/// let node = try KeyFile.read(from: path, passphrase: secret)
/// ```
public enum KeyFile {
    /// Argon2id cost parameters, stored in the file header so they can be raised later.
    public struct Argon2Parameters: Hashable, Sendable {
        /// Passes over memory.
        public var opsLimit: UInt64
        /// Memory in bytes.
        public var memLimit: UInt64

        /// Creates parameters.
        public init(opsLimit: UInt64, memLimit: UInt64) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }

        /// libsodium's MODERATE (3 passes, 256 MiB, about a second here): the default for key files.
        public static let moderate = Argon2Parameters(
            opsLimit: UInt64(crypto_pwhash_opslimit_moderate()), memLimit: UInt64(crypto_pwhash_memlimit_moderate()))
        /// The minimum libsodium accepts: for tests only, never for real keys.
        public static let testingMinimum = Argon2Parameters(
            opsLimit: UInt64(crypto_pwhash_opslimit_min()), memLimit: UInt64(crypto_pwhash_memlimit_min()))
    }

    static let magic = Array("PSKEY".utf8)
    static let version: UInt8 = 1
    static let plain: UInt8 = 0
    static let argon2id: UInt8 = 1
    static let maxFileSize = 4096
    /// A plain file ends with BLAKE2b-128 of everything before it, so corruption is caught.
    static let checksumCount = 16

    // MARK: Bytes

    /// The file's bytes for `node`, sealed when a passphrase is given.
    public static func encode(
        _ node: NodeKeyPair, passphrase: SecureBytes?, parameters: Argon2Parameters = .moderate
    ) throws(CryptoError) -> [UInt8] {
        let seed = try node.seed()
        guard let passphrase else {
            let body = seed.withUnsafeBytes { magic + [version, plain] + Array($0) }
            return body + Blake2b.hash(body, outputLength: checksumCount)
        }
        let salt = try Sodium.randomBytes(Int(crypto_pwhash_saltbytes()))
        var header =
            magic + [version, argon2id] + bigEndian(parameters.opsLimit) + bigEndian(parameters.memLimit) + salt
        let nonce = try Sodium.randomBytes(24)
        header += nonce
        let key = try deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        var ciphertext = [UInt8](repeating: 0, count: 32 + 16)
        var length: UInt64 = 0
        seed.withUnsafeBytes { seed in
            key.withUnsafeBytes { key in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    &ciphertext, &length, seed.bytes, 32, header, UInt64(header.count), nil, nonce, key.bytes)
            }
        }
        return header + ciphertext
    }

    /// Reads a key from the file's bytes.
    /// - Throws: ``CryptoError/Code/malformed`` (not a key file, truncated, corrupt),
    ///   ``CryptoError/Code/unsupportedVersion``, ``CryptoError/Code/wrongPassphrase`` (also when a sealed
    ///   file was tampered with), or ``CryptoError/Code/invalidKey`` when a passphrase is missing.
    public static func decode(_ bytes: [UInt8], passphrase: SecureBytes?) throws(CryptoError) -> NodeKeyPair {
        guard bytes.count >= magic.count + 2, Array(bytes.prefix(magic.count)) == magic else {
            throw CryptoError(.malformed, "not a PlaceSync key file")
        }
        guard bytes[magic.count] == version else {
            throw CryptoError(
                .unsupportedVersion, "key file version \(bytes[magic.count]) is not supported; upgrade PlaceSync")
        }
        let body = Array(bytes.dropFirst(magic.count + 2))
        switch bytes[magic.count + 1] {
        case plain:
            guard body.count == 32 + checksumCount,
                constantTimeEquals(
                    Blake2b.hash(Array(bytes.dropLast(checksumCount)), outputLength: checksumCount),
                    Array(bytes.suffix(checksumCount)))
            else { throw CryptoError(.malformed, "the key file is truncated or corrupt (checksum mismatch)") }
            return try NodeKeyPair(seed: SecureBytes(copying: body.prefix(32)))
        case argon2id:
            let saltCount = Int(crypto_pwhash_saltbytes())
            guard body.count == 16 + saltCount + 24 + 48 else {
                throw CryptoError(.malformed, "the key file is truncated or corrupt")
            }
            guard let passphrase else {
                throw CryptoError(.invalidKey, "this key file is sealed with a passphrase; supply it")
            }
            let ops = body[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let mem = body[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard ops >= UInt64(crypto_pwhash_opslimit_min()), ops <= 64,
                mem >= UInt64(crypto_pwhash_memlimit_min()), mem <= 4 << 30
            else { throw CryptoError(.malformed, "the key file's Argon2id parameters are out of range") }
            let salt = Array(body[16..<(16 + saltCount)])
            let nonce = Array(body[(16 + saltCount)..<(16 + saltCount + 24)])
            let header = Array(bytes.prefix(bytes.count - 48))
            let ciphertext = Array(bytes.suffix(48))
            let key = try deriveKey(
                passphrase: passphrase, salt: salt, parameters: Argon2Parameters(opsLimit: ops, memLimit: mem))
            let seed = try SecureBytes(count: 32) { (output: UnsafeMutableRawBufferPointer) throws(CryptoError) in
                var length: UInt64 = 0
                let status = key.withUnsafeBytes { key in
                    crypto_aead_xchacha20poly1305_ietf_decrypt(
                        output.mutableBytes, &length, nil, ciphertext, 48, header, UInt64(header.count), nonce,
                        key.bytes)
                }
                guard status == 0 else {
                    throw CryptoError(
                        .wrongPassphrase, "the passphrase does not open this key file (or the file was altered)")
                }
            }
            return try NodeKeyPair(seed: seed)
        default:
            throw CryptoError(.malformed, "unknown key file protection \(bytes[magic.count + 1])")
        }
    }

    private static func deriveKey(passphrase: SecureBytes, salt: [UInt8], parameters: Argon2Parameters)
        throws(CryptoError) -> SecureBytes
    {
        try SecureBytes(count: 32) { (output: UnsafeMutableRawBufferPointer) throws(CryptoError) in
            let status = passphrase.withUnsafeBytes { pass in
                crypto_pwhash(
                    output.mutableBytes, 32, UnsafeRawPointer(pass.bytes).assumingMemoryBound(to: CChar.self),
                    UInt64(pass.count), salt, parameters.opsLimit, Int(parameters.memLimit),
                    crypto_pwhash_alg_argon2id13())
            }
            guard status == 0 else { throw CryptoError(.libraryUnavailable, "Argon2id ran out of memory") }
        }
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: value >> UInt64($0)) }
    }
}
