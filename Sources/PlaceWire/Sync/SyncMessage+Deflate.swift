internal import CZlib
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
        guard encoded.count >= deflateThreshold, encoded.count <= maxBytes else { return nil }
        var size = compressBound(uLong(encoded.count))
        var output = [UInt8](repeating: 0, count: 5 + Int(size))
        let status = output.withUnsafeMutableBufferPointer { buffer in
            encoded.withUnsafeBufferPointer { input in
                guard let destination = buffer.baseAddress, let source = input.baseAddress else { return Z_BUF_ERROR }
                return compress2(destination + 5, &size, source, uLong(input.count), 1)
            }
        }
        guard status == Z_OK, 5 + Int(size) <= encoded.count - encoded.count / 10 else { return nil }
        let length = UInt32(encoded.count)
        output[0] = deflatedType
        output[1] = UInt8(length >> 24)
        output[2] = UInt8(truncatingIfNeeded: length >> 16)
        output[3] = UInt8(truncatingIfNeeded: length >> 8)
        output[4] = UInt8(truncatingIfNeeded: length)
        output.removeLast(output.count - 5 - Int(size))
        return output
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
        guard declared > 0 else { throw WireError(.malformed, "a deflated message declares 0 bytes") }
        var output = [UInt8](repeating: 0, count: declared)
        var size = uLong(declared)
        let status = output.withUnsafeMutableBufferPointer { buffer in
            bytes.withUnsafeBufferPointer { input in
                guard let destination = buffer.baseAddress, let source = input.baseAddress else { return Z_BUF_ERROR }
                return uncompress(destination, &size, source + 5, uLong(input.count - 5))
            }
        }
        switch status {
        case Z_OK: break
        case Z_BUF_ERROR:
            // Either the stream inflates to more than declared, or it is cut short.
            throw WireError(.malformed, "a deflated message does not inflate to the \(declared) bytes it declares")
        default:
            throw WireError(.malformed, "a deflated message's zlib stream is corrupt (zlib status \(status))")
        }
        guard Int(size) == declared else {
            throw WireError(.malformed, "a deflated message inflates to \(size) bytes, not the \(declared) it declares")
        }
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
