import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// A host can ask what a node can do in a space, and a write that cannot happen says what is missing.
@Suite struct SpaceStatusTests {
    @Test func aMemberWithoutItsKeyIsHeldButNotWritableUntilTheKeyArrives() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let space = try admin.createSpace(name: "Cotswolds")
        let member = try Node.create(at: folder.node("member"), configuration: testConfiguration())
        let before = try member.status(of: space)
        #expect(!before.held && before.role == nil && !before.canRead && !before.canWrite)
        #expect(before.explanation.contains("does not hold the space"))
        // The member receives everything but the key wrap sealed to it (the admin's last envelope).
        try admit(member, to: space, by: admin, role: .writer)
        let everything = try admin.envelopes(in: space, since: VersionVector())
        let last = try #require(everything.last)
        #expect(try Envelope(decoding: last).header.kind == .keyWrap)
        try member.ingest(Array(everything.dropLast()), in: space)
        let waiting = try member.status(of: space)
        #expect(waiting.held && waiting.role == .writer && waiting.epoch == 1)
        #expect(!waiting.hasKey && !waiting.canWrite && !waiting.canRead)
        #expect(waiting.explanation.contains("content key for epoch 1"))
        let refused = #expect(throws: SyncError.self) {
            try member.transact(in: space, document: .main) { tx in try tx.set("k", .int(1)) }
        }
        #expect(refused?.code == .noKey)
        #expect(refused?.message.contains("next sync") == true)
        try member.ingest([last], in: space)
        #expect(try member.status(of: space).canWrite)
        try member.transact(in: space, document: .main) { tx in try tx.set("k", .int(1)) }
    }

    @Test func aNodeThatJoinedWithoutBeingAddedIsToldToAskAnAdmin() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let space = try admin.createSpace(name: "Stroud")
        let stranger = try Node.create(at: folder.node("stranger"), configuration: testConfiguration())
        try stranger.joinSpace(space, name: "Stroud")
        try stranger.ingest(admin.envelopes(in: space, since: VersionVector()), in: space)
        let status = try stranger.status(of: space)
        #expect(status.held && status.role == nil && !status.canWrite)
        let refused = #expect(throws: SyncError.self) {
            try stranger.transact(in: space, document: .main) { tx in try tx.set("k", .int(1)) }
        }
        #expect(refused?.code == .notPermitted)
        #expect(refused?.message.contains("ask an admin") == true)
        #expect(try admin.status(of: space).canWrite)
    }
}
