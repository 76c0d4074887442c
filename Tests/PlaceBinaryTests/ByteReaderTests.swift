import PlaceBinary
import PlaceTestSupport
import Testing

@Suite struct ByteReaderTests {
    @Test func varintsRoundTripAcrossTheWholeRange() throws {
        var random = SeededRandom(seed: 7)
        var values: [UInt64] = [0, 1, 127, 128, 255, 300, 16_383, 16_384, UInt64.max, UInt64.max - 1, 1 << 63]
        for _ in 0..<2_000 { values.append(random.next() >> UInt64(random.below(64))) }
        var writer = ByteWriter()
        for value in values { writer.writeVarint(value) }
        var reader = ByteReader(writer.bytes)
        for value in values { #expect(try reader.readVarint() == value) }
        try reader.finish()
    }

    @Test func signedVarintsRoundTrip() throws {
        let values: [Int64] = [0, -1, 1, -64, 63, 64, -65, Int64.min, Int64.max]
        var writer = ByteWriter()
        for value in values { writer.writeSignedVarint(value) }
        #expect(writer.bytes.prefix(3) == [0, 1, 2])
        var reader = ByteReader(writer.bytes)
        for value in values { #expect(try reader.readSignedVarint() == value) }
    }

    @Test func overlongAndOverflowingVarintsAreRejected() {
        let cases: [[UInt8]] = [
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02],  // overflows 64 bits
            [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // 11 bytes
            [0x80, 0x00],  // not minimal
            [0x80],  // truncated
        ]
        for bytes in cases {
            var reader = ByteReader(bytes)
            #expect(throws: BinaryError.self) { try reader.readVarint() }
        }
    }

    @Test func lengthsBeyondTheLimitOrTheInputAreRejectedBeforeAllocation() {
        var writer = ByteWriter()
        writer.writeVarint(UInt64(1) << 32)  // a 4 GiB length
        var reader = ByteReader(writer.bytes)
        #expect(throws: BinaryError.self) { try reader.readLengthPrefixed(maxBytes: 1 << 20) }
        var short = ByteReader([5, 1, 2])
        #expect(throws: BinaryError.self) { try short.readLengthPrefixed(maxBytes: 100) }
    }

    @Test func invalidUTF8IsRejected() {
        var reader = ByteReader([2, 0xC3, 0x28])
        #expect(throws: BinaryError.self) { try reader.readString(maxBytes: 10) }
    }

    @Test func trailingBytesAreReported() throws {
        var reader = ByteReader([1, 2])
        _ = try reader.readByte()
        #expect(throws: BinaryError.self) { try reader.finish() }
    }

    @Test func fixedWidthIntegersRoundTrip() throws {
        var writer = ByteWriter()
        writer.writeUInt64LE(0x0102_0304_0506_0708)
        writer.writeUInt64BE(0x0102_0304_0506_0708)
        #expect(writer.bytes[0] == 8 && writer.bytes[8] == 1)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readUInt64LE() == 0x0102_0304_0506_0708)
        #expect(try reader.readUInt64BE() == 0x0102_0304_0506_0708)
    }

    @Test func randomBytesNeverCrashTheReader() {
        var random = SeededRandom(seed: 99)
        for _ in 0..<10_000 {
            let bytes = (0..<random.below(24)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var reader = ByteReader(bytes)
            while !reader.isAtEnd {
                switch random.below(4) {
                case 0: _ = try? reader.readVarint()
                case 1: _ = try? reader.readString(maxBytes: 16)
                case 2: _ = try? reader.readSignedVarint()
                default: _ = try? reader.readByte()
                }
                if random.chance(10) { break }
            }
        }
    }
}
