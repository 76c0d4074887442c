extension String {
    /// The number of Unicode scalars, counted on the UTF-8 bytes (every scalar has exactly one byte
    /// that is not a continuation byte) — much cheaper than walking `unicodeScalars`.
    var scalarCount: Int {
        withUTF8Bytes { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            var count = 0
            var index = 0
            // Eight bytes at a time: a continuation byte has its top bit set and the next one clear.
            while index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                count += 8 - (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                index += 8
            }
            for byte in bytes[index...] where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// The Unicode scalars as an array, decoded straight from the UTF-8 bytes (ASCII a byte at a time).
    var scalarArray: [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        withUTF8Bytes { scalars.appendScalars(ofValidUTF8: $0) }
        return scalars
    }

    /// Runs `body` on the string's UTF-8 bytes where they lie (a native string's storage, or a small
    /// string's bytes). `withUTF8` is mutating: calling it on a `var` copy of a string held elsewhere
    /// (in an operation, say) copied the whole operation around it first. Only a string without
    /// contiguous UTF-8 (bridged from elsewhere) is copied.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}

extension [Unicode.Scalar] {
    /// Appends the scalars of `bytes`, which must be valid UTF-8 (as a `String`'s bytes are): several
    /// times faster than walking `unicodeScalars` or running `UTF8`'s decoder.
    mutating func appendScalars(ofValidUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        // At most one scalar per byte: room for that many, made in one step (growing at least twofold,
        // as an exact reservation would copy a long buffer, a text's content, on every call).
        let start = count
        if capacity < start + bytes.count { reserveCapacity(Swift.max(start + bytes.count, 2 * capacity)) }
        // A keystroke or a word of ASCII (most remote inserts): appended byte by byte, which costs less
        // than filling the room and trimming it.
        if bytes.count <= 16, !bytes.contains(where: { $0 >= 0x80 }) {
            for byte in bytes { append(Unicode.Scalar(byte)) }
            return
        }
        // Anything else is decoded into the room through a pointer (no capacity or uniqueness check per
        // scalar), and what is left over is dropped.
        append(contentsOf: repeatElement(Unicode.Scalar(0), count: bytes.count))
        let decoded = withUnsafeMutableBufferPointer { buffer in
            Self.decode(bytes, into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        removeLast(bytes.count - decoded)
    }

    /// Decodes `bytes` into `scalars` (at least as long); returns how many scalars were written.
    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, into scalars: UnsafeMutableBufferPointer<Unicode.Scalar>
    ) -> Int {
        guard let base = bytes.baseAddress, let output = scalars.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var written = 0
        while index < bytes.count {
            // A stretch of ASCII (most text): found eight bytes at a time, then widened in a plain loop
            // the compiler vectorizes.
            var end = index
            while end + 8 <= bytes.count,
                raw.loadUnaligned(fromByteOffset: end, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                end += 8
            }
            while end < bytes.count && bytes[end] < 0x80 { end += 1 }
            if end > index {
                widenASCII(base + index, count: end - index, into: output + written)
                written += end - index
                index = end
                if index == bytes.count { break }
            }
            // One longer scalar: the lead byte says how many continuation bytes follow; a truncated
            // sequence (impossible in a `String`) ends the text rather than reading past it.
            let lead = UInt32(bytes[index])
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= bytes.count else { break }
            var value = lead & (0x7F >> UInt32(length))
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            output[written] = Unicode.Scalar(value) ?? "\u{FFFD}"
            written += 1
            index += length
        }
        return written
    }

    /// Writes the `count` ASCII bytes at `bytes` as scalars.
    private static func widenASCII(
        _ bytes: UnsafePointer<UInt8>, count: Int, into scalars: UnsafeMutablePointer<Unicode.Scalar>
    ) {
        // A scalar is its 32-bit value: written as that, the loop is a widening the compiler vectorizes.
        scalars.withMemoryRebound(to: UInt32.self, capacity: count) { values in
            for offset in 0..<count { values[offset] = UInt32(bytes[offset]) }
        }
    }
}
