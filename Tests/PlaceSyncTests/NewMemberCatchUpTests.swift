import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// A member added after more content than a replica keeps waiting (4,096 per author; 48 here) still
/// gets all of it in one session: the content comes before the key wrap that opens it, the surplus that waited is
/// dropped, and the new member asks again once the key is in — instead of ending "in sync" short.
@Suite struct NewMemberCatchUpTests {
    @Test
    func aMemberAddedAfterMoreContentThanWaitingRoomGetsEverythingInOneSession() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        var small = testConfiguration()
        small.waitingRoom.perAuthor = 48
        let member = try Node.create(at: folder.node("member"), configuration: small)
        let space = try admin.createSpace(name: "County")
        try writeNotes(admin, space: space, count: 150)
        try admin.addMember(member.nodeID, role: .reader, in: space)
        // Small batches, as a large space's would be: the key wrap comes batches after the content.
        var paced = SyncConfiguration()
        paced.batchEnvelopes = 20
        var link = try SessionLink(trusting: [admin.nodeID], member, admin, configuration: paced)
        link.run()
        #expect(link.a.isSynced)
        #expect(try member.version(of: space) == admin.version(of: space))
        #expect(try member.document(.main, in: space) == admin.document(.main, in: space))
    }
}
