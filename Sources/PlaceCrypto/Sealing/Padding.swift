internal import CSodium

/// Pads bodies to size buckets before encryption, so a relay learns only a coarse size class.
///
/// Buckets: 256 B, 1 KiB, 4 KiB, 16 KiB, 64 KiB, 256 KiB, 1 MiB, then whole MiB. A body of `n` bytes
/// is padded (ISO/IEC 7816-4, `sodium_pad`) to the smallest bucket that holds `n + 1` bytes.
public enum Padding {
    /// The bucket sizes below 1 MiB; above it, multiples of 1 MiB.
    public static let buckets = [256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20]

    /// The padded size for a body of `count` bytes.
    public static func paddedSize(for count: Int) -> Int {
        for bucket in buckets where count + 1 <= bucket { return bucket }
        let mib = 1 << 20
        return (count + 1 + mib - 1) / mib * mib
    }

    /// Pads `body` to its bucket.
    public static func pad(_ body: [UInt8]) -> [UInt8] {
        let size = paddedSize(for: body.count)
        var buffer = body + [UInt8](repeating: 0, count: size - body.count)
        var paddedLength = 0
        _ = sodium_pad(&paddedLength, &buffer, body.count, size, size)
        return Array(buffer.prefix(paddedLength))
    }

    /// Removes the padding.
    /// - Throws: ``CryptoError/Code/badPadding`` when the padding is malformed.
    public static func unpad(_ padded: [UInt8]) throws(CryptoError) -> [UInt8] {
        let size = paddedSize(for: max(padded.count - 1, 0))
        guard !padded.isEmpty, size == padded.count else {
            throw CryptoError(.badPadding, "a padded body of \(padded.count) bytes is not a bucket size")
        }
        var length = 0
        guard sodium_unpad(&length, padded, padded.count, size) == 0 else {
            throw CryptoError(.badPadding, "the body's padding is malformed")
        }
        return Array(padded.prefix(length))
    }
}
