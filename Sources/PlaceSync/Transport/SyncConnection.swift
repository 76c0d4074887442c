public import Logging
public import PlaceCRDT
public import PlaceCrypto
public import PlaceWire
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
}

/// Runs one ``SyncSession`` over a byte stream: feeds it what arrives, a tick every second and a poke
/// whenever the replica stores envelopes, and writes what it returns, in order, on one writer task.
/// Reading waits for each chunk to be handled, so a fast sender is slowed by TCP itself.
public enum SyncConnection {
    /// Drives `session` until it closes, the stream ends, or the task is cancelled (then it leaves with
    /// a `bye`).
    /// - Parameters:
    ///   - inbound: the stream's received chunks.
    ///   - writer: the stream's sending half.
    ///   - changes: a signal when the replica may have new envelopes (``Node/storedEnvelopes``, plus a
    ///     watcher for other processes).
    ///   - leaveWhenSynced: end with `bye` once everything has crossed (`placesync sync --once`).
    ///   - now: the clock, in seconds.
    public static func run<Inbound: AsyncSequence & Sendable>(
        session: SyncSession, inbound: Inbound, writer: some ByteStreamWriter, changes: AsyncStream<Void>,
        leaveWhenSynced: Bool = false, logger: Logger, now: @escaping @Sendable () -> Double,
        onEvent: @escaping @Sendable (SyncConnectionEvent) -> Void = { _ in },
        clock: any Clock<Duration> = ContinuousClock()
    ) async -> SyncConnectionOutcome where Inbound.Element == [UInt8] {
        let state = ConnectionState(
            session: session, leaveWhenSynced: leaveWhenSynced, logger: logger, now: now, onEvent: onEvent)
        await withDiscardingTaskGroup { group in
            group.addTask {
                // The one writer: bytes leave in the order the session produced them.
                for await bytes in state.outgoing {
                    do {
                        try await writer.write(bytes)
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
                        state.receive(chunk)
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
        let (outcome, vectors) = state.final
        if let peer = outcome.peer, !vectors.isEmpty { onEvent(.progress(peer: peer, peerVectors: vectors)) }
        onEvent(.ended(outcome))
        return outcome
    }
}

/// The session and what surrounds it, behind a lock: every call runs the state machine to completion
/// and queues its bytes before returning, so writes keep their order without an actor's reentrancy.
/// Only the reader waits for the lock: a tick or a change signal that finds it busy (an ingest in
/// progress) does not block a thread of the cooperative pool — the tick is skipped, the change is left
/// as a flag that whoever holds the lock handles before letting go.
final class ConnectionState: Sendable {
    private struct Inner {
        var session: SyncSession
        var outcome = SyncConnectionOutcome(peer: nil, error: nil, synced: false)
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var lastProgress = 0.0
        var writerDone = false
        var writerWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let inner: Mutex<Inner>
    private let closedFlag = Atomic<Bool>(false)
    private let changePending = Atomic<Bool>(false)
    private let continuation: AsyncStream<[UInt8]>.Continuation
    let outgoing: AsyncStream<[UInt8]>
    private let leaveWhenSynced: Bool
    private let logger: Logger
    private let now: @Sendable () -> Double
    private let onEvent: @Sendable (SyncConnectionEvent) -> Void

    init(
        session: SyncSession, leaveWhenSynced: Bool, logger: Logger, now: @escaping @Sendable () -> Double,
        onEvent: @escaping @Sendable (SyncConnectionEvent) -> Void
    ) {
        inner = Mutex(Inner(session: session))
        (outgoing, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        self.leaveWhenSynced = leaveWhenSynced
        self.logger = logger
        self.now = now
        self.onEvent = onEvent
    }

    var isClosed: Bool { closedFlag.load(ordering: .acquiring) }
    var outcome: SyncConnectionOutcome { inner.withLock { $0.outcome } }
    var final: (SyncConnectionOutcome, [SpaceID: VersionVector]) {
        inner.withLock { ($0.outcome, $0.session.peerVectors) }
    }

    func start() { step { session, now in session.start(now: now) } }
    func receive(_ bytes: [UInt8]) { step { session, now in session.receive(bytes, now: now) } }
    func tick() { step(waiting: false) { session, now in session.tick(now: now) } }
    func changed() {
        changePending.store(true, ordering: .releasing)
        step(waiting: false) { _, _ in [] }
    }
    func leave() { step { session, now in session.leave(now: now) } }

    /// The stream ended or failed under the session.
    func streamEnded(error: String?) {
        let closedNow = inner.withLock { inner -> Bool in
            guard !inner.closed else { return false }
            if inner.outcome.error == nil, !(inner.outcome.synced && error == nil) {
                inner.outcome.error = SyncSessionError(
                    code: .timeout, message: error ?? "the peer closed the connection")
            }
            return true
        }
        if closedNow { close() }
    }

    /// The writer has sent everything the session queued, or given up (or the grace after closing ran
    /// out): the connection may stop its tasks.
    func writerFinished() {
        let waiters = inner.withLock { inner -> [CheckedContinuation<Void, Never>] in
            inner.writerDone = true
            defer { inner.writerWaiters = [] }
            return inner.writerWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func waitUntilWriterFinished() async { await wait(until: \.writerDone, queue: \.writerWaiters) }

    func waitUntilClosed() async { await wait(until: \.closed, queue: \.waiters) }

    /// Returns once the flag at `flag` is set; until then waits in the queue at `queue`, which whoever
    /// sets the flag resumes.
    private func wait(
        until flag: KeyPath<Inner, Bool>,
        queue: WritableKeyPath<Inner, [CheckedContinuation<Void, Never>]>
    ) async {
        await withCheckedContinuation { waiter in
            let resumeNow = inner.withLock { inner -> Bool in
                if inner[keyPath: flag] { return true }
                inner[keyPath: queue].append(waiter)
                return false
            }
            if resumeNow { waiter.resume() }
        }
    }

    /// Runs `body` on the session under the lock (waiting for it, or giving up when it is busy and
    /// `waiting` is false), then any change signal that arrived meanwhile, and performs the actions.
    private func step(waiting: Bool = true, _ body: (inout SyncSession, Double) -> [SyncSessionAction]) {
        let time = now()
        var events: [SyncConnectionEvent] = []
        let shouldClose: Bool
        if waiting {
            shouldClose = inner.withLock { inner in run(body, on: &inner, time: time, events: &events) }
        } else {
            shouldClose =
                inner.withLockIfAvailable { inner in run(body, on: &inner, time: time, events: &events) } ?? false
        }
        for event in events { onEvent(event) }
        if shouldClose { close() }
    }

    /// Under the lock: `body`, then a pending change signal, then their actions.
    private func run(
        _ body: (inout SyncSession, Double) -> [SyncSessionAction], on inner: inout Inner, time: Double,
        events: inout [SyncConnectionEvent]
    ) -> Bool {
        guard !inner.closed else { return false }
        var actions = body(&inner.session, time)
        if changePending.exchange(false, ordering: .acquiringAndReleasing) {
            actions += inner.session.localChanges(now: time)
        }
        return perform(actions, on: &inner, time: time, events: &events)
    }

    /// Writes, records and reports what the session asked for; returns whether to close.
    private func perform(
        _ actions: [SyncSessionAction], on inner: inout Inner, time: Double, events: inout [SyncConnectionEvent]
    ) -> Bool {
        do {
            var actions = actions
            var close = false
            for action in actions {
                switch action {
                case .write(let bytes): continuation.yield(bytes)
                case .event(let event):
                    events.append(.session(event))
                    switch event {
                    case .connected(let peer, _): inner.outcome.peer = peer
                    case .synced:
                        inner.outcome.synced = true
                        if leaveWhenSynced {
                            actions = inner.session.leave(now: time)
                            for case .write(let bytes) in actions { continuation.yield(bytes) }
                            close = true
                        }
                    default: break
                    }
                case .close(let error):
                    if inner.outcome.error == nil { inner.outcome.error = error }
                    close = true
                }
            }
            if let peer = inner.outcome.peer, time - inner.lastProgress >= 1 {
                inner.lastProgress = time
                events.append(.progress(peer: peer, peerVectors: inner.session.peerVectors))
            }
            return close
        }
    }

    private func close() {
        closedFlag.store(true, ordering: .releasing)
        let waiters = inner.withLock { inner -> [CheckedContinuation<Void, Never>] in
            inner.closed = true
            defer { inner.waiters = [] }
            return inner.waiters
        }
        continuation.finish()
        for waiter in waiters { waiter.resume() }
    }
}
