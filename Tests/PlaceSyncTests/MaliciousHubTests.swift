import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Synchronization
import Testing

/// A malicious hub (RELIABILITY.md D26), played over real Noise sessions by a relay node whose outgoing
/// messages are rewritten: it modifies, reorders, drops, duplicates and withholds envelopes, injects a
/// forged membership entry and an envelope replayed from another space, and lies in its vectors about
/// what it holds. The practice rejects what is forged, converges on what is honest, and its status shows
/// the withheld author's gap once another path shows it.
@Suite struct MaliciousHubTests {
    /// What the hub does to each message it sends to the practice.
    final class Tamper: Sendable {
        let space: SpaceID
        let withheld: ActorID
        let injected: [[UInt8]]
        private let dropped = Mutex(false)

        init(space: SpaceID, withheld: ActorID, injected: [[UInt8]]) {
            self.space = space
            self.withheld = withheld
            self.injected = injected
        }

        func rewrite(_ message: SyncMessage) -> [SyncMessage] {
            switch message {
            case .hello(let agent, let wants, let redemption):
                return [.hello(agent: agent, wants: wants.map(hide), redemption: redemption)]
            case .want(let want):
                return [.want(hide(want))]
            case .envelopes(let space, let batch, let envelopes) where space == self.space:
                var honest = envelopes.filter { (try? Envelope(decoding: $0).header.author) != withheld }
                // Drops the last one, in the first batch only (it comes in a later session).
                let drop = dropped.withLock { done in
                    defer { done = true }
                    return !done && honest.count > 1
                }
                if drop { honest.removeLast() }
                var sent: [[UInt8]] = []
                if var modified = honest.first {
                    modified[modified.count - 70] ^= 0x01  // inside the signed part: the signature fails
                    sent.append(modified)
                }
                sent += honest.reversed()  // reordered
                if let first = honest.first { sent.append(first) }  // duplicated
                sent += injected
                return [.envelopes(space: space, batch: batch, envelopes: sent)]
            default:
                return [message]
            }
        }

        /// The want with the withheld author left out: the hub claims it never had those envelopes.
        private func hide(_ want: SpaceWant) -> SpaceWant {
            guard want.space == space else { return want }
            var vector = VersionVector()
            for (author, seq) in want.vector.entries where author != withheld { vector[author] = seq }
            return SpaceWant(space: want.space, vector: vector)
        }
    }

    static func union(_ a: VersionVector, _ b: VersionVector) -> VersionVector {
        var result = a
        result.formUnion(b)
        return result
    }

    @Test func practicesRejectWhatAHubForgesConvergeOnWhatIsHonestAndSeeWhatItWithholds() throws {
        let folder = try TemporaryFolder()
        func node(_ name: String) throws -> Node {
            try Node.create(at: folder.node(name), configuration: testConfiguration())
        }
        let admin = try node("admin")
        let space = try admin.createSpace(name: "Forest of Dean locality")
        let other = try admin.createSpace(name: "County QI community")
        let (hub, author, practice) = (try node("hub"), try node("author"), try node("practice"))
        for (member, role) in [(hub, MemberRole.relay), (author, .writer), (practice, .writer)] {
            try admit(member, to: space, by: admin, role: role)
        }
        try admit(hub, to: other, by: admin, role: .relay)
        try admit(practice, to: other, by: admin, role: .reader)
        try writeNotes(admin, space: space, count: 5)
        try author.ingest(admin.envelopes(in: space, since: VersionVector()))
        try writeNotes(author, space: space, count: 8, document: DocumentID(bytes: [UInt8](repeating: 2, count: 16))!)
        try practice.ingest(admin.envelopes(in: other, since: VersionVector()))
        try writeNotes(admin, space: other, count: 1, seed: 7)
        // The hub holds everything, honestly received.
        for source in [admin, author] {
            var link = try SessionLink(trusting: [admin.nodeID], source, hub)
            link.run()
            #expect(link.a.isSynced)
        }
        #expect(try hub.version(of: space) == Self.union(admin.version(of: space), author.version(of: space)))
        // What it injects: an entry making itself an admin, signed by a key nobody admitted, and the
        // newest envelope of the other space, labelled as this space's.
        var forger = try HandSigner(space: space)
        let forged = try forger.sign(
            .membership, body: MembershipOperation.changeRole(member: hub.actor, role: .admin).encoded(),
            deps: try admin.version(of: space))
        let replayed = try #require(try hub.envelopes(in: other, since: practice.version(of: other)).last)
        let tamper = Tamper(space: space, withheld: author.actor, injected: [forged, replayed])
        var hubSide = SyncConfiguration()
        hubSide.rewriteOutgoing = { tamper.rewrite($0) }
        for _ in 0..<2 {
            var link = try SessionLink(trusting: [admin.nodeID], practice, hub, responderConfiguration: hubSide)
            link.run()
            #expect(link.closedA == nil || link.closedA??.code != .protocolViolation)
            // What the daemon's recorder does with a session's events.
            try practice.recordPeer(
                key: "hub", nodeID: hub.nodeID, address: "hub", direction: .dial, connected: false, contact: true,
                error: nil)
            try practice.recordPeerVectors(key: "hub", link.a.peerVectors)
        }
        // Forged and replayed things changed nothing; everything honest the hub sent arrived.
        #expect(try practice.membership(of: space) == admin.membership(of: space))
        #expect(try practice.membership(of: space).role(of: hub.actor) == .relay)
        // (The replayed envelope is refused in this space's batch; it arrives honestly in its own.)
        #expect(try practice.version(of: other) == admin.version(of: other))
        #expect(try practice.version(of: space)[admin.actor] == admin.version(of: space)[admin.actor])
        #expect(try practice.document(.main, in: space) == admin.document(.main, in: space))
        // The withheld author is missing, and the hub's lie hides it.
        #expect(try practice.version(of: space)[author.actor] == 0)
        let beforeOtherPath = try practice.peerStatuses()
        #expect(beforeOtherPath.first { $0.key == "hub" }?.spaces.first { $0.space == space }?.weLack == 0)
        // Another path: the author's own node, on a connection that drops right after the hellos. The
        // practice's status now shows it lacks what that peer holds, though its hub said nothing was missing.
        var budget = 256
        while true {
            var link = try SessionLink(trusting: [admin.nodeID], practice, author)
            link.byteBudget = budget
            link.run()
            if let vector = link.a.peerVectors[space], vector[author.actor] > 0 {
                #expect(try practice.version(of: space)[author.actor] == 0)
                try practice.recordPeer(
                    key: "author", nodeID: author.nodeID, address: "author", direction: .dial, connected: false,
                    contact: true, error: nil)
                try practice.recordPeerVectors(key: "author", link.a.peerVectors)
                break
            }
            budget += 64
            try #require(budget < 64 * 1_024)
        }
        let statuses = try practice.peerStatuses()
        let written = try author.version(of: space)[author.actor]
        #expect(statuses.first { $0.key == "author" }?.spaces.first { $0.space == space }?.weLack == written)
        #expect(statuses.first { $0.key == "hub" }?.spaces.first { $0.space == space }?.weLack == 0)
        // The other path repairs it, and every replica converges on what is honest.
        var repair = try SessionLink(trusting: [admin.nodeID], practice, author)
        repair.run()
        #expect(try practice.version(of: space) == Self.union(author.version(of: space), admin.version(of: space)))
        #expect(try practice.documents(in: space) == author.documents(in: space))
    }
}
