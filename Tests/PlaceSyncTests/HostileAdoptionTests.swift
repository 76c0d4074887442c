import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// Taking on spaces against hostile peers (RELIABILITY.md D36, D39): a node takes on a space only by
/// its operator's policy or its user's word, and a membership chain from a node that is no member costs
/// next to nothing.
@Suite struct HostileAdoptionTests {
    @Test func aHubTakesOnNoneOfAHundredSpacesAStrangerMadeNamingIt() throws {
        let folder = try TemporaryFolder()
        let hub = try Node.create(at: folder.node("hub"), configuration: testConfiguration())
        let honestAdmin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let stranger = try Node.create(at: folder.node("stranger"), configuration: testConfiguration())
        for index in 0..<100 {
            let space = try stranger.createSpace(name: "bait \(index)")
            try stranger.addMember(hub.nodeID, role: .relay, in: space)
        }
        var hubSide = SyncConfiguration()
        hubSide.trustedAdmins = [honestAdmin.nodeID]
        hubSide.keepsOffers = false
        var link = try SessionLink(stranger, hub, responderConfiguration: hubSide)
        link.run()
        #expect(try hub.spaces().isEmpty)
        #expect(try hub.offers().isEmpty)
        #expect(!link.eventsB.contains { if case .adopted = $0 { true } else { false } })
        #expect(link.closedB??.code == .notEntitled)
    }

    @Test func aPracticeKeepsASpaceAnUntrustedAdminNamedItInAsAnOfferUntilItsUserAccepts() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let space = try admin.createSpace(name: "Cotswolds locality")
        try writeNotes(admin, space: space, count: 3)
        let practice = try Node.create(at: folder.node("practice"), configuration: testConfiguration())
        try admin.addMember(practice.nodeID, role: .writer, in: space)
        var first = try SessionLink(practice, admin)
        first.run()
        #expect(try !practice.holds(space))
        #expect(try practice.offers().map(\.space) == [space])
        #expect(try practice.offers().first?.from == admin.nodeID)
        #expect(first.eventsA.contains(.offered(space: space)))
        // The user accepts; the next sync fetches it.
        try practice.acceptOffer(space, name: "Cotswolds locality")
        #expect(try practice.offers().isEmpty)
        var second = try SessionLink(practice, admin)
        second.run()
        #expect(second.a.isSynced)
        #expect(try practice.document(.main, in: space) == admin.document(.main, in: space))
        #expect(throws: SyncError.self) { try practice.declineOffer(space) }
    }

    @Test func offersFromOnePeerAreBounded() throws {
        let folder = try TemporaryFolder()
        let practice = try Node.create(at: folder.node("practice"), configuration: testConfiguration())
        let stranger = try Node.create(at: folder.node("stranger"), configuration: testConfiguration())
        for index in 0..<40 {
            try stranger.addMember(practice.nodeID, role: .reader, in: try stranger.createSpace(name: "spam \(index)"))
        }
        var link = try SessionLink(stranger, practice)
        link.run()
        #expect(try practice.offers().count == 8)
        #expect(try practice.spaces().isEmpty)
        try practice.declineOffer(try #require(try practice.offers().first).space)
        #expect(try practice.offers().count == 7)
    }

    /// A stranger that wants a space the hub holds is asked for its chain (it might be a new member): it
    /// answers with 16,384 entries signed by keys nobody admitted. They are dropped before a signature
    /// is checked, and the stranger is refused; a chain claiming the admin's name fails its signature.
    @Test func aChainBombFromANodeThatIsNoMemberChangesNothing() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let space = try admin.createSpace(name: "s")
        let hub = try Node.create(at: folder.node("hub"), configuration: testConfiguration())
        try admit(hub, to: space, by: admin, role: .relay)
        try hub.ingest(admin.envelopes(in: space, since: VersionVector()))
        let before = try hub.membership(of: space)
        var bomber = try HandSigner(space: space)
        var bomb: [[UInt8]] = []
        var deps = VersionVector()
        for index in 0..<16_384 {
            let target = ActorID.test(UInt64(index))
            bomb.append(
                try bomber.sign(
                    .membership, body: MembershipOperation.add(member: target, role: .admin, sealedName: []).encoded(),
                    deps: deps))
            deps[bomber.actor] = UInt64(index + 1)
        }
        let started = ContinuousClock.now
        let shown = try hub.membership(of: space, shownBy: bomb)
        let elapsed = ContinuousClock.now - started
        #expect(shown == before)
        #expect(try hub.adoptSpace(space, chain: bomb, trustedAdmins: []) == before)
        #expect(try hub.membership(of: space) == before)
        #expect(try hub.storedMembershipEntries(in: space).count == before.applied.count)
        print("chain bomb of 16,384 entries from a non-member judged in \(elapsed)")
        // Entries claiming to be the admin's, with signatures that do not verify: refused at the first.
        var forged = try HandSigner(space: space)
        let adminSeen = try admin.version(of: space)
        var claimed: [UInt8] = []
        for _ in 0...adminSeen[admin.actor] {  // the admin's next seq, which the hub does not hold
            claimed = try forged.sign(.membership, body: MembershipOperation.rotate.encoded(), deps: adminSeen)
        }
        var bytes = claimed
        if let range = bytes.firstRange(of: forged.actor.bytes) {
            bytes.replaceSubrange(range, with: admin.actor.bytes)
        }
        #expect(try Envelope(decoding: bytes).header.author == admin.actor)
        #expect {
            _ = try hub.membership(of: space, shownBy: [bytes])
        } throws: { error in
            (error as? SyncError)?.code == .invalidInput && "\(error)".contains("signature")
        }
    }
}
