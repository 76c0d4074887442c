/// How long a dialer waits before it dials again: from `initial`, doubling up to `maximum` while the peer
/// cannot be reached or refuses the handshake, each wait drawn between half and all of the current step
/// (jitter, so that many practices that lost one hub do not dial it back in step); back to `initial`
/// after a session that got past the handshake.
package struct Backoff: Sendable, Equatable {
    /// The first wait's step, and the step after a reset.
    package let initial: Duration
    /// The largest step.
    package let maximum: Duration
    private var step: Duration

    /// A backoff from `initial` up to `maximum`.
    package init(initial: Duration = .seconds(1), maximum: Duration = .seconds(60)) {
        self.initial = initial
        self.maximum = maximum
        step = initial
    }

    /// The next wait, `jitter` (0.5…1, clamped) times the current step; the step then doubles.
    package mutating func next(jitter: Double) -> Duration {
        let wait = step * min(1, max(0.5, jitter))
        step = min(step * 2, maximum)
        return wait
    }

    /// After a session that completed its handshake: start again from `initial`.
    package mutating func reset() { step = initial }
}
