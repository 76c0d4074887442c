public import Logging
public import ServiceLifecycle

/// Makes checkpoints on its own (`Protocol/CHECKPOINT.md`): every ``checkInterval``, for each space
/// where this node is an admin and its version has grown by ``every`` envelopes since the checkpoint it
/// keeps, it makes a new one — so new members start from a recent state without anyone running
/// `placesync checkpoint make`. placesyncd runs one (`checkpointEvery` in its config file).
public final class CheckpointScheduler: Service, Sendable {
    private let node: Node
    /// How many envelopes a space grows by before the next checkpoint.
    public let every: UInt64
    /// How often spaces are looked at.
    public let checkInterval: Duration
    private let logger: Logger
    private let clock: SyncClock

    /// Checks `node`'s spaces every `checkInterval` on `clock`.
    public init(
        node: Node, every: UInt64 = 10_000, checkInterval: Duration = .seconds(600), logger: Logger,
        clock: SyncClock = SyncClock()
    ) {
        self.node = node
        self.every = every
        self.checkInterval = checkInterval
        self.logger = logger
        self.clock = clock
    }

    /// One pass: makes the checkpoints that are due (off the cooperative pool: a large space takes
    /// seconds); returns what it made. A space that fails (no key yet, say) is logged and skipped.
    @discardableResult
    public func makeDueCheckpoints() async -> [CheckpointInfo] {
        var made: [CheckpointInfo] = []
        let (node, every) = (self.node, self.every)
        for space in (try? await node.spaces()) ?? [] {
            do {
                let info = try await Node.offloaded { () -> CheckpointInfo? in
                    guard try node.checkpointDue(in: space.id, every: every) else { return nil }
                    return try node.makeCheckpoint(of: space.id)
                }
                guard let info else { continue }
                made.append(info)
                logger.info(
                    "made a checkpoint for new members",
                    metadata: [
                        "place.space": "\(space.id)", "place.envelopes": "\(info.envelopes)",
                        "place.bytes": "\(info.bytes)",
                    ])
            } catch {
                logger.notice(
                    "could not make a checkpoint", metadata: ["place.space": "\(space.id)", "place.error": "\(error)"])
            }
        }
        return made
    }

    /// Runs until cancelled or asked to shut down gracefully.
    public func run() async throws {
        guard every > 0 else { return }
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await self.clock.sleep(for: self.checkInterval)
                    if Task.isCancelled { break }
                    await self.makeDueCheckpoints()
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
