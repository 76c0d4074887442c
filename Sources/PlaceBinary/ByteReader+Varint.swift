extension ByteReader {
    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    /// - Throws: ``BinaryError/Code/malformedVarint`` when it is longer than 10 bytes, overflows 64 bits
    ///   or is not minimally encoded (a trailing zero byte), so each value has exactly one encoding.
    public mutating func readVarint() throws(BinaryError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            if shift == 63 && byte > 1 {
                throw BinaryError(.malformedVarint, "varint overflows 64 bits", offset: start)
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    throw BinaryError(.malformedVarint, "varint is not minimally encoded", offset: start)
                }
                return value
            }
            shift += 7
            if shift > 63 {
                throw BinaryError(.malformedVarint, "varint is longer than 10 bytes", offset: start)
            }
        }
    }

    /// Reads a zig-zag encoded signed varint.
    public mutating func readSignedVarint() throws(BinaryError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a varint that must lie in `range`.
    /// - Parameters:
    ///   - range: the values accepted.
    ///   - field: names the field in the error message.
    public mutating func readVarint(in range: ClosedRange<UInt64>, field: String) throws(BinaryError) -> UInt64 {
        let start = offset
        let value = try readVarint()
        guard range.contains(value) else {
            throw BinaryError(
                .invalidValue, "\(field) is \(value), expected \(range.lowerBound)...\(range.upperBound)", offset: start
            )
        }
        return value
    }

    /// Reads a count or length that must not exceed `limit`.
    ///
    /// Use it before allocating: the returned value is at most `limit`, so `reserveCapacity` on it is safe.
    /// - Parameters:
    ///   - limit: the largest acceptable value.
    ///   - field: names the field in the error message.
    public mutating func readCount(limit: Int, field: String = "count") throws(BinaryError) -> Int {
        let start = offset
        let value = try readVarint()
        guard value <= UInt64(limit) else {
            throw BinaryError(.limitExceeded, "\(field) \(value) exceeds the limit \(limit)", offset: start)
        }
        return Int(value)
    }

    /// Reads a varint length followed by that many bytes.
    /// - Parameters:
    ///   - maxBytes: the largest acceptable length; also checked against the bytes that remain.
    ///   - field: names the field in the error message.
    public mutating func readLengthPrefixed(maxBytes: Int, field: String = "blob") throws(BinaryError) -> ArraySlice<
        UInt8
    > {
        let length = try readCount(limit: maxBytes, field: "\(field) length")
        guard length <= remaining else {
            throw BinaryError(.truncated, "\(field) declares \(length) bytes but \(remaining) remain", offset: offset)
        }
        return try readBytes(length)
    }

    /// Reads a length-prefixed UTF-8 string.
    /// - Throws: ``BinaryError/Code/invalidUTF8`` for invalid UTF-8.
    public mutating func readString(maxBytes: Int, field: String = "string") throws(BinaryError) -> String {
        let start = offset
        let raw = try readLengthPrefixed(maxBytes: maxBytes, field: field)
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw BinaryError(.invalidUTF8, "\(field) is not valid UTF-8", offset: start)
        }
        return string
    }
}
