/// Splits a document's text into the pieces the full-text index holds, so that an edit re-indexes only
/// the pieces it touched.
///
/// Boundaries are content-defined: a piece ends after a line whose own hash says so (once the piece
/// holds ``minimumBytes``), or at the first line end past ``maximumBytes``. An edit changes the boundary
/// decision of the line it edits only, so the pieces before it stay as they were and those after it
/// line up again at the next boundary line. A line is cut at a space every ``maximumBytes`` of its own
/// length (or, with no space, at a character boundary after ``hardLimitBytes``).
enum TextChunks {
    /// The least a piece holds before a line may end it.
    static let minimumBytes = 512
    /// Past this, the next line end ends a piece; a line is cut at a space after this many of its bytes.
    static let maximumBytes = 8_192
    /// A line with no space is cut after this many bytes.
    static let hardLimitBytes = 16_384

    /// A piece: its UTF-8 byte range in the text and its fingerprint.
    struct Piece {
        var bytes: Range<Int>
        /// A 64-bit FNV-1a hash of the piece's bytes. Stored, to tell which pieces an edit changed; a
        /// collision would only leave one piece's index stale until its next change.
        var fingerprint: Int64
    }

    /// The pieces of `text`, in order; their ranges cover it. One pass over its UTF-8 bytes.
    static func pieces(of text: String) -> [Piece] {
        var text = text
        return text.withUTF8 { pieces(of: $0) }
    }

    /// The pieces of `text` as substrings (their concatenation is `text`).
    static func split(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        return pieces(of: text).map {
            let start = utf8.index(utf8.startIndex, offsetBy: $0.bytes.lowerBound)
            return text[start..<utf8.index(start, offsetBy: $0.bytes.count)]
        }
    }

    static func pieces(of bytes: UnsafeBufferPointer<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        var pieceStart = 0
        // Bytes since the line began or was last cut: long lines are cut by their own length only.
        var runBytes = 0
        var lineHash = FNV1a()
        var pieceHash = FNV1a(domain: bodyDomain)
        func cut(before end: Int) {
            pieces.append(Piece(bytes: pieceStart..<end, fingerprint: Int64(bitPattern: pieceHash.value)))
            pieceStart = end
            pieceHash = FNV1a(domain: bodyDomain)
        }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if runBytes >= hardLimitBytes && byte & 0xC0 != 0x80 {
                // A long run with no space: cut before this character (never inside one).
                cut(before: index)
                runBytes = 0
            }
            runBytes += 1
            lineHash.add(byte)
            pieceHash.add(byte)
            if byte == 0x0A {
                // A line ends: end the piece if the line says so, or if the piece is full.
                let pieceBytes = index + 1 - pieceStart
                if pieceBytes >= minimumBytes && (lineHash.mixed & 1 == 0 || pieceBytes >= maximumBytes) {
                    cut(before: index + 1)
                }
                runBytes = 0
                lineHash = FNV1a()
            } else if runBytes >= maximumBytes && (byte == 0x20 || byte == 0x09) {
                cut(before: index + 1)
                runBytes = 0
            }
        }
        if pieceStart < bytes.count { cut(before: bytes.count) }
        return pieces
    }

    /// The fingerprint domains: titles and text hash apart.
    static let titleDomain: UInt8 = 1
    static let bodyDomain: UInt8 = 2

    /// A title's fingerprint.
    static func fingerprint(title: String) -> Int64 {
        var hash = FNV1a(domain: titleDomain)
        for byte in title.utf8 { hash.add(byte) }
        return Int64(bitPattern: hash.value)
    }
}

/// The 64-bit FNV-1a hash.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}

    /// A hash seeded with `domain`, so equal bytes of different kinds hash apart.
    init(domain: UInt8) { add(domain) }

    /// The value with its bits mixed (FNV's low bits are weak: the lowest is the bytes' parity).
    var mixed: UInt64 {
        var mixed = value ^ (value >> 33)
        mixed &*= 0xff51_afd7_ed55_8ccd
        mixed ^= mixed >> 33
        return mixed
    }

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
}
