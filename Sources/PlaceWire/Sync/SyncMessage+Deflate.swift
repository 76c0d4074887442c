internal import PlaceBinary

/// Deflated messages (protocol version 2, `Protocol/PROTOCOL.md` §5): a message whose encoding
/// compresses well travels as `u8 0x11 || u32be inflatedLength || zlib stream` of its encoding.
/// Headers and vectors repeat from envelope to envelope and compress; sealed bodies do not, so a
/// message is sent deflated only when that saves at least a tenth of it. zlib level 1: on envelope
/// batches it compresses as well as level 6 at about twice the speed (`envelope-report`).
extension SyncMessage {
    /// The type byte of a deflated message.
    public static let deflatedType: UInt8 = 0x11
    /// Messages shorter than this are never deflated (too little to gain).
    public static let deflateThreshold = 1_024

    /// Whether a message of this kind may be deflated: the ones that carry envelopes or attestations.
    public var isDeflatable: Bool {
        switch self {
        case .envelopes, .chain, .attestations: true
        default: false
        }
    }

    /// `encoded` (a message's ``encoded()`` bytes) as a deflated message, or `nil` when it is short or
    /// deflating would not save at least a tenth of it.
    public static func deflated(_ encoded: [UInt8]) -> [UInt8]? {
        guard encoded.count >= deflateThreshold, encoded.count <= maxBytes,
            let stream = Zlib.deflate(encoded, level: 1), 5 + stream.count <= encoded.count - encoded.count / 10
        else { return nil }
        let length = UInt32(encoded.count)
        return [
            deflatedType, UInt8(length >> 24), UInt8(truncatingIfNeeded: length >> 16),
            UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length),
        ] + stream
    }

    /// The encoding inside a deflated message (`bytes` starts with ``deflatedType``).
    /// - Throws: ``WireError/Code/limitExceeded`` when it declares more than ``maxBytes`` (checked before
    ///   anything is inflated: inflating never writes past the declared length);
    ///   ``WireError/Code/malformed`` when the stream is corrupt or cut short, inflates to more or less
    ///   than it declares, or holds another deflated message.
    public static func inflated(_ bytes: [UInt8]) throws(WireError) -> [UInt8] {
        guard bytes.count >= 5, bytes[0] == deflatedType else {
            throw WireError(.malformed, "a deflated message is its type, a length and a zlib stream")
        }
        let declared = Int(bytes[1]) << 24 | Int(bytes[2]) << 16 | Int(bytes[3]) << 8 | Int(bytes[4])
        guard declared <= maxBytes else {
            throw WireError(.limitExceeded, "a deflated message declares \(declared) bytes, over \(maxBytes)")
        }
        let output = try Zlib.inflate(bytes[5...], declared: declared, what: "a deflated message")
        guard output.first != deflatedType else {
            throw WireError(.malformed, "a deflated message holds another deflated message")
        }
        return output
    }

    /// Decodes one message, which may be deflated (between peers that speak protocol version 2).
    /// - Throws: what ``inflated(_:)`` and ``init(decoding:)`` throw.
    public init(decodingPossiblyDeflated bytes: [UInt8]) throws(WireError) {
        if bytes.first == Self.deflatedType {
            try self.init(decoding: try Self.inflated(bytes))
        } else {
            try self.init(decoding: bytes)
        }
    }
}
