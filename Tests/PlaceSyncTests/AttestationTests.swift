import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceStore
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Synchronization
import Testing

/// Signed head attestations (delivery receipts): members pass on what each holds, over real Noise
/// sessions; a practice learns who holds its changes, sees gaps, and catches a hub that withholds an
/// author from it once that hub's own attestation reaches it by another path (RELIABILITY.md D26).
@Suite struct AttestationTests {
    /// A wall clock a test moves by hand (every node of a test shares one).
    final class ManualClock: Sendable {
        private let seconds = Mutex(1_800_000_000.0)
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
        var now: Double { seconds.withLock { $0 } }
    }

    /// The nodes of one space: an admin, two hubs, an author and a practice; attestations every 60 s.
    struct County {
        let folder: TemporaryFolder
        let clock: ManualClock
        let admin, hub1, hub2, author, practice: Node
        let space: SpaceID

        init() throws {
            let folder = try TemporaryFolder()
            let clock = ManualClock()
            func node(_ name: String) throws -> Node {
                var configuration = NodeConfiguration()
                configuration.now = { clock.now }
                configuration.attestations.period = .seconds(60)
                configuration.attestations.minimumInterval = .seconds(10)
                configuration.attestations.withholdingGrace = .seconds(60)
                return try Node.create(at: folder.node(name), configuration: configuration)
            }
            let admin = try node("admin")
            let space = try admin.createSpace(name: "County QI community")
            let (hub1, hub2, author, practice) = (
                try node("hub1"), try node("hub2"), try node("author"), try node("practice")
            )
            for (member, role) in [(hub1, MemberRole.relay), (hub2, .relay), (author, .writer), (practice, .writer)] {
                try admit(member, to: space, by: admin, role: role)
            }
            for member in [hub1, hub2, author, practice] {
                try member.ingest(admin.envelopes(in: space, since: VersionVector()))
            }
            (self.folder, self.clock, self.admin, self.space) = (folder, clock, admin, space)
            (self.hub1, self.hub2, self.author, self.practice) = (hub1, hub2, author, practice)
        }

        /// One whole session between two nodes, then the clock moves on.
        @discardableResult
        func sync(_ initiator: Node, _ responder: Node, responderSide: SyncConfiguration? = nil) throws -> SessionLink {
            var link = try SessionLink(
                trusting: [admin.nodeID], initiator, responder, responderConfiguration: responderSide)
            link.run()
            clock.advance(1)
            return link
        }
    }

