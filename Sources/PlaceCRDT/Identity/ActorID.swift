internal import PlaceBinary

/// The identity of a writer: the author of changes in a change log.
///
/// An actor id is exactly 32 bytes. In PlaceSync it is the author's Ed25519 public key (the node id), so a
/// change's `(actor, seq)` is its envelope's `(author, seq)`. An integrator that uses PlaceCRDT alone may
/// use any 32 unique bytes per writer, for example random bytes generated once per device.
///
/// Actor ids are ordered by their bytes; that order breaks ties between concurrent operations.
///
/// ```swift
/// let actor = try #require(ActorID(bytes: publicKeyBytes))
/// ```
public struct ActorID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The bytes as four big-endian words, so that comparing words compares bytes lexicographically.
    package let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// The number of bytes in an actor id.
    public static let byteCount = 32

    /// Creates an actor id from its four big-endian 64-bit words.
    @usableFromInline
    package init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// Creates an actor id from exactly 32 bytes.
    /// - Parameter bytes: the id's bytes, for example an Ed25519 public key.
    /// - Returns: `nil` unless `bytes` holds exactly 32 bytes.
    /// Inlinable, so that callers in other modules get it specialised for their collection (generic, it
    /// went through witness tables for every byte).
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var index = 0
        for byte in bytes {
            switch index / 8 {
            case 0: words.0 = words.0 << 8 | UInt64(byte)
            case 1: words.1 = words.1 << 8 | UInt64(byte)
            case 2: words.2 = words.2 << 8 | UInt64(byte)
            default: words.3 = words.3 << 8 | UInt64(byte)
            }
            index += 1
        }
        self.init(w0: words.0, w1: words.1, w2: words.2, w3: words.3)
    }

    /// The id's 32 bytes.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(Self.byteCount)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return result
    }

    /// The all-zero id. It is reserved: it never authors changes and names the root container.
    package static let zero = ActorID(w0: 0, w1: 0, w2: 0, w3: 0)

    public static func < (lhs: ActorID, rhs: ActorID) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }

    /// The id in lowercase hexadecimal (an actor id is a public key, not a secret).
    public var hex: String { Hex.string(bytes) }

    /// The first 8 bytes in hexadecimal, enough to tell actors apart in logs and messages.
    public var description: String { String(hex.prefix(16)) }
}
