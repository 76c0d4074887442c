/// A space's id: 16 random bytes chosen when the space is created.
public struct SpaceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id's bytes.
    public let bytes: [UInt8]

    /// The number of bytes.
    public static let byteCount = 16

    /// Wraps 16 bytes.
    /// - Throws: ``WireError/Code/malformed`` for another length.
    public init(bytes: [UInt8]) throws(WireError) {
        guard bytes.count == Self.byteCount else {
            throw WireError(.malformed, "a space id is \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    public static func < (lhs: SpaceID, rhs: SpaceID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public var description: String { hexDigits(bytes) }
}
