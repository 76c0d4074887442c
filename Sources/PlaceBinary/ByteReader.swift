/// Reads binary values from a byte buffer, checking every length against what remains.
///
/// Every read throws ``BinaryError`` instead of trapping when the input is too short or malformed, and
/// no read allocates from a length it has not first checked against the remaining input and a caller's
/// limit. Decoders call ``finish()`` at the end to reject trailing garbage.
///
/// ```swift
/// var reader = ByteReader(bytes)
/// let count = try reader.readCount(limit: 1_000)
/// let name = try reader.readString(maxBytes: 256)
/// try reader.finish()
/// ```
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// The offset of the next byte to read.
    public private(set) var offset: Int

    /// Creates a reader over `bytes`, starting at the first byte.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Creates a reader over a copy of `bytes`.
    public init(_ bytes: some Sequence<UInt8>) {
        self.init(Array(bytes))
    }

    /// The number of bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset == bytes.count }

    /// Throws ``BinaryError/Code/trailingBytes`` unless every byte has been read.
    public func finish() throws(BinaryError) {
        if !isAtEnd {
            throw BinaryError(
                .trailingBytes, "\(remaining) unexpected byte(s) after the end of the value", offset: offset)
        }
    }

    /// Reads one byte.
    public mutating func readByte() throws(BinaryError) -> UInt8 {
        guard offset < bytes.count else {
            throw BinaryError(.truncated, "expected 1 more byte", offset: offset)
        }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads exactly `count` raw bytes.
    /// - Throws: ``BinaryError/Code/truncated`` when fewer remain.
    public mutating func readBytes(_ count: Int) throws(BinaryError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw BinaryError(.truncated, "expected \(count) more byte(s), \(remaining) remain", offset: offset)
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Reads a fixed-width little-endian 64-bit integer.
    public mutating func readUInt64LE() throws(BinaryError) -> UInt64 {
        let raw = try readBytes(8)
        var value: UInt64 = 0
        for (index, byte) in raw.enumerated() {
            value |= UInt64(byte) << UInt64(index * 8)
        }
        return value
    }

    /// Reads a fixed-width big-endian 64-bit integer.
    public mutating func readUInt64BE() throws(BinaryError) -> UInt64 {
        let raw = try readBytes(8)
        var value: UInt64 = 0
        for byte in raw {
            value = value << 8 | UInt64(byte)
        }
        return value
    }
}
