internal import PlaceBinary

/// Identifies a document within a change log (in PlaceSync: within a space). Exactly 16 bytes.
///
/// Document ids are chosen by the caller (PlaceCRDT makes no random numbers): PlaceSync uses 16 random
/// bytes. An integrator that keeps a single document may use ``DocumentID/main``.
public struct DocumentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let high: UInt64
    package let low: UInt64

    /// The number of bytes in a document id.
    public static let byteCount = 16

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The all-zero id, a convenient name for the only document of a single-document log.
    public static let main = DocumentID(high: 0, low: 0)

    /// Creates a document id from exactly 16 bytes.
    /// - Returns: `nil` unless `bytes` holds exactly 16 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var index = 0
        for byte in bytes {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
            index += 1
        }
        self.init(high: high, low: low)
    }

    /// The id's 16 bytes.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        for word in [high, low] {
            for shift in stride(from: 56, through: 0, by: -8) {
                result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return result
    }

    public static func < (lhs: DocumentID, rhs: DocumentID) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    public var description: String { Hex.string(bytes) }
}
