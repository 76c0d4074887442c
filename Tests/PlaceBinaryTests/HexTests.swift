import PlaceBinary
import PlaceTestSupport
import Testing

/// Hexadecimal and big-endian u64 coding round-trip, and refuse what is not theirs.
@Suite struct HexTests {
    @Test(arguments: 0..<64 as Range<UInt64>)
    func bytesRoundTripThroughHexAndBigEndian(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let bytes = (0..<random.below(40)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let text = Hex.string(bytes)
        #expect(text.count == bytes.count * 2 && text == text.lowercased())
        #expect(Hex.bytes(text) == bytes)
        #expect(Hex.bytes(text.uppercased()) == bytes)
        let value = UInt64.random(in: 0...UInt64.max, using: &random)
        #expect(UInt64(bigEndianBytes: value.bigEndianBytes) == value)
    }

    @Test func whatIsNotHexOrNotEightBytesIsRefused() {
        #expect(Hex.bytes("abc") == nil)
        #expect(Hex.bytes("zz") == nil)
        #expect(Hex.bytes("0g") == nil)
        #expect(Hex.bytes("") == [])
        #expect(UInt64(bigEndianBytes: [1, 2, 3]) == nil)
        #expect(UInt64(bigEndianBytes: [UInt8](repeating: 0, count: 9)) == nil)
        #expect(UInt64(1).bigEndianBytes == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(Hex.string([0x00, 0xAB, 0xFF]) == "00abff")
    }
}
