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
        let (newChainingKey, cipherKey) = try inputKeyMaterial.withUnsafeBytes { (ikm) throws(CryptoError) in
            try Self.hkdf(chainingKey, ikm)
        }
        chainingKey = newChainingKey
        cipher = NoiseCipherState(key: cipherKey)
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
        let (first, second) = try Self.hkdf(chainingKey, UnsafeRawBufferPointer(start: nil, count: 0))
        return (NoiseCipherState(key: try Self.truncate(first)), NoiseCipherState(key: second))
    }

    /// Whether a cipher key is set (so payloads are encrypted).
    var hasKey: Bool { cipher.hasKey }

    // MARK: HMAC and HKDF (Noise §4.3)
    //
    // Intermediate values live in stack buffers that are wiped with sodium_memzero before returning (as
    // libsodium does internally); only the results kept — the chaining key and cipher keys — go to
    // sodium_malloc memory. Allocating guarded pages for every intermediate made a handshake ~15× slower.

    private static func truncate(_ key: SecureBytes) throws(CryptoError) -> SecureBytes {
        try SecureBytes(count: 32) { output in
            key.withUnsafeBytes { key in output.copyMemory(from: UnsafeRawBufferPointer(rebasing: key[0..<32])) }
        }
    }

    /// HMAC-BLAKE2b(key, data || trailer) into `output` (64 bytes).
    private static func hmac(
        key: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer, trailer: UInt8?,
        into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(key.count <= blockLength && output.count == hashLength, "Noise HMAC sizes")
        let innerLength = blockLength + data.count + (trailer == nil ? 0 : 1)
        withUnsafeTemporaryAllocation(byteCount: innerLength + blockLength + hashLength, alignment: 1) { scratch in
            let inner = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<innerLength])
            let outer = UnsafeMutableRawBufferPointer(rebasing: scratch[innerLength...])
            for index in 0..<blockLength {
                let keyByte: UInt8 = index < key.count ? key[index] : 0
                inner[index] = keyByte ^ 0x36
                outer[index] = keyByte ^ 0x5C
            }
            if data.count > 0 {
                UnsafeMutableRawBufferPointer(rebasing: inner[blockLength..<(blockLength + data.count)]).copyMemory(
                    from: data)
            }
            if let trailer { inner[innerLength - 1] = trailer }
            let innerHash = outer.mutableBytes + blockLength
            _ = crypto_generichash(innerHash, hashLength, inner.mutableBytes, UInt64(innerLength), nil, 0)
            _ = crypto_generichash(output.mutableBytes, hashLength, outer.mutableBytes, UInt64(outer.count), nil, 0)
            sodium_memzero(scratch.baseAddress, scratch.count)
        }
    }

    /// HKDF(chainingKey, inputKeyMaterial) → (new chaining key, 32-byte cipher key), both in protected memory.
    private static func hkdf(
        _ chainingKey: SecureBytes, _ inputKeyMaterial: UnsafeRawBufferPointer
    ) throws(CryptoError) -> (SecureBytes, SecureBytes) {
        try withUnsafeTemporaryAllocation(byteCount: 3 * hashLength, alignment: 1) { (scratch) throws(CryptoError) in
            defer { sodium_memzero(scratch.baseAddress, scratch.count) }
            let temp = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<hashLength])
            let first = UnsafeMutableRawBufferPointer(rebasing: scratch[hashLength..<(2 * hashLength)])
            let second = UnsafeMutableRawBufferPointer(rebasing: scratch[(2 * hashLength)...])
            chainingKey.withUnsafeBytes { key in hmac(key: key, data: inputKeyMaterial, trailer: nil, into: temp) }
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            hmac(key: UnsafeRawBufferPointer(temp), data: empty, trailer: 0x01, into: first)
            hmac(key: UnsafeRawBufferPointer(temp), data: UnsafeRawBufferPointer(first), trailer: 0x02, into: second)
            let newChainingKey = try SecureBytes(copying: UnsafeRawBufferPointer(first))
            let cipherKey = try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: second[0..<32]))
            return (newChainingKey, cipherKey)
        }
    }
}
