import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// The merge path counts and decodes scalars from UTF-8 bytes itself (faster than the standard
/// library's views); it must agree with `unicodeScalars` on every string.
@Suite struct ScalarDecodingTests {
    /// Scalars from every UTF-8 length: ASCII, two-byte, three-byte (including just below the
    /// surrogates and the last BMP scalar) and four-byte (emoji, the largest scalar).
    static let alphabet: [Unicode.Scalar] = [
        "a", "Z", "\u{0}", "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "€", "\u{D7FF}", "\u{E000}", "\u{FFFD}",
        "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}",
    ]

    @Test func decodedScalarsAndCountsMatchTheStandardLibraryOnRandomStrings() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<random.below(40) { scalars.append(Self.alphabet[random.below(Self.alphabet.count)]) }
            let text = String(scalars)
            #expect(text.scalarArray == Array(text.unicodeScalars))
            #expect(text.scalarCount == text.unicodeScalars.count)
        }
    }

    /// Mostly ASCII, as real text is: long ASCII stretches go eight bytes at a time, and must hand over
    /// to the byte-by-byte path wherever a longer scalar starts, at any offset.
    @Test func mostlyASCIITextDecodesTheSameAsTheStandardLibrary() {
        var random = SeededRandom(seed: 12)
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<random.below(100) {
                scalars.append(
                    random.below(10) == 0
                        ? Self.alphabet[random.below(Self.alphabet.count)]
                        : Unicode.Scalar(UInt8(random.below(128))))
            }
            let text = String(scalars)
            #expect(text.scalarArray == Array(text.unicodeScalars))
            #expect(text.scalarCount == text.unicodeScalars.count)
        }
    }

    /// Long ASCII stretches (a pasted paragraph of code) are widened in one loop: any length, broken by
    /// a longer scalar anywhere, must still decode exactly.
    @Test func longASCIIStretchesDecodeTheSameAsTheStandardLibrary() {
        var random = SeededRandom(seed: 13)
        for _ in 0..<500 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<random.below(4) {
                for _ in 0..<random.below(300) { scalars.append(Unicode.Scalar(UInt8(random.below(128)))) }
                scalars.append(Self.alphabet[random.below(Self.alphabet.count)])
            }
            let text = String(scalars)
            #expect(text.scalarArray == Array(text.unicodeScalars))
        }
    }

    @Test func appendingDecodedScalarsKeepsWhatWasThere() {
        var scalars: [Unicode.Scalar] = ["x"]
        Array("añ😀€".utf8).withUnsafeBufferPointer { scalars.appendScalars(ofValidUTF8: $0) }
        #expect(scalars == ["x", "a", "ñ", "😀", "€"])
    }

    /// Short ASCII text (a keystroke, a word) takes a path of its own: every length up to past its limit,
    /// and a short text with one longer scalar at any place, appended after what was there.
    @Test func shortTextAppendsTheSameScalarsAsTheStandardLibrary() {
        var random = SeededRandom(seed: 13)
        for length in 0...20 {
            for variant in 0...length {
                var scalars = String.UnicodeScalarView()
                for index in 0..<length {
                    scalars.append(
                        index == variant
                            ? Self.alphabet[random.below(Self.alphabet.count)]
                            : Unicode.Scalar(UInt8(random.below(128))))
                }
                let text = String(scalars)
                var appended: [Unicode.Scalar] = ["x", "y"]
                text.withUTF8Bytes { appended.appendScalars(ofValidUTF8: $0) }
                #expect(appended == ["x", "y"] + Array(text.unicodeScalars))
            }
        }
    }

    @Test func aTruncatedSequenceEndsTheTextInsteadOfReadingPastIt() {
        var scalars: [Unicode.Scalar] = []
        // "a", then the first two bytes of the three-byte "€".
        [UInt8]([0x61, 0xE2, 0x82]).withUnsafeBufferPointer { scalars.appendScalars(ofValidUTF8: $0) }
        #expect(scalars == ["a"])
    }
}
