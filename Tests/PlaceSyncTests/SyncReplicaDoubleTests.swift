import PlaceCRDT
import PlaceCrypto
import PlaceStore
import PlaceSyncTestHelpers
import PlaceWire
import Synchronization
import Testing

@testable import PlaceSync

/// A replica double that shares nothing and records what the session asks of it.
final class RecordingReplica: SyncReplica {
    let sessionIdentity: NodeKeyPair
    let askedAbout = Mutex<[NodeID]>([])
    let ingested = Mutex<Int>(0)

    init() throws { sessionIdentity = try NodeKeyPair.generate() }

    func spacesShared(with peer: NodeID) throws -> [SpaceWant] {
        askedAbout.withLock { $0.append(peer) }
        return []
    }
    func version(of space: SpaceID) throws -> VersionVector { VersionVector() }
    func holds(_ space: SpaceID) throws -> Bool { false }
    func isEntitled(_ peer: NodeID, to space: SpaceID) throws -> Bool {
        askedAbout.withLock { $0.append(peer) }
        return false
    }
    func recordOffer(_ space: SpaceID, from peer: NodeID) throws -> Bool { false }
    func adoptSpace(_ space: SpaceID, chain: [[UInt8]], trustedAdmins: Set<NodeID>) throws -> Membership? { nil }
    func admitInvitee(_ redemptionText: String, displayName: String) throws -> NodeID {
        throw SyncError(.inviteInvalid, "this double admits no one")
    }
    func ingest(_ batch: [[UInt8]], in space: SpaceID?, source: String) throws -> IngestReport {
        ingested.withLock { $0 += batch.count }
        return IngestReport()
    }
    func storedBytes(in space: SpaceID, by author: ActorID) throws -> Int { 0 }
    func membershipChain(of space: SpaceID) throws -> [[UInt8]] { [] }
    func keyWraps(sealedTo peer: NodeID, in space: SpaceID, lacking vector: VersionVector) throws -> [[UInt8]] {
        []
    }
    func envelopePage(in space: SpaceID, afterRow: Int64, since vector: VersionVector, maxCount: Int, maxBytes: Int)
        throws -> EnvelopePage
    { EnvelopePage(envelopes: [], lastRow: afterRow, hasMore: false) }
    func equivocationProofs(in space: SpaceID) throws -> [(first: [UInt8], second: [UInt8])] { [] }
    func attestationsToGossip(of space: SpaceID, excluding sent: [[UInt8]: UInt64]) throws -> [StoredAttestation] {
        []
    }
    func checkClaim(of peer: NodeID, in space: SpaceID, claimed: VersionVector, sessionStart: Double) throws
        -> [ActorID]
    { [] }
    var wallClock: Double { 0 }
    func receiveAttestations(_ attestations: [[UInt8]], in space: SpaceID, from source: String, limitRate: Bool)
        throws -> AttestationReceipt
    { AttestationReceipt() }
}

/// The sync session runs over any replica (no SQLite here), and asks it about the peer the handshake
/// proved — never about a node the peer merely claims to be.
@Suite struct SyncReplicaDoubleTests {
    @Test func aSessionAsksItsReplicaOnlyAboutThePeerItsHandshakeProved() throws {
        let (alice, bob) = (try RecordingReplica(), try RecordingReplica())
        var link = SessionLink(
            try SyncSession(role: .initiator, replica: alice, now: .seconds(1_000)),
            try SyncSession(role: .responder, replica: bob, now: .seconds(1_000)))
        link.run()
        #expect(link.a.peer == bob.sessionIdentity.nodeID)
        #expect(link.b.peer == alice.sessionIdentity.nodeID)
        #expect(!alice.askedAbout.withLock { $0 }.isEmpty && !bob.askedAbout.withLock { $0 }.isEmpty)
        #expect(alice.askedAbout.withLock { $0 }.allSatisfy { $0 == bob.sessionIdentity.nodeID })
        #expect(bob.askedAbout.withLock { $0 }.allSatisfy { $0 == alice.sessionIdentity.nodeID })
        // Nothing shared: each side tells the other so and nothing is taken in.
        #expect(link.closedA != nil && link.closedB != nil)
        #expect(alice.ingested.withLock { $0 } == 0 && bob.ingested.withLock { $0 } == 0)
    }
}
