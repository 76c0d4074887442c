internal import Foundation
public import ServiceLifecycle

/// Notices new envelopes in the replica — stored through this node, or written by another process on
/// the same folder (the CLI) — and signals every subscriber, so that open sync sessions push them live.
/// In-process stores signal at once; other processes' writes are seen by polling the highest envelope
/// row every ``pollInterval`` (a primary-key lookup).
public final class ReplicaWatcher: Service, Sendable {
    private let node: Node
    private let signal = Broadcast<Void>(buffering: 1)
    /// The time between polls for other processes' writes.
    public let pollInterval: Duration
    private let clock: SyncClock

    /// Watches `node`'s replica, polling on `clock` (a test passes one over a clock it moves by hand).
    public init(node: Node, pollInterval: Duration = .milliseconds(250), clock: SyncClock = SyncClock()) {
        self.node = node
        self.pollInterval = pollInterval
        self.clock = clock
    }

    /// A new stream of change signals (coalesced while its reader is busy).
    public func subscribe() -> AsyncStream<Void> { signal.subscribe() }

    /// Runs until cancelled or asked to shut down gracefully.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in self.node.storedEnvelopes { self.signal.fire() }
            }
            group.addTask {
                // New envelopes, or a new checkpoint (`placesync checkpoint make`) to offer.
                var last = (try? self.node.replicaStamp()) ?? [0, 0]
                while !Task.isCancelled {
                    try? await self.clock.sleep(for: self.pollInterval)
                    if let stamp = try? self.node.replicaStamp(), stamp != last {
                        last = stamp
                        self.signal.fire()
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
