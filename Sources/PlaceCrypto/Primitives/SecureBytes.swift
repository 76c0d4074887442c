internal import CSodium

/// Secret bytes in memory that libsodium allocated with guard pages, locked against swapping and zeroed
/// when released. Exposed only inside ``withUnsafeBytes(_:)``; never copied into an `Array` or `String`.
///
/// The buffer is written once, during initialisation, and only read afterwards.
public final class SecureBytes: @unchecked Sendable {
    // Safety: `pointer` is written only in the initialisers, before the instance is shared, and freed in
    // `deinit`; all later access is read-only, so concurrent readers are safe.
    private let pointer: UnsafeMutableRawPointer
    /// The number of bytes.
    public let count: Int

    /// Allocates `count` bytes and lets `initialize` write them.
    init(count: Int, _ initialize: (UnsafeMutableRawBufferPointer) throws(CryptoError) -> Void) throws(CryptoError) {
        try Sodium.ensureInitialized()
        guard count > 0, let pointer = sodium_malloc(count) else {
            throw CryptoError(.libraryUnavailable, "could not allocate \(count) bytes of protected memory")
        }
        self.pointer = pointer
        self.count = count
        // If this throws, the instance is already fully initialised, so `deinit` frees the buffer.
        try initialize(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// Copies `bytes` into protected memory. The caller should wipe its own copy.
    public convenience init(copying bytes: some Collection<UInt8>) throws(CryptoError) {
        try self.init(count: bytes.count) { buffer in
            // Byte by byte, so no intermediate Array copy of the secret is made.
            for (index, byte) in bytes.enumerated() where index < buffer.count {
                buffer[index] = byte
            }
        }
    }

    /// `count` bytes from libsodium's CSPRNG.
    public static func random(count: Int) throws(CryptoError) -> SecureBytes {
        try SecureBytes(count: count) { buffer in
            if let base = buffer.baseAddress { randombytes_buf(base, buffer.count) }
        }
    }

    deinit {
        sodium_free(pointer)  // sodium_free zeroes the memory before releasing it
    }

    /// Calls `body` with read-only access to the secret. Do not let the pointer escape.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Whether two secrets are equal, compared in constant time.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        return sodium_memcmp(pointer, other.pointer, count) == 0
    }
}
