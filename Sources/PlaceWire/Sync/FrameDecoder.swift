/// Splits a byte stream into frames: each frame is `u16be length || length bytes`, 1 ≤ length ≤ 65,535
/// (`Protocol/PROTOCOL.md` §2). Works whatever the chunking of the stream: a byte at a time or many frames
/// at once. Holds at most one incomplete frame beyond what the caller has not yet taken.
///
/// ```swift
/// var decoder = FrameDecoder()
/// decoder.append(bytesFromSocket)
/// while let frame = try decoder.nextFrame() { handle(frame) }
/// ```
public struct FrameDecoder: Sendable {
    /// The largest frame body: a Noise message's limit.
    public static let maxFrameBytes = 65_535

    private var buffer: [UInt8] = []
    private var start = 0

    /// Creates an empty decoder.
    public init() {}

    /// Bytes received and not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame's body, or nil until more bytes arrive.
    /// - Throws: ``WireError/Code/malformed`` for a zero-length frame (the stream cannot continue).
    public mutating func nextFrame() throws(WireError) -> [UInt8]? {
        guard buffer.count - start >= 2 else { return nil }
        let length = Int(buffer[start]) << 8 | Int(buffer[start + 1])
        guard length > 0 else { throw WireError(.malformed, "a frame of length 0") }
        guard buffer.count - start >= 2 + length else { return nil }
        let frame = Array(buffer[(start + 2)..<(start + 2 + length)])
        start += 2 + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 17)
            start = 0
        }
        return frame
    }

    /// `body` with its length prefix, ready to write to the stream.
    /// - Precondition: 1 ≤ `body.count` ≤ ``maxFrameBytes`` (the caller's own messages).
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        precondition(!body.isEmpty && body.count <= maxFrameBytes, "frame body of \(body.count) bytes")
        return [UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }
}
