/// The one clock the sync layer runs on: what sessions read as "now" (a `Duration` since the clock was
/// made), and what connection ticks, dial backoff and replica polling sleep on. Share one between
/// every connection of a process (the daemon does) so that time means the same to all of them — the
/// quota ledger compares instants across sessions. A test makes one over a clock it moves by hand
/// (swift-clocks' `TestClock`), and the waits take no real time.
///
/// Deadlines, heartbeats and backoff need a monotonic clock; wall-clock time (when a document was
/// written, when an invite expires) is ``NodeConfiguration/now`` instead.
public struct SyncClock: Sendable {
    /// What the waits sleep on.
    public let clock: any Clock<Duration>
    private let elapsed: @Sendable () -> Duration

    /// A sync clock over `clock`, starting at zero now.
    public init<C: Clock<Duration>>(_ clock: C) {
        let origin = clock.now
        self.clock = clock
        elapsed = { origin.duration(to: clock.now) }
    }

    /// The system's monotonic clock (`ContinuousClock`).
    public init() { self.init(ContinuousClock()) }

    /// The time since this clock was made.
    public func now() -> Duration { elapsed() }

    /// Waits `duration` on the clock (throws when the task is cancelled).
    public func sleep(for duration: Duration) async throws { try await clock.sleep(for: duration) }
}
