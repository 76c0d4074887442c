internal import CSodium

/// libsodium's one-time initialisation, checked before any primitive runs.
enum Sodium {
    /// `sodium_init()` runs once, the first time this is read (Swift initialises statics atomically).
    private static let status: Int32 = sodium_init()

    /// Makes sure libsodium is ready.
    /// - Throws: ``CryptoError/Code/libraryUnavailable`` if `sodium_init()` failed.
    static func ensureInitialized() throws(CryptoError) {
        guard status >= 0 else {
            throw CryptoError(.libraryUnavailable, "libsodium failed to initialise (sodium_init returned \(status))")
        }
    }

    /// Fills a new array with `count` random bytes from libsodium's CSPRNG. For nonces, salts and ids —
    /// never for secrets (use ``SecureBytes/random(count:)``).
    static func randomBytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        try ensureInitialized()
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { randombytes_buf(base, buffer.count) }
        }
        return bytes
    }
}

/// Compares two byte sequences in constant time (for the same length).
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    if lhs.isEmpty { return true }
    return lhs.withUnsafeBytes { a in
        rhs.withUnsafeBytes { b in
            guard let pa = a.baseAddress, let pb = b.baseAddress else { return false }
            return sodium_memcmp(pa, pb, a.count) == 0
        }
    }
}
