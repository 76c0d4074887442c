/// Carries sync messages of up to 4 MiB in Noise transport messages of at most 65,535 bytes: each
/// transport plaintext is `u8 flags || fragment`, where flag bit 0 says more fragments of the same
/// message follow (`Protocol/PROTOCOL.md` §3). Other flag bits must be zero.
public enum MessageFragments {
    /// The most message bytes in one transport plaintext (65,535 − 16-byte tag − 1 flag byte).
    public static let maxFragmentBytes = 65_535 - 16 - 1

    /// Splits an encoded message into transport plaintexts.
    public static func split(_ message: [UInt8]) -> [[UInt8]] {
        if message.count <= maxFragmentBytes { return [[0] + message] }
        var parts: [[UInt8]] = []
        parts.reserveCapacity(message.count / maxFragmentBytes + 1)
        var offset = 0
        while offset < message.count {
            let end = min(offset + maxFragmentBytes, message.count)
            parts.append([end < message.count ? 1 : 0] + message[offset..<end])
            offset = end
        }
        return parts
    }
}

/// Joins transport plaintexts back into whole messages, refusing any message over its limit before
/// buffering it.
public struct MessageReassembler: Sendable {
    private var pending: [UInt8] = []
    private let maxBytes: Int

    /// Creates a reassembler for messages of at most `maxBytes` (``SyncMessage/maxBytes``).
    public init(maxBytes: Int = SyncMessage.maxBytes) {
        self.maxBytes = maxBytes
    }

    /// Adds one transport plaintext; returns the message it completes, if any.
    /// - Throws: ``WireError/Code/limitExceeded`` when the message grows past the limit;
    ///   ``WireError/Code/malformed`` for an empty plaintext or unknown flag bits.
    public mutating func append(_ plaintext: [UInt8]) throws(WireError) -> [UInt8]? {
        guard let flags = plaintext.first else { throw WireError(.malformed, "an empty transport message") }
        guard flags & ~1 == 0 else {
            throw WireError(.malformed, "unknown fragment flags 0x\(String(flags, radix: 16))")
        }
        guard pending.count + plaintext.count - 1 <= maxBytes else {
            throw WireError(.limitExceeded, "a sync message longer than \(maxBytes) bytes")
        }
        pending.append(contentsOf: plaintext.dropFirst())
        guard flags & 1 == 0 else { return nil }
        defer { pending = [] }
        return pending
    }
}
