import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// The sync session state machine over an in-memory pipe with a manual clock (RELIABILITY.md D12, D23,
/// D25 in part): real nodes on temporary replicas, no sockets.
@Suite struct SyncSessionTests {
    let folder: TemporaryFolder
    let admin: Node
    let space: SpaceID

    init() throws {
        folder = try TemporaryFolder()
        admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        space = try admin.createSpace(name: "Forest of Dean locality")
    }

    func newNode(_ name: String) throws -> Node {
        try Node.create(at: folder.node(name), configuration: testConfiguration())
    }

    func title(_ node: Node, _ document: DocumentID = .main) throws -> DocumentValue? {
        try node.document(document, in: space).value(forKey: "title")
    }

    @Test func aNewMemberAdoptsTheSpaceFromItsChainAndReceivesEverything() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        try writeNotes(admin, space: space, count: 40)
        var link = try SessionLink(trusting: [admin.nodeID], bob, admin)
        link.run()
        #expect(link.eventsB.first == .connected(peer: bob.nodeID, version: 3))
        #expect(link.eventsA.contains(.adopted(space: space)))
        #expect(link.a.isSynced && link.b.isSynced)
        #expect(link.eventsA.contains(.synced) && link.eventsB.contains(.synced))
        #expect(try bob.version(of: space) == admin.version(of: space))
        #expect(try bob.document(.main, in: space) == admin.document(.main, in: space))
        #expect(link.closedA == nil && link.closedB == nil)
    }

    @Test func editsOnBothSidesCrossAndLiveEditsArePushed() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        var link = try SessionLink(trusting: [admin.nodeID], admin, bob)
        link.run()
        #expect(link.b.isSynced)
        let initialA = link.eventsA.count
        let initialB = link.eventsB.count
        try writeNotes(admin, space: space, count: 5, document: documentID(0xA), seed: 1)
        try writeNotes(bob, space: space, count: 5, document: documentID(0xB), seed: 2)
        link.localChanges()
        #expect(try bob.version(of: space) == admin.version(of: space))
        #expect(try title(admin, documentID(0xB)) == .scalar(.string("Falls audit 2")))
        #expect(try title(bob, documentID(0xA)) == .scalar(.string("Falls audit 1")))
        // Nothing came back to its author: each side received only what it lacked.
        let received = (link.eventsA.dropFirst(initialA) + link.eventsB.dropFirst(initialB)).compactMap {
            event -> Int? in
            if case .received(_, _, _, let duplicates, _) = event { return duplicates }
            return nil
        }
        #expect(received.reduce(0, +) == 0)
    }

    @Test func syncWorksWhateverTheChunkingOfTheStream() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        try writeNotes(admin, space: space, count: 10)
        var link = try SessionLink(trusting: [admin.nodeID], bob, admin)
        link.pieceSize = 1
        link.run()
        #expect(link.a.isSynced)
        #expect(try bob.document(.main, in: space) == admin.document(.main, in: space))
    }

    @Test func batchesRespectTheWindowAndLargeLogsArriveWhole() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        try writeNotes(admin, space: space, count: 300)
        var configuration = SyncConfiguration()
        configuration.batchEnvelopes = 7
        configuration.window = 2
        var link = try SessionLink(trusting: [admin.nodeID], bob, admin, configuration: configuration)
        link.run()
        let batches = link.eventsA.filter { if case .received = $0 { true } else { false } }.count
        #expect(batches >= 300 / 7)
        #expect(try bob.version(of: space) == admin.version(of: space))
        #expect(try bob.document(.main, in: space) == admin.document(.main, in: space))
    }

    @Test func anInterruptedTransferResumesWithNothingLostOrTwice() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        let counterDocument = documentID(0xC)
        var counter = ContainerID.root
        try admin.transact(in: space, document: counterDocument) { tx in
            counter = try tx.makeContainer(.counter, at: "visits")
        }
        for _ in 0..<120 {
            try admin.transact(in: space, document: counterDocument) { tx in try tx.increment(counter, by: 1) }
        }
        var configuration = SyncConfiguration()
        configuration.batchEnvelopes = 10
        for cut in [3_000, 9_000, 20_000] {
            var link = try SessionLink(trusting: [admin.nodeID], bob, admin, configuration: configuration)
            link.byteBudget = cut
            link.run()
        }
        var link = try SessionLink(trusting: [admin.nodeID], bob, admin, configuration: configuration)
        link.run()
        #expect(link.a.isSynced)
        #expect(try bob.document(counterDocument, in: space).counterValue(counter) == 120)
        #expect(try bob.version(of: space) == admin.version(of: space))
    }

    @Test func anUnknownNodeIsRefusedAndLearnsNoSpaceID() throws {
        let stranger = try newNode("stranger")
        var link = try SessionLink(trusting: [admin.nodeID], stranger, admin)
        link.run()
        #expect(
            link.closedB == .some(SyncSessionError(code: .notEntitled, message: "no space is shared with this node")))
        #expect(link.closedA??.code == .notEntitled)
        #expect(try stranger.spaces().isEmpty)
        // Read every message the admin sent, as the stranger: no space id anywhere in the plaintext.
        let plaintexts = try PlainPeer.transcript(talkingTo: admin, wants: [])
        #expect(!plaintexts.isEmpty)
        for message in plaintexts {
            #expect(message.firstRange(of: space.bytes) == nil, "a message to a stranger names the space")
        }
    }

    @Test func aStrangerClaimingASpaceItGuessedGetsNothing() throws {
        let plaintexts = try PlainPeer.transcript(
            talkingTo: admin, wants: [SpaceWant(space: space, vector: VersionVector())])
        // It named the space itself; the admin asked for a chain, it had none, and nothing was sent.
        let decoded = plaintexts.compactMap { try? SyncMessage(decoding: $0) }
        #expect(!decoded.contains { if case .envelopes = $0 { true } else { false } })
        #expect(!decoded.contains { if case .chain = $0 { true } else { false } })
    }

    @Test func aRelayForwardsWithoutAnyKeyAndAMemberReadsThroughIt() throws {
        let hub = try newNode("hub")
        let bob = try newNode("bob")
        try admin.addMember(hub.nodeID, role: .relay, in: space)
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        let canary = "CANARY-session-relay-2291"
        try admin.transact(in: space, document: .main) { tx in try tx.set("title", .string(canary)) }
        var first = try SessionLink(trusting: [admin.nodeID], admin, hub)
        first.run()
        #expect(first.eventsB.contains(.adopted(space: space)))
        var second = try SessionLink(trusting: [admin.nodeID, hub.nodeID], bob, hub)
        second.run()
        #expect(second.a.isSynced)
        #expect(try title(bob) == .scalar(.string(canary)))
        #expect(try hub.heldEpochKeys(in: space).isEmpty)
        // Bob's reply reaches the admin through the hub.
        try bob.transact(in: space, document: .main) { tx in try tx.set("status", .string("done")) }
        second.localChanges()
        first.localChanges()
        #expect(try admin.document(.main, in: space).value(forKey: "status") == .scalar(.string("done")))
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.node("hub")) {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder.node("hub") + "/" + name))
            #expect(data.range(of: Data(canary.utf8)) == nil, "\(name) holds the canary")
        }
    }

    @Test func aRemovedMemberStopsReceivingMidSession() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        var link = try SessionLink(trusting: [admin.nodeID], admin, bob)
        link.run()
        try admin.removeMember(bob.nodeID, from: space)
        try admin.transact(in: space, document: .main) { tx in try tx.set("title", .string("after removal")) }
        link.localChanges()
        #expect(try title(bob) != .scalar(.string("after removal")))
        #expect(link.eventsB.contains(.refusedByPeer(space: space)))
        // Sharing nothing any more, the removed member's side ends the session.
        #expect(link.closedA??.code == .notEntitled)
    }

    @Test func anInviteBroughtInTheHelloAdmitsThePeerWhichThenSyncs() throws {
        try admin.transact(in: space, document: .main) { tx in try tx.set("title", .string("Falls audit")) }
        let dana = try newNode("dana")
        let invite = try admin.createInvite(to: space, role: .writer, validFor: 3_600)
        let redemption = try dana.redeemInvite(invite)
        var link = try SessionLink(trusting: [admin.nodeID], dana, admin, redemption: redemption)
        link.run()
        #expect(link.eventsA.contains(.admittedByPeer(space: space)))
        #expect(link.eventsB.contains(.admittedPeer(space: space)))
        #expect(link.a.isSynced)
        #expect(try title(dana) == .scalar(.string("Falls audit")))
        #expect(try admin.members(in: space).contains { $0.node == dana.nodeID && $0.role == .writer })
        // The same answer again, from the same node, is refused: the invite is used.
        var again = try SessionLink(trusting: [admin.nodeID], dana, admin, redemption: redemption)
        again.run()
        #expect(again.closedB??.code == .inviteRefused)
    }

    @Test func anInviteAnswerPresentedByAnotherNodeIsRefused() throws {
        let dana = try newNode("dana")
        let eve = try newNode("eve")
        let invite = try admin.createInvite(to: space, role: .writer, validFor: 3_600)
        let redemption = try dana.redeemInvite(invite)
        var link = try SessionLink(trusting: [admin.nodeID], eve, admin, redemption: redemption)
        link.run()
        #expect(link.closedB??.code == .inviteRefused)
        #expect(try !admin.members(in: space).contains { $0.node == eve.nodeID || $0.node == dana.nodeID })
        #expect(try eve.spaces().isEmpty)
    }

    @Test func heartbeatsKeepAQuietLinkAndSilenceClosesIt() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        var link = try SessionLink(trusting: [admin.nodeID], admin, bob)
        link.run()
        for _ in 0..<10 { link.advance(by: 8) }
        #expect(link.closedA == nil && link.closedB == nil)
        for _ in 0..<5 { link.advance(by: 8, deliver: false) }
        #expect(link.closedA??.code == .timeout)
        #expect(link.closedB??.code == .timeout)
    }

    /// A batch being taken in does not hold the session: the side taking it in reads nothing more until
    /// it is done, yet still sends heartbeats, is not taken for dead, and acknowledges afterwards.
    @Test func aSideTakingInABatchKeepsHeartbeatingAndAcknowledgesWhenDone() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        var link = try SessionLink(trusting: [admin.nodeID], bob, admin)
        link.run()
        #expect(link.a.isSynced)
        // Bob (the initiator) writes; the admin (the responder) holds the batch it is handed to take in.
        link.holdResponderIngests = true
        try writeNotes(bob, space: space, count: 10, document: documentID(0xD), seed: 4)
        link.localChanges()
        #expect(link.heldByB.count == 1)
        #expect(!link.b.isSynced)
        for _ in 0..<8 { link.advance(by: 8) }
        #expect(link.closedA == nil && link.closedB == nil)
        #expect(try title(admin, documentID(0xD)) == nil)
        link.releaseResponderIngests()
        #expect(try title(admin, documentID(0xD)) == .scalar(.string("Falls audit 4")))
        #expect(try admin.version(of: space) == bob.version(of: space))
        #expect(link.a.isSynced && link.b.isSynced)
    }

    @Test func aHandshakeThatStallsIsDropped() throws {
        let bob = try newNode("bob")
        var session = try SyncSession(role: .responder, node: bob, now: .zero)
        #expect(session.tick(now: .seconds(5)).isEmpty)
        let actions = session.tick(now: .seconds(20))
        #expect(actions.contains { if case .close(let error) = $0 { error?.code == .timeout } else { false } })
    }

    @Test func garbageAfterTheHandshakeClosesWithAProtocolError() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        var link = try SessionLink(trusting: [admin.nodeID], admin, bob)
        link.run()
        let actions = link.b.receive([0x00, 0x05, 1, 2, 3, 4, 5], now: .seconds(1_001))
        #expect(
            actions.contains { if case .close(let error) = $0 { error?.code == .protocolViolation } else { false } })
        #expect(try bob.version(of: space) == admin.version(of: space))
    }

    @Test func aPeerThatSendsPastAHubsQuotaIsCutOffBeforeTheBatchIsStored() throws {
        let hub = try newNode("hub")
        try admin.addMember(hub.nodeID, role: .relay, in: space)
        try writeNotes(admin, space: space, count: 120)
        var sender = SyncConfiguration()
        sender.batchEnvelopes = 20
        var hubSide = SyncConfiguration()
        hubSide.quota = AuthorQuota()
        hubSide.quota?.envelopesPerMinute = 50
        hubSide.quotaLedger = QuotaLedger()
        var link = try SessionLink(
            trusting: [admin.nodeID], admin, hub, configuration: sender, responderConfiguration: hubSide)
        link.run()
        #expect(link.closedB??.code == .quotaExceeded)
        let stored = try hub.version(of: space)[admin.actor]
        #expect(stored > 0 && stored <= 50)
        // Reconnecting at once does not reset the minute; a minute later the rest arrives.
        link = try SessionLink(
            trusting: [admin.nodeID], admin, hub, configuration: sender, responderConfiguration: hubSide)
        link.run()
        #expect(link.closedB??.code == .quotaExceeded)
        #expect(try hub.version(of: space)[admin.actor] == stored)
        for _ in 0..<3 {
            link = try SessionLink(
                trusting: [admin.nodeID], admin, hub, configuration: sender, responderConfiguration: hubSide,
                now: .seconds(1_100)
            )
            link.run()
        }
        #expect(try hub.version(of: space)[admin.actor] > stored)
    }

    @Test func aHubsStorageQuotaPerAuthorHolds() throws {
        let hub = try newNode("hub")
        try admin.addMember(hub.nodeID, role: .relay, in: space)
        try writeNotes(admin, space: space, count: 60)
        var hubSide = SyncConfiguration()
        hubSide.quota = AuthorQuota()
        // 60 notes are about 15 KB in envelope format 3.
        hubSide.quota?.storedBytesPerAuthor = 6_000
        var sender = SyncConfiguration()
        sender.batchEnvelopes = 10
        var link = try SessionLink(
            trusting: [admin.nodeID], admin, hub, configuration: sender, responderConfiguration: hubSide)
        link.run()
        #expect(link.closedB??.code == .quotaExceeded)
        #expect(try hub.storedBytes(in: space, by: admin.actor) <= 6_000)
        #expect(try hub.storedBytes(in: space, by: admin.actor) > 0)
    }

    /// D23: a recorded session replayed to the node fails the handshake (fresh ephemeral keys) and
    /// applies nothing.
    @Test func aReplayedSessionFailsTheHandshakeAndAppliesNothing() throws {
        let bob = try newNode("bob")
        try admin.addMember(bob.nodeID, role: .writer, in: space)
        try writeNotes(admin, space: space, count: 5)
        // A copy of Bob's replica as it was before the session: the replay's target.
        try FileManager.default.copyItem(atPath: folder.node("bob"), toPath: folder.node("bob-before"))
        var link = try SessionLink(trusting: [admin.nodeID], admin, bob)
        link.run()
        #expect(try bob.holds(space))
        let target = try Node.open(at: folder.node("bob-before"), configuration: testConfiguration())
        var replayed = try SyncSession(role: .responder, node: target, now: .seconds(2_000))
        let actions = replayed.receive(link.writtenByA, now: .seconds(2_000))
        #expect(
            actions.contains { if case .close(let error) = $0 { error?.code == .protocolViolation } else { false } })
        #expect(!actions.contains { if case .event(.connected) = $0 { true } else { false } })
        #expect(try !target.holds(space))
    }
}
