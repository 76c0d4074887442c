import PlaceBinary
import Testing

/// The writer's exact bytes: every encoding in PlaceSync is built from these, and the format vectors
/// pin them down only for the values they happen to hold.
@Suite struct ByteWriterTests {
    @Test func fixedWidthIntegersAreWrittenInTheirByteOrder() {
        var writer = ByteWriter()
        writer.writeUInt64BE(0x0102_0304_0506_0708)
        writer.writeUInt64LE(0x0102_0304_0506_0708)
        writer.writeUInt64BE(.max)
        writer.writeUInt64LE(0)
        #expect(
            writer.bytes
                == [1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1] + [UInt8](repeating: 0xFF, count: 8)
                + [UInt8](repeating: 0, count: 8))
    }

    @Test func stringsAreWrittenAsTheirUTF8LengthThenTheirUTF8() throws {
        var writer = ByteWriter()
        let strings = ["", "a", "héllo 👋", String(repeating: "ü", count: 100)]
        for string in strings { writer.writeString(string) }
        var expected: [UInt8] = []
        for string in strings {
            let utf8 = Array(string.utf8)
            var length = ByteWriter()
            length.writeVarint(utf8.count)
            expected += length.bytes + utf8
        }
        #expect(writer.bytes == expected)
        #expect(writer.bytes.count == 1 + (1 + 1) + (1 + 11) + (2 + 200))
        var reader = ByteReader(writer.bytes)
        for string in strings { #expect(try reader.readString(maxBytes: 1_000) == string) }
        try reader.finish()
    }
}
