internal import PlaceBinary

/// A space's id: 16 random bytes chosen when the space is created. It lives beside ``DocumentID`` and
/// ``ActorID`` so that every layer (the wire, the replica store, the node) names a space by this type.
public struct SpaceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id's bytes.
    public let bytes: [UInt8]

    /// The number of bytes.
    public static let byteCount = 16

    /// Wraps 16 bytes.
    /// - Returns: `nil` unless `bytes` holds exactly ``byteCount`` bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    public static func < (lhs: SpaceID, rhs: SpaceID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public var description: String { Hex.string(bytes) }
}
