/// The sending half of an ordered, reliable byte stream to a peer (a TCP connection, an in-memory
/// pipe; later a WebSocket). The receiving half is an `AsyncSequence` of byte chunks.
public protocol ByteStreamWriter: Sendable {
    /// Writes `bytes` after everything written before; returns when the stream has taken them.
    func write(_ bytes: [UInt8]) async throws
    /// Ends the stream (after what was written); the peer sees its end.
    func finish() async
}
