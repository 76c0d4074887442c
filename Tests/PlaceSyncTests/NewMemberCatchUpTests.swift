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

/// A peer that keeps asking again cannot make a sender reread its log without end: a repeated want is
/// served only when its vector goes beyond the last one, at most eight times per space and session.
@Suite struct AskAgainBoundTests {
    /// How many envelopes the member received in a session with the admin (wants sent `copies` times).
    func received(wantCopies copies: Int) throws -> (received: Int, whole: Bool) {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        var small = testConfiguration()
        small.waitingRoom.perAuthor = 48
        let member = try Node.create(at: folder.node("member"), configuration: small)
        let space = try admin.createSpace(name: "County")
        try writeNotes(admin, space: space, count: 150)
        try admin.addMember(member.nodeID, role: .reader, in: space)
        var paced = SyncConfiguration()
        paced.batchEnvelopes = 20
        var repeating = paced
        repeating.rewriteOutgoing = { message in
            if case .want = message { return Array(repeating: message, count: copies) }
            return [message]
        }
        var link = try SessionLink(
            trusting: [admin.nodeID], member, admin, configuration: repeating, responderConfiguration: paced)
        link.run()
        var received = 0
        for case .received(_, let applied, let pending, let duplicates, _) in link.eventsA {
            received += applied + pending + duplicates
        }
        return (received, try member.version(of: space) == admin.version(of: space))
    }

    @Test func aWantRepeatedWithTheSameVectorIsServedOnce() throws {
        let once = try received(wantCopies: 1)
        let twenty = try received(wantCopies: 20)
        #expect(once.whole && twenty.whole)
        // The nineteen repeats of each want were not served: not one envelope more crossed.
        #expect(twenty.received == once.received, "\(twenty.received) vs \(once.received)")
    }
}
