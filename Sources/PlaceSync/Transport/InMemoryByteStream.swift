/// Two connected in-memory byte streams, for tests: what one side writes, the other reads, in order.
public enum InMemoryByteStream {
    /// One end: its reading half and its writing half.
    public struct End: Sendable {
        /// What the other end wrote.
        public let inbound: AsyncStream<[UInt8]>
        /// Writes to the other end.
        public let writer: Writer
    }

    /// The writing half of an end.
    public struct Writer: ByteStreamWriter {
        let continuation: AsyncStream<[UInt8]>.Continuation

        public func write(_ bytes: [UInt8]) async throws { continuation.yield(bytes) }
        public func finish() async { continuation.finish() }
    }

    /// A connected pair of ends.
    public static func pair() -> (End, End) {
        let (aToB, aWriter) = AsyncStream.makeStream(of: [UInt8].self)
        let (bToA, bWriter) = AsyncStream.makeStream(of: [UInt8].self)
        return (
            End(inbound: bToA, writer: Writer(continuation: aWriter)),
            End(inbound: aToB, writer: Writer(continuation: bWriter))
        )
    }
}
