internal import Logging
internal import PlaceCRDT
internal import Synchronization

/// The session and what surrounds it, behind a lock: every call runs the state machine to completion
/// and queues its bytes before returning, so writes keep their order without an actor's reentrancy.
/// The lock is held only while the state machine runs, never while a batch is taken in (the reader
/// does that between two steps, off the pool). Only the reader waits for the lock: a tick or a change
/// signal that finds it busy does not block a thread of the cooperative pool — the tick is skipped,
/// the change is left as a flag that whoever holds the lock handles before letting go.
final class ConnectionState: Sendable {
    private struct Inner {
        var session: SyncSession
        var outcome = SyncConnectionOutcome(peer: nil, error: nil, synced: false)
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var lastProgress: Duration?
        var writerDone = false
        var writerWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let inner: Mutex<Inner>
    private let closedFlag = Atomic<Bool>(false)
    private let changePending = Atomic<Bool>(false)
    /// Bytes read from and written to the stream.
    let bytesIn = Atomic<Int>(0)
    let bytesOut = Atomic<Int>(0)
    private let continuation: AsyncStream<[UInt8]>.Continuation
    let outgoing: AsyncStream<[UInt8]>
    private let leaveWhenSynced: Bool
    private let logger: Logger
    private let now: @Sendable () -> Duration
    private let replica: any SyncReplica
    private let onEvent: @Sendable (SyncConnectionEvent) -> Void

    init(
        session: SyncSession, leaveWhenSynced: Bool, logger: Logger, now: @escaping @Sendable () -> Duration,
        onEvent: @escaping @Sendable (SyncConnectionEvent) -> Void
    ) {
        replica = session.replica
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

    /// Feeds a chunk; a batch it completes is taken in (off the pool, outside the lock) before this
    /// returns, and so is any batch the chunk's later messages bring.
    func receive(_ bytes: [UInt8]) async {
        var request = step { session, now in session.receive(bytes, now: now) }
        while let batch = request {
            let replica = replica
            let result: Result<IngestReport, any Error>
            do {
                result = .success(
                    try await Node.offloaded {
                        try replica.ingest(batch.envelopes, in: batch.space, source: batch.source)
                    })
            } catch {
                result = .failure(error)
            }
            request = step { session, now in session.ingested(result, now: now) }
        }
    }

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
    /// Returns the batch the session handed out to take in, if any.
    @discardableResult
    private func step(
        waiting: Bool = true, _ body: (inout SyncSession, Duration) -> [SyncSessionAction]
    ) -> SyncIngestRequest? {
        let time = now()
        var events: [SyncConnectionEvent] = []
        let outcome: (close: Bool, ingest: SyncIngestRequest?)
        if waiting {
            outcome = inner.withLock { inner in run(body, on: &inner, time: time, events: &events) }
        } else {
            outcome =
                inner.withLockIfAvailable { inner in run(body, on: &inner, time: time, events: &events) }
                ?? (false, nil)
        }
        for event in events { onEvent(event) }
        if outcome.close { close() }
        return outcome.close ? nil : outcome.ingest
    }

    /// Under the lock: `body`, then a pending change signal, then their actions.
    private func run(
        _ body: (inout SyncSession, Duration) -> [SyncSessionAction], on inner: inout Inner, time: Duration,
        events: inout [SyncConnectionEvent]
    ) -> (close: Bool, ingest: SyncIngestRequest?) {
        guard !inner.closed else { return (false, nil) }
        var actions = body(&inner.session, time)
        if changePending.exchange(false, ordering: .acquiringAndReleasing) {
            actions += inner.session.localChanges(now: time)
        }
        return perform(actions, on: &inner, time: time, events: &events)
    }

    /// Writes, records and reports what the session asked for; returns whether to close, and the batch
    /// to take in.
    private func perform(
        _ actions: [SyncSessionAction], on inner: inout Inner, time: Duration, events: inout [SyncConnectionEvent]
    ) -> (close: Bool, ingest: SyncIngestRequest?) {
        do {
            var actions = actions
            var close = false
            var ingest: SyncIngestRequest?
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
                case .ingest(let request): ingest = request
                }
            }
            if let peer = inner.outcome.peer, inner.lastProgress.map({ time - $0 >= .seconds(1) }) ?? true {
                inner.lastProgress = time
                events.append(.progress(peer: peer, peerVectors: inner.session.peerVectors))
            }
            return (close, ingest)
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
