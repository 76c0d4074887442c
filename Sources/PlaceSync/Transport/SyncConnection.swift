public import Logging
public import PlaceCRDT
public import PlaceCrypto
internal import PlaceWire
internal import Synchronization

/// What a connection reports to its owner (the daemon persists it as peer status).
public enum SyncConnectionEvent: Sendable {
    /// A session event (connected, received, synced, …).
    case session(SyncSessionEvent)
    /// The peer's vectors, as this side knows them, changed (sent at most once a second).
    case progress(peer: NodeID, peerVectors: [SpaceID: VersionVector])
    /// The connection ended (always the last event).
    case ended(SyncConnectionOutcome)
}

/// How a connection ended.
public struct SyncConnectionOutcome: Sendable {
    /// The proven peer, if the handshake completed.
    public var peer: NodeID?
    /// Why it ended badly, or nil for a clean end (bye, or the stream closed after a completed sync).
    public var error: SyncSessionError?
    /// Whether the session reached ``SyncSession/isSynced`` at some point.
    public var synced: Bool
    /// Bytes read from and written to the stream (frames, handshake and all).
    public var bytesIn = 0
    public var bytesOut = 0
}

/// Runs one ``SyncSession`` over a byte stream: feeds it what arrives, a tick every second and a poke
/// whenever the replica stores envelopes, and writes what it returns, in order, on one writer task.
/// Reading waits for each chunk to be handled — a batch the peer sent is taken in before the next
/// chunk is read — so a fast sender is slowed by TCP itself. The ingest runs off the cooperative pool
/// and outside the lock that guards the session, so heartbeats go on while a large batch commits.
public enum SyncConnection {
    /// Drives `session` until it closes, the stream ends, or the task is cancelled (then it leaves with
    /// a `bye`).
    /// - Parameters:
    ///   - session: a session not yet started.
    ///   - inbound: the stream's received chunks.
    ///   - writer: the stream's sending half.
    ///   - changes: a signal when the replica may have new envelopes (``Node/storedEnvelopes``, plus a
    ///     watcher for other processes).
    ///   - leaveWhenSynced: end with `bye` once everything has crossed (`placesync sync --once`).
    ///   - logger: where the connection logs (never keys or content).
    ///   - clock: the clock the session was made with: what it reads as now, and what ticks sleep on.
    ///   - onEvent: called with each session event, progress and the end (the daemon records peer status).
    public static func run<Inbound: AsyncSequence & Sendable>(
        session: SyncSession, inbound: Inbound, writer: some ByteStreamWriter, changes: AsyncStream<Void>,
        leaveWhenSynced: Bool = false, logger: Logger, clock: SyncClock = SyncClock(),
        onEvent: @escaping @Sendable (SyncConnectionEvent) -> Void = { _ in }
    ) async -> SyncConnectionOutcome where Inbound.Element == [UInt8] {
        let state = ConnectionState(
            session: session, leaveWhenSynced: leaveWhenSynced, logger: logger, now: clock.now, onEvent: onEvent)
        await withDiscardingTaskGroup { group in
            group.addTask {
                // The one writer: bytes leave in the order the session produced them.
                for await bytes in state.outgoing {
                    do {
                        try await writer.write(bytes)
                        state.bytesOut.add(bytes.count, ordering: .relaxed)
                    } catch {
                        state.streamEnded(error: "write failed: \(error)")
                        break
                    }
                }
                await writer.finish()
                state.writerFinished()
            }
            group.addTask {
                state.start()
                do {
                    for try await chunk in inbound {
                        state.bytesIn.add(chunk.count, ordering: .relaxed)
                        await state.receive(chunk)
                        if state.isClosed { break }
                    }
                    if Task.isCancelled { state.leave() } else { state.streamEnded(error: nil) }
                } catch {
                    // Cancelled (shutdown): leave cleanly, with a bye.
                    if Task.isCancelled { state.leave() } else { state.streamEnded(error: "read failed: \(error)") }
                }
            }
            group.addTask {
                while !state.isClosed {
                    try? await clock.sleep(for: .seconds(1))
                    if Task.isCancelled {
                        state.leave()
                        break
                    }
                    state.tick()
                }
                // Closed: the writer gets a moment to send the session's last messages (an error, a
                // bye), but a peer that reads nothing must not hold the connection open.
                if !Task.isCancelled { try? await clock.sleep(for: .seconds(2)) }
                state.writerFinished()
            }
            group.addTask {
                for await _ in changes {
                    if state.isClosed { break }
                    state.changed()
                }
            }
            await state.waitUntilClosed()
            // Cancelling the writer before it has drained the queue would drop the last messages: a
            // refused node would see the connection close without being told why.
            await state.waitUntilWriterFinished()
            group.cancelAll()
        }
        var (outcome, vectors) = state.final
        outcome.bytesIn = state.bytesIn.load(ordering: .relaxed)
        outcome.bytesOut = state.bytesOut.load(ordering: .relaxed)
        NodeMetrics.transport(bytesIn: outcome.bytesIn, bytesOut: outcome.bytesOut)
        if let peer = outcome.peer, !vectors.isEmpty { onEvent(.progress(peer: peer, peerVectors: vectors)) }
        onEvent(.ended(outcome))
        return outcome
    }
}
