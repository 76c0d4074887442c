import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// placesyncd's checkpoint scheduler: an admin's node makes a checkpoint once a space has grown by the
/// interval since the last one; a writer's never does.
@Suite struct CheckpointSchedulerTests {
    @Test func anAdminsNodeCheckpointsEachTimeTheSpaceGrowsByTheInterval() async throws {
        let spaces = try TwoNodes()
        let logger = Logger(label: "test")
        let admin = CheckpointScheduler(node: spaces.a, every: 20, logger: logger)
        let writer = CheckpointScheduler(node: spaces.b, every: 20, logger: logger)
        try writeNotes(spaces.a, space: spaces.space, count: 8)
        #expect(await admin.makeDueCheckpoints().isEmpty, "not grown by 20 yet")
        try writeNotes(spaces.a, space: spaces.space, count: 20, seed: 2)
        let first = await admin.makeDueCheckpoints()
        #expect(first.count == 1)
        #expect(await admin.makeDueCheckpoints().isEmpty, "nothing new since")
        try await spaces.b.ingest(spaces.a.envelopes(in: spaces.space, since: VersionVector()))
        try writeNotes(spaces.b, space: spaces.space, count: 25, seed: 3)
        #expect(await writer.makeDueCheckpoints().isEmpty, "a writer signs no checkpoint")
        try await spaces.a.ingest(spaces.b.envelopes(in: spaces.space, since: spaces.a.version(of: spaces.space)))
        let second = await admin.makeDueCheckpoints()
        #expect(second.count == 1)
        #expect(second.first.map { $0.envelopes >= (first.first?.envelopes ?? 0) + 20 } == true)
        #expect(try spaces.a.checkpoint(of: spaces.space)?.id == second.first?.id)
        #expect(await CheckpointScheduler(node: spaces.a, every: 0, logger: logger).makeDueCheckpoints().isEmpty)
    }
}
