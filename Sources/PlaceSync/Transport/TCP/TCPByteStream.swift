internal import NIOCore

/// The sending half of a TCP connection (NIO stays inside `Transport/TCP/`).
struct TCPWriter: ByteStreamWriter {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let channel: any Channel

    func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    func finish() async {
        outbound.finish()
        try? await channel.close()
    }
}

extension NIOAsyncChannel where Inbound == ByteBuffer, Outbound == ByteBuffer {
    /// Runs a sync connection over this channel, then closes it.
    func runSync(
        session: SyncSession, changes: AsyncStream<Void>, leaveWhenSynced: Bool, context: SyncContext
    ) async throws -> SyncConnectionOutcome {
        let rawChannel = channel
        return try await executeThenClose { inbound, outbound in
            await SyncConnection.run(
                session: session, inbound: inbound.map { Array(buffer: $0) },
                writer: TCPWriter(outbound: outbound, channel: rawChannel), changes: changes,
                leaveWhenSynced: leaveWhenSynced, logger: context.logger, clock: context.clock,
                onEvent: context.onEvent)
        }
    }
}
