/// An envelope's id: BLAKE2b-256 of the whole encoded envelope. The next envelope of the same author
/// names it, so the author's log is a hash chain.
public struct EnvelopeID: Hashable, Sendable, CustomStringConvertible {
    /// The 32 hash bytes.
    public let bytes: [UInt8]

    /// The number of bytes.
    public static let byteCount = 32

    /// Wraps 32 bytes.
    public init(bytes: [UInt8]) throws(WireError) {
        guard bytes.count == Self.byteCount else { throw WireError(.malformed, "an envelope id is 32 bytes") }
        self.bytes = bytes
    }

    /// Wraps a BLAKE2b-256 digest (always 32 bytes).
    init(hash: [UInt8]) {
        precondition(hash.count == Self.byteCount, "BLAKE2b-256 digests are 32 bytes")
        bytes = hash
    }

    /// The first 8 bytes in hexadecimal, enough to tell envelopes apart in logs.
    public var description: String { hexDigits(bytes.prefix(8)) }
}
