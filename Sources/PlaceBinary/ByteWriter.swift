/// Appends binary values to a growing byte buffer.
///
/// The single place where PlaceSync formats bytes: unsigned LEB128 varints, zig-zag signed varints,
/// little-endian fixed-width integers and length-prefixed strings and blobs.
///
/// ```swift
/// var writer = ByteWriter()
/// writer.writeVarint(300)
/// writer.writeString("hello")
/// let bytes = writer.bytes
/// ```
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer.
    /// - Parameter capacity: bytes to reserve up front.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The number of bytes written so far.
    public var count: Int { bytes.count }

    /// Appends one byte.
    public mutating func writeByte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends raw bytes with no length prefix.
    public mutating func writeBytes(_ value: some Sequence<UInt8>) {
        bytes.append(contentsOf: value)
    }

    /// Appends an unsigned LEB128 varint (1 to 10 bytes).
    public mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Appends a non-negative `Int` as an unsigned varint.
    /// - Precondition: `value >= 0` (a programmer error otherwise).
    public mutating func writeVarint(_ value: Int) {
        precondition(value >= 0, "varint lengths and counts are never negative")
        writeVarint(UInt64(value))
    }

    /// Appends a signed integer as a zig-zag varint, so small negative numbers stay small.
    public mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a fixed-width little-endian 64-bit integer.
    public mutating func writeUInt64LE(_ value: UInt64) {
        // The eight bytes at once: appending them one by one checked capacity and uniqueness eight times.
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a fixed-width big-endian 64-bit integer (used where byte order must sort like the value).
    public mutating func writeUInt64BE(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a varint length followed by the bytes.
    public mutating func writeLengthPrefixed(_ value: some Collection<UInt8>) {
        writeVarint(value.count)
        bytes.append(contentsOf: value)
    }

    /// Appends a string as a varint byte length followed by its UTF-8 bytes.
    public mutating func writeString(_ value: String) {
        // Straight from the string's storage, without an intermediate array.
        let utf8 = value.utf8
        writeVarint(utf8.count)
        if utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: utf8)
        }
    }
}
