import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// Ack-gated compaction (`Protocol/CHECKPOINT.md` §6): a replica drops the bytes of envelopes below its
/// checkpoint only once every current member attested to holding them.
@Suite struct CompactionTests {
    struct Space {
        let folder: TemporaryFolder
        let admin: Node
        let second: Node
        let offline: Node
        let space: SpaceID

        init() throws {
            folder = try TemporaryFolder()
            admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
            space = try admin.createSpace(name: "Vale PCN")
            second = try Node.create(at: folder.node("second"), configuration: testConfiguration())
            offline = try Node.create(at: folder.node("offline"), configuration: testConfiguration())
            try admit(second, to: space, by: admin, role: .admin)
            try admit(offline, to: space, by: admin)
            try second.ingest(admin.envelopes(in: space, since: VersionVector()))
            try writeNotes(admin, space: space, count: 30, document: documentID(1), seed: 1)
            try writeNotes(second, space: space, count: 30, document: documentID(2), seed: 2)
            try second.ingest(admin.envelopes(in: space, since: second.version(of: space)))
            try admin.ingest(second.envelopes(in: space, since: admin.version(of: space)))
        }

        /// `member` tells the admin, signed, what it holds.
        func attest(_ member: Node) throws {
            let attestation = try #require(try member.ownAttestation(of: space, force: true))
            let receipt = try admin.receiveAttestations(
                [attestation.bytes], in: space, from: "peer:\(member.nodeID)", limitRate: false)
            #expect(receipt.refused.isEmpty)
        }

        func heldBytes(_ node: Node) throws -> Int {
            try node.envelopes(in: space, since: VersionVector()).reduce(0) { $0 + $1.count }
        }
    }

    @Test func nothingIsDroppedWhileAMemberThatWasOfflineAllAlongHasNotAttested() throws {
        let county = try Space()
        let (admin, space) = (county.admin, county.space)
        #expect(throws: SyncError.self) { try admin.compact(space) }  // no checkpoint yet
        let checkpoint = try admin.makeCheckpoint(of: space)
        try county.attest(county.second)
        let before = try county.heldBytes(admin)
        let held = try admin.compact(space)
        #expect(held.dropped == 0)
        #expect(held.holdingBack == [county.offline.actor])
        #expect(try county.heldBytes(admin) == before)
        #expect(try admin.checkpoint(of: space)?.isBase == false)

        // The offline member comes back, takes everything, and says so: now the admin may drop it.
        try county.offline.ingest(admin.envelopes(in: space, since: VersionVector()))
        #expect(try county.offline.version(of: space).includes(checkpoint.vector))
        try county.attest(county.offline)
        let report = try admin.compact(space)
        #expect(report.holdingBack.isEmpty)
        #expect(report.bound == checkpoint.vector)
        #expect(report.dropped >= 60)
        let after = try county.heldBytes(admin)
        #expect(after < before / 2, "\(after) of \(before)")
        #expect(try admin.checkpoint(of: space)?.isBase == true)
        let reference = try county.second.document(documentID(1), in: space).snapshot()
        #expect(try admin.document(documentID(1), in: space).snapshot() == reference)
        // Compacting again drops nothing more.
        #expect(try admin.compact(space).dropped == 0)
    }

    /// After compacting, the admin writes on, serves a new member from the checkpoint, and re-derives
    /// its documents from the checkpoint when a removal it learns late excludes content it had applied.
    @Test func aCompactedReplicaWritesServesAndRederivesFromItsCheckpoint() throws {
        let county = try Space()
        let (admin, second, offline, space) = (county.admin, county.second, county.offline, county.space)
        try offline.ingest(admin.envelopes(in: space, since: VersionVector()))
        try admin.makeCheckpoint(of: space)
        try county.attest(second)
        try county.attest(offline)
        #expect(try admin.compact(space).dropped > 0)

        // The offline member writes; the admin applies it; the second admin, not having seen it, removes
        // that member: the admin learns the removal and takes the write out of its state again.
        try writeNotes(offline, space: space, count: 3, document: documentID(1), seed: 7)
        try admin.ingest(offline.envelopes(in: space, since: admin.version(of: space)))
        try second.removeMember(offline.nodeID, from: space)
        try writeNotes(second, space: space, count: 2, document: documentID(2), seed: 8)
        try admin.ingest(second.envelopes(in: space, since: admin.version(of: space)))
        try second.ingest(admin.envelopes(in: space, since: second.version(of: space), includeEvidence: true))
        try writeNotes(admin, space: space, count: 2, document: documentID(1), seed: 9)
        try second.ingest(admin.envelopes(in: space, since: second.version(of: space)))
        for id in [documentID(1), documentID(2)] {
            #expect(try admin.document(id, in: space).snapshot() == second.document(id, in: space).snapshot())
        }
        #expect(try admin.version(of: space) == second.version(of: space))

        let joiner = try Node.create(at: county.folder.node("joiner"), configuration: testConfiguration())
        try admit(joiner, to: space, by: admin)
        var link = try SessionLink(trusting: [admin.nodeID], joiner, admin)
        link.run()
        #expect(link.closedA == nil && link.closedB == nil)
        #expect(link.eventsA.contains { if case .checkpointInstalled = $0 { true } else { false } })
        #expect(try joiner.version(of: space) == admin.version(of: space))
        for id in [documentID(1), documentID(2)] {
            #expect(try joiner.document(id, in: space).snapshot() == second.document(id, in: space).snapshot())
        }
    }

    /// A hub (a relay, no keys) that an author would push past its storage quota first drops what every
    /// member holds below the checkpoint it keeps, then takes the new envelopes; without that room it
    /// would end the session over the quota.
    @Test func aHubCompactsBelowItsCheckpointBeforeRefusingAnAuthorOverItsQuota() throws {
        let county = try Space()
        let (admin, second, offline, space) = (county.admin, county.second, county.offline, county.space)
        let hub = try Node.create(at: county.folder.node("hub"), configuration: testConfiguration())
        try admin.addMember(hub.nodeID, role: .relay, in: space)
        try hub.joinSpace(space, name: "s")
        try offline.ingest(admin.envelopes(in: space, since: VersionVector()))
        var tight = SyncConfiguration()
        var quota = AuthorQuota()
        quota.storedBytesPerAuthor = try admin.storedBytes(in: space, by: admin.actor) * 3 / 2
        tight.quota = quota
        func syncHub() throws -> SessionLink {
            var link = try SessionLink(
                trusting: [admin.nodeID], admin, hub, configuration: SyncConfiguration(), responderConfiguration: tight)
            link.run()
            return link
        }
        #expect(try syncHub().closedA == nil)
        try admin.makeCheckpoint(of: space)
        #expect(try syncHub().eventsB.contains(.checkpointKept(space: space)))
        for member in [admin, second, offline] {
            let attestation = try #require(try member.ownAttestation(of: space, force: true))
            let receipt = try hub.receiveAttestations(
                [attestation.bytes], in: space, from: "peer:\(member.nodeID)", limitRate: false)
            #expect(receipt.refused.isEmpty)
        }
        try writeNotes(admin, space: space, count: 30, document: documentID(3), seed: 4)
        let link = try syncHub()
        #expect(link.closedA == nil && link.closedB == nil, "\(String(describing: link.closedA))")
        #expect(try hub.version(of: space) == admin.version(of: space))
        #expect(try hub.storedBytes(in: space, by: admin.actor) <= quota.storedBytesPerAuthor)
        #expect(try hub.checkpoint(of: space)?.isBase == false)
    }
}