    @Test func aHubWithholdingAnAuthorFromAPracticeIsCaughtByItsOwnAttestationArrivingAnotherWay() throws {
        let county = try County()
        let (space, author, practice) = (county.space, county.author, county.practice)
        try writeNotes(author, space: space, count: 6)
        let written = try author.version(of: space)[author.actor]
        // The author syncs with both hubs; hub 1's attestation (it holds the author's envelopes) travels
        // through the author to hub 2.
        try county.sync(author, county.hub1)
        try county.sync(author, county.hub2)
        // Hub 1 withholds the author from the practice, and hides it in its wants and attestations.
        let tamper = MaliciousHubTests.Tamper(space: space, withheld: author.actor, injected: [])
        var hubSide = SyncConfiguration()
        hubSide.rewriteOutgoing = { message in
            if case .attestations = message { return [] }
            return tamper.rewrite(message)
        }
        let first = try county.sync(practice, county.hub1, responderSide: hubSide)
        #expect(!first.eventsA.contains { if case .withholding = $0 { true } else { false } })
        #expect(try practice.version(of: space)[author.actor] == 0)
        // The second path: hub 2 brings the author's envelopes and hub 1's signed attestation.
        let second = try county.sync(practice, county.hub2)
        #expect(second.eventsA.contains { if case .attestations(_, let stored, 0) = $0 { stored >= 2 } else { false } })
        #expect(try practice.version(of: space)[author.actor] == written)
        // The next session with hub 1, within one attestation period: caught.
        let third = try county.sync(practice, county.hub1, responderSide: hubSide)
        #expect(third.eventsA.contains(.withholding(space: space, authors: 1)))
        let report = try practice.delivery(of: space)
        let caught = try #require(report.withheld.first)
        #expect(caught.peer == county.hub1.nodeID && caught.author == author.nodeID)
        #expect(caught.attested == written && caught.claimed == 0)
        let explanation = try practice.explain(space)
        #expect(
            explanation.sentences.first?.contains("\(county.hub1.nodeID) is keeping envelopes by \(author.nodeID)")
                == true)
        // An honest hub is never accused: hub 2 claims what it attested.
        #expect(report.withheld.allSatisfy { $0.peer != county.hub2.nodeID })
    }

    @Test func aGapOthersAttestIsSuspectedOnlyWhenItOutlastsTheGraceWhileInContact() throws {
        let county = try County()
        let (space, author, practice) = (county.space, county.author, county.practice)
        try writeNotes(author, space: space, count: 4)
        let written = try author.version(of: space)[author.actor]
        // The author's attestation reaches the practice without its envelopes (a receipt carried by hand).
        let attestation = try #require(try author.ownAttestation(of: space))
        let receipt = try practice.receiveAttestations([attestation.bytes], in: space, from: "bundle:author")
        #expect(receipt.stored == 1 && receipt.refused.isEmpty)
        var report = try practice.delivery(of: space)
        #expect(
            report.gaps.count == 1 && report.gaps.first?.attested == written && report.gaps.first?.suspected == false)
        #expect(try practice.explain(space).sentences.contains { $0.contains("are on their way here") })
        // Past the grace, but out of contact with every peer: still only a gap (nothing could arrive).
        county.clock.advance(120)
        #expect(try practice.delivery(of: space).gaps.first?.suspected == false)
        // In contact with its hub, which says it holds nothing of the author: suspected.
        try practice.recordPeer(
            key: "hub1", nodeID: county.hub1.nodeID, address: "hub1", direction: .dial, connected: true, contact: true,
            error: nil)
        report = try practice.delivery(of: space)
        #expect(report.suspectedWithholding.map(\.author) == [author.nodeID])
        #expect(try practice.explain(space).sentences.first?.contains("a path may be withholding them") == true)
        // The envelopes arrive: the gap closes.
        try practice.ingest(author.envelopes(in: space, since: VersionVector()))
        #expect(try practice.delivery(of: space).gaps.isEmpty)
    }

    @Test func attestationsFromNonMembersForgedOrOfAnotherSpaceAreRefusedAndChangeNothing() throws {
        let county = try County()
        let (space, practice) = (county.space, county.practice)
        let outsider = try Node.create(at: county.folder.node("outsider"), configuration: testConfiguration())
        let other = try outsider.createSpace(name: "Elsewhere")
        var vector = try practice.version(of: space)
        vector.formUnion(VersionVector([outsider.actor: 50]))
        let stranger = try HeadAttestation.sign(
            space: space, sequence: 1, issuedAt: 1, vector: vector, by: try NodeKeyPair.generate())
        var forged = try #require(try county.author.ownAttestation(of: space)).bytes
        forged[forged.count - 80] ^= 1
        let elsewhere = try #require(try outsider.ownAttestation(of: other))
        let receipt = try practice.receiveAttestations(
            [stranger.bytes, forged, elsewhere.bytes, [1, 2, 3]], in: space, from: "peer:x")
        #expect(receipt.stored == 0 && receipt.refused.count == 4)
        #expect(receipt.refused[0].contains("not a member"))
        #expect(try practice.delivery(of: space).attestations.isEmpty && practice.delivery(of: space).gaps.isEmpty)
        #expect(try practice.explain(space).refusals.contains { $0.reason.contains("not a member") })
    }

    @Test func receiptsSayWhoHoldsAChangeAndAttestationsAreRateLimitedAndSuperseded() throws {
        let county = try County()
        let (space, author, practice) = (county.space, county.author, county.practice)
        try writeNotes(practice, space: space, count: 3)
        try county.sync(practice, county.hub1)
        try county.sync(author, county.hub1)
        try county.sync(practice, county.hub1)
        var report = try practice.delivery(of: space)
        let latest = try practice.version(of: space)[practice.actor]
        #expect(Set(report.holders(of: practice.actor, seq: latest)) == [county.hub1.nodeID, author.nodeID])
        #expect(report.otherMembers == 4)
        #expect(try practice.explain(space).sentences.contains { $0.contains("is held by 2 of the 4 other members") })
        // Within the period, a new change does not make a new attestation; past it, one supersedes the last.
        let before = try #require(try practice.ownAttestation(of: space))
        try writeNotes(practice, space: space, count: 1, seed: 9)
        #expect(try practice.ownAttestation(of: space) == before)
        county.clock.advance(61)
        let after = try #require(try practice.ownAttestation(of: space))
        #expect(after.sequence > before.sequence && after.vector[practice.actor] == latest + 1)
        // A hub takes the newer one, and drops one that comes sooner than the minimum interval after it.
        #expect(try county.hub2.receiveAttestations([before.bytes], in: space, from: "peer:p").stored == 1)
        #expect(try county.hub2.receiveAttestations([after.bytes], in: space, from: "peer:p").stored == 0)
        county.clock.advance(11)
        #expect(try county.hub2.receiveAttestations([after.bytes], in: space, from: "peer:p").stored == 1)
        #expect(try county.hub2.receiveAttestations([before.bytes], in: space, from: "peer:p").stored == 0)
        report = try county.hub2.delivery(of: space)
        #expect(report.attestations.first { $0.node == practice.nodeID }?.vector == after.vector)
    }
}
