import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// A reader added after more content than its waiting room holds (4,096 per author; 48 here) syncs
/// with the admin in small batches, as a large space's would be: the key wrap comes batches after the
/// content. Each want the member sends goes `wantCopies` times (a peer that repeats itself).
func catchUp(wantCopies copies: Int, wrapsAhead: Bool = true) throws -> (
    received: Int, total: Int, whole: Bool, synced: Bool
) {
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
    paced.sendsKeyWrapsAhead = wrapsAhead
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
    let whole =
        try member.version(of: space) == admin.version(of: space)
        && member.document(.main, in: space) == admin.document(.main, in: space)
    let total = try admin.envelopes(in: space, since: VersionVector()).count
    return (received, total, whole, link.a.isSynced)
}

/// The member gets all of it in one session. From a sender of an older build (no key wraps ahead), the
/// surplus that waited is dropped, and the member asks again once the key is in — instead of ending
/// "in sync" short.
@Suite struct NewMemberCatchUpTests {
    @Test func aMemberAddedAfterMoreContentThanWaitingRoomGetsEverythingInOneSession() throws {
        let result = try catchUp(wantCopies: 1)
        #expect(result.whole && result.synced)
        let fromAnOlderSender = try catchUp(wantCopies: 1, wrapsAhead: false)
        #expect(fromAnOlderSender.whole && fromAnOlderSender.synced)
        // It took asking again: the log crossed more than once.
        #expect(fromAnOlderSender.received > fromAnOlderSender.total + 2)
    }

    /// The key wrap sealed to the new member goes ahead of the log, so its content opens as it arrives
    /// instead of waiting (and, past the waiting room, being dropped and sent again): the session moves
    /// the log once, plus the wrap's early copy. (Without it, a real 5,000-envelope space moved twice
    /// its bytes to a joiner.)
    @Test func aNewMembersKeyWrapGoesAheadSoTheLogCrossesOnce() throws {
        let result = try catchUp(wantCopies: 1)
        #expect(result.whole && result.synced)
        // The log once, the wrap's early copy, and one envelope of slack in the count (355 crossed for
        // 155 before the wraps went ahead).
        #expect(result.received <= result.total + 2, "\(result.received) envelopes crossed for \(result.total)")
    }
}

/// A peer that keeps asking again cannot make a sender reread its log without end: a repeated want is
/// served only when its vector goes beyond the last one, at most eight times per space and session.
@Suite struct AskAgainBoundTests {
    @Test func aWantRepeatedWithTheSameVectorIsServedOnce() throws {
        // An older sender, so that the member asks again (and repeats each of those wants too).
        let once = try catchUp(wantCopies: 1, wrapsAhead: false)
        let twenty = try catchUp(wantCopies: 20, wrapsAhead: false)
        #expect(once.whole && twenty.whole)
        // The nineteen repeats of each want were not served: not one envelope more crossed.
        #expect(twenty.received == once.received, "\(twenty.received) vs \(once.received)")
    }
}
