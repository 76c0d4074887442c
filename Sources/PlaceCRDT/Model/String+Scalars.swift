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

    /// The Unicode scalars as an array, sized once.
    var scalarArray: [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(scalarCount)
        for scalar in unicodeScalars { scalars.append(scalar) }
        return scalars
    }
}
