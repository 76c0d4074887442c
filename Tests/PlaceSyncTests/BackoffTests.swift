import Clocks
import Foundation
import PlaceSyncTestHelpers
import Synchronization
import Testing

@testable import PlaceSync

/// A dialer that cannot reach its peer waits 1 s, 2 s, 4 s … up to 60 s between attempts, with jitter,
/// and starts again from 1 s after a session that got past the handshake — measured on a clock the test
/// moves by hand, so a minute of backoff takes milliseconds.
@Suite struct BackoffTests {
    @Test func theStepDoublesUpToTheMaximumAndJitterTakesHalfToAllOfIt() {
        var backoff = Backoff()
        #expect(
            (0..<8).map { _ in backoff.next(jitter: 1) }
                == [1, 2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
        backoff.reset()
        #expect(backoff.next(jitter: 0.5) == .milliseconds(500))
        #expect(backoff.next(jitter: 0.1) == .seconds(1))  // clamped to half of the 2 s step
        #expect(backoff.next(jitter: 7) == .seconds(4))  // clamped to all of it
    }

    /// A real dialer against a real listener whose node is not the one it expects (every handshake
    /// fails): it dials again only when the hand-moved clock reaches each backoff step.
    @Test(.timeLimit(.minutes(10)))
    func aDialerThatCannotGetThroughDialsAgainOnlyWhenItsClockSaysSo() async throws {
        let folder = try TemporaryFolder()
        let hub = try await Node.create(at: folder.node("hub"), configuration: testConfiguration())
        let practice = try await Node.create(at: folder.node("practice"), configuration: testConfiguration())
        let listener = try await TCPSync.listen(host: "127.0.0.1", port: 0)
        let attempts = Counter()
        let serving = Task {
            try await listener.serve(node: hub, changes: { hub.storedEnvelopes }) { _ in
                attempts.value.add(1, ordering: .relaxed)
                return SyncContext()
            }
        }
        let clock = TestClock()
        let dialer = PeerDialer(
            node: practice, host: "127.0.0.1", port: listener.port, expectedPeer: try NodeKeyPair.generate().nodeID,
            watcher: ReplicaWatcher(node: practice), clock: SyncClock(clock), sessionClock: SyncClock(), jitter: { 1 })
        let dialling = Task { try await dialer.run() }
        defer {
            dialling.cancel()
            serving.cancel()
        }
        /// Waits (in real time, for as long as it takes: in the full suite on two cores, long synchronous
        /// tests can hold the cooperative threads for a minute or more, so the first dial alone once took over
        /// 45 s; the test's time limit is what fails a dialer that never dials) until `count` attempts were
        /// made and the dialer sleeps on the test clock — only then may the test move the clock, or the dialer
        /// would start its wait after the move and never see it.
        func waitFor(_ count: Int) async throws {
            while attempts.value.load(ordering: .relaxed) < count {
                try await Task.sleep(for: .milliseconds(10))
            }
            // `checkSuspension` throws exactly when something sleeps on the clock.
            while (try? await clock.checkSuspension()) != nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(attempts.value.load(ordering: .relaxed) == count)
        }
        try await waitFor(1)
        for step in [1, 2, 4, 8] {
            await clock.advance(by: .seconds(step) - .milliseconds(1))
            try await Task.sleep(for: .milliseconds(100))
            #expect(attempts.value.load(ordering: .relaxed) == 1 + [1, 2, 4, 8].firstIndex(of: step)!, "dialled early")
            await clock.advance(by: .milliseconds(1))
            try await waitFor(2 + [1, 2, 4, 8].firstIndex(of: step)!)
        }
    }
}

/// A count shared with the listener's callback.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
