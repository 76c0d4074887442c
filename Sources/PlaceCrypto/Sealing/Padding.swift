internal import CSodium

/// Pads bodies to size buckets before encryption, so a relay learns only a coarse size class.
///
/// A body of `n` bytes is padded (ISO/IEC 7816-4, `sodium_pad`: `0x80` then zeros) to
/// `max(floor, padmé(n + 1))`, where the floor is 256 bytes for envelope formats 1 and 2 and 32 bytes
/// for format 3 (``compactMinimumSize``: a one-word edit is not padded to a paragraph's size). Padmé
/// (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with PURBs", 2019)
/// rounds a length `L` so that only its top `⌊log₂ ⌊log₂ L⌋⌋ + 1` bits may be non-zero: it costs at most 12 % (about 6 % at 4 KiB) and leaves `O(log log L)` bits of
/// length information. Documented in `Protocol/CRYPTO.md`.
public enum Padding {
    /// The smallest padded size of envelope formats 1 and 2.
    public static let minimumSize = 256
    /// The smallest padded size of envelope format 3 (CRYPTO.md §4).
    public static let compactMinimumSize = 32

    /// The padded size for a body of `count` bytes, padded to at least `minimum`.
    public static func paddedSize(for count: Int, minimum: Int = minimumSize) -> Int {
        max(minimum, padme(count + 1))
    }

    /// Padmé rounding of a length.
    static func padme(_ length: Int) -> Int {
        guard length > 1 else { return length }
        let exponent = Int.bitWidth - 1 - length.leadingZeroBitCount  // ⌊log₂ L⌋
        let significant = Int.bitWidth - exponent.leadingZeroBitCount  // ⌊log₂ E⌋ + 1
        let mask = (1 << (exponent - significant)) - 1
        return (length + mask) & ~mask
    }

    /// Pads `body` to its bucket (at least `minimum` bytes): the body, `0x80`, then zeros.
    public static func pad(_ body: [UInt8], minimum: Int = minimumSize) -> [UInt8] {
        let size = paddedSize(for: body.count, minimum: minimum)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            _ = buffer.initialize(from: body)
            buffer[body.count] = 0x80
            if size > body.count + 1 {
                UnsafeMutableBufferPointer(rebasing: buffer[(body.count + 1)...]).initialize(repeating: 0)
            }
            initialized = size
        }
    }

    /// Removes the padding of a body padded to at least `minimum` bytes.
    ///
    /// The scan is not constant-time: it runs only on data whose authentication tag has already been
    /// checked, so its timing tells an attacker nothing they could not compute (`sodium_unpad`'s
    /// constant-time scan over the whole bucket cost ~10 µs per 4 KiB).
    /// - Throws: ``CryptoError/Code/badPadding`` when the padding is malformed.
    public static func unpad(_ padded: consuming [UInt8], minimum: Int = minimumSize) throws(CryptoError) -> [UInt8] {
        guard padded.count >= minimum else {
            throw CryptoError(.badPadding, "a padded body is at least \(minimum) bytes, got \(padded.count)")
        }
        guard let marker = padded.lastIndex(where: { $0 != 0 }), padded[marker] == 0x80 else {
            throw CryptoError(.badPadding, "the body's padding is malformed")
        }
        guard paddedSize(for: marker, minimum: minimum) == padded.count else {
            throw CryptoError(.badPadding, "a body of \(marker) bytes is not padded to its bucket")
        }
        var body = padded
        body.removeLast(body.count - marker)
        return body
    }
}
