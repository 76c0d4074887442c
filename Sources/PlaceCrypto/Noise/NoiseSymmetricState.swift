internal import CSodium

/// Noise SymmetricState (§5.2) for BLAKE2b (HASHLEN 64, BLOCKLEN 128): the chaining key, the handshake
/// hash and the current cipher.
struct NoiseSymmetricState {
    private(set) var chainingKey: SecureBytes
    private(set) var handshakeHash: [UInt8]
    private(set) var cipher: NoiseCipherState

    static let hashLength = 64
    static let blockLength = 128

    init(protocolName: String) throws(CryptoError) {
        let name = Array(protocolName.utf8)
        let hash =
            name.count <= Self.hashLength
            ? name + [UInt8](repeating: 0, count: Self.hashLength - name.count)
            : Blake2b.hash64(name)
        handshakeHash = hash
        chainingKey = try SecureBytes(copying: hash)
        cipher = NoiseCipherState(key: nil)
    }

    mutating func mixHash(_ data: [UInt8]) {
        handshakeHash = Blake2b.hash64(handshakeHash, data)
    }

    mutating func mixKey(_ inputKeyMaterial: SecureBytes) throws(CryptoError) {
        let (newChainingKey, tempKey) = try Self.hkdf(chainingKey, inputKeyMaterial)
        chainingKey = newChainingKey
        cipher = NoiseCipherState(key: try Self.truncate(tempKey))
    }

    mutating func encryptAndHash(_ plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
        let ciphertext = try cipher.encrypt(plaintext, associatedData: handshakeHash)
        mixHash(ciphertext)
        return ciphertext
    }

    mutating func decryptAndHash(_ ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
        let plaintext = try cipher.decrypt(ciphertext, associatedData: handshakeHash)
        mixHash(ciphertext)
        return plaintext
    }

    /// The two transport cipher states: initiator-to-responder first.
    func split() throws(CryptoError) -> (NoiseCipherState, NoiseCipherState) {
        let empty = try SecureBytes(count: 1) { $0[0] = 0 }
        let (first, second) = try Self.hkdf(chainingKey, empty, emptyInput: true)
        return (NoiseCipherState(key: try Self.truncate(first)), NoiseCipherState(key: try Self.truncate(second)))
    }

    /// Whether a cipher key is set (so payloads are encrypted).
    var hasKey: Bool { cipher.hasKey }

    // MARK: HMAC and HKDF (Noise §4.3), all in protected memory

    private static func truncate(_ key: SecureBytes) throws(CryptoError) -> SecureBytes {
        try SecureBytes(count: 32) { output in
            key.withUnsafeBytes { key in output.copyMemory(from: UnsafeRawBufferPointer(rebasing: key[0..<32])) }
        }
    }

    /// HMAC-BLAKE2b(key, parts concatenated, then the optional trailer byte).
    private static func hmac(_ key: SecureBytes, _ parts: [SecureBytes], trailer: UInt8?) throws(CryptoError)
        -> SecureBytes
    {
        precondition(key.count <= blockLength, "Noise HMAC keys are at most one block")
        let inner = try hashOfPaddedKey(key, pad: 0x36, then: parts, trailer: trailer)
        return try hashOfPaddedKey(key, pad: 0x5C, then: [inner], trailer: nil)
    }

    /// BLAKE2b-512((key zero-padded to a block) XOR pad || parts || trailer), built in protected memory.
    private static func hashOfPaddedKey(
        _ key: SecureBytes, pad: UInt8, then parts: [SecureBytes], trailer: UInt8?
    ) throws(CryptoError) -> SecureBytes {
        let length = blockLength + parts.reduce(0) { $0 + $1.count } + (trailer == nil ? 0 : 1)
        let input = try SecureBytes(count: length) { buffer in
            for index in 0..<blockLength { buffer[index] = pad }
            key.withUnsafeBytes { key in
                for index in 0..<key.count { buffer[index] ^= key[index] }
            }
            var offset = blockLength
            for part in parts {
                part.withUnsafeBytes { part in
                    UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + part.count)]).copyMemory(
                        from: part)
                }
                offset += part.count
            }
            if let trailer { buffer[offset] = trailer }
        }
        return try SecureBytes(count: hashLength) { output in
            input.withUnsafeBytes { input in
                _ = crypto_generichash(output.mutableBytes, hashLength, input.bytes, UInt64(input.count), nil, 0)
            }
        }
    }

    /// HKDF(chainingKey, inputKeyMaterial) with two outputs.
    private static func hkdf(
        _ chainingKey: SecureBytes, _ inputKeyMaterial: SecureBytes, emptyInput: Bool = false
    ) throws(CryptoError) -> (SecureBytes, SecureBytes) {
        let tempKey = try hmac(chainingKey, emptyInput ? [] : [inputKeyMaterial], trailer: nil)
        let first = try hmac(tempKey, [], trailer: 0x01)
        let second = try hmac(tempKey, [first], trailer: 0x02)
        return (first, second)
    }
}
