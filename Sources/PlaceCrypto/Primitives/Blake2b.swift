internal import CSodium

/// BLAKE2b hashing (libsodium's `crypto_generichash`).
public enum Blake2b {
    /// Hashes `bytes` to `outputLength` bytes (16...64), optionally keyed (16...64-byte key).
    ///
    /// ```swift
    /// let id = Blake2b.hash(envelopeBytes)   // BLAKE2b-256
    /// ```
    public static func hash(_ bytes: [UInt8], outputLength: Int = 32, key: [UInt8] = []) -> [UInt8] {
        precondition((16...64).contains(outputLength), "BLAKE2b output is 16 to 64 bytes")
        precondition(key.isEmpty || (16...64).contains(key.count), "BLAKE2b keys are 16 to 64 bytes")
        var output = [UInt8](repeating: 0, count: outputLength)
        _ = try? Sodium.ensureInitialized()
        key.withUnsafeBufferPointer { keyBuffer in
            _ = crypto_generichash(
                &output, outputLength, bytes, UInt64(bytes.count), key.isEmpty ? nil : keyBuffer.baseAddress, key.count)
        }
        return output
    }

    /// Hashes several parts as if concatenated, to 64 bytes (the Noise hash function `HASH`).
    static func hash64(_ parts: [UInt8]...) -> [UInt8] {
        hash(parts.flatMap { $0 }, outputLength: 64)
    }
}
