extension String {
    /// The number of Unicode scalars, counted on the UTF-8 bytes (every scalar has exactly one byte
    /// that is not a continuation byte) — much cheaper than walking `unicodeScalars`.
    var scalarCount: Int {
        var text = self
        return text.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// The Unicode scalars as an array, decoded straight from the UTF-8 bytes (ASCII a byte at a time).
    var scalarArray: [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        var text = self
        text.withUTF8 { scalars.appendScalars(ofValidUTF8: $0) }
        return scalars
    }
}

extension [Unicode.Scalar] {
    /// Appends the scalars of `bytes`, which must be valid UTF-8 (as a `String`'s bytes are): several
    /// times faster than walking `unicodeScalars` or running `UTF8`'s decoder.
    mutating func appendScalars(ofValidUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        reserveCapacity(count + bytes.count)
        var index = 0
        while index < bytes.count {
            let lead = UInt32(bytes[index])
            if lead < 0x80 {
                append(Unicode.Scalar(UInt8(lead)))
                index += 1
                continue
            }
            // The lead byte says how many continuation bytes follow; a truncated sequence (impossible
            // in a `String`) ends the text rather than reading past it.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= bytes.count else { return }
            var value = lead & (0x7F >> UInt32(length))
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            append(Unicode.Scalar(value) ?? "\u{FFFD}")
            index += length
        }
    }
}
