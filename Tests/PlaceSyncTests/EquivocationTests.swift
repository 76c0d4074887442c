import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// ARCHITECTURE.md "Cut-offs": two different envelopes signed for one (space, author, seq).
@Suite struct EquivocationTests {
    /// A node whose folder was cloned writes two different envelopes #4; a third node builds on one of
    /// them. Replicas that learn the two in opposite orders end identical, the author frozen at #3.
    @Test func replicasThatSeeConflictingEnvelopesInOppositeOrdersConverge() throws {
        let folder = try TemporaryFolder()
        let space: SpaceID
        let names = ["c", "r1", "r2", "r3"]
        do {
            let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
            space = try a.createSpace(name: "s")
            for name in names {
                let node = try Node.create(at: folder.node(name), configuration: testConfiguration())
                try admit(node, to: space, by: a, role: name == "c" ? .writer : .reader)
            }
            try writeNotes(a, space: space, count: 2)
        }
        // A whole copy of the folder: the clone passes every local check and reuses seq 4.
        try FileManager.default.copyItem(atPath: folder.node("a"), toPath: folder.node("a-clone"))
        let a = try Node.open(at: folder.node("a"), configuration: testConfiguration())
        let clone = try Node.open(at: folder.node("a-clone"), configuration: testConfiguration())
        #expect(a.nodeID == clone.nodeID)
        let before = try a.version(of: space)
        let frozenAt = before[a.actor]
        let base = try a.envelopes(in: space, since: VersionVector())
        try a.transact(in: space, document: .main) { tx in try tx.set("title", .string("X")) }
        try clone.transact(in: space, document: .main) { tx in try tx.set("title", .string("Y")) }
        try a.transact(in: space, document: .main) { tx in try tx.set("status", .string("after X")) }
        let forked = try a.envelopes(in: space, since: before)
        let x = forked[0]
        let afterX = forked[1]
        let y = try clone.envelopes(in: space, since: before)[0]
        #expect(x != y)

        var nodes: [String: Node] = [:]
        for name in names {
            nodes[name] = try Node.open(at: folder.node(name), configuration: testConfiguration())
        }
        // C builds on X before anyone knows of Y.
        try nodes["c"]!.ingest(base + [x])
        try nodes["c"]!.transact(in: space, document: .main) { tx in try tx.set("reviewed", .bool(true)) }
        let onX = try nodes["c"]!.envelopes(in: space, since: a.version(of: space))
        #expect(onX.count == 1)

        let r1 = nodes["r1"]!
        let r2 = nodes["r2"]!
        try r1.ingest(base + [x, afterX] + onX)
        try r2.ingest(base + [y])
        #expect(try r1.document(.main, in: space) != r2.document(.main, in: space))
        let proof1 = try r1.ingest([y])
        let proof2 = try r2.ingest([x, afterX] + onX)
        #expect(proof1.equivocations.count == 1)
        #expect(proof2.equivocations.count == 1)

        let r3 = nodes["r3"]!
        var everything = base + [x, y, afterX] + onX
        var random = SeededRandom(seed: 3)
        everything.shuffle(using: &random)
        try r3.ingest(everything)

        for replica in [r1, r2, r3] {
            #expect(try replica.cutoffs(in: space)[a.actor] == frozenAt)
            #expect(try replica.version(of: space) == VersionVector([a.actor: frozenAt]))
            #expect(try replica.document(.main, in: space) == r1.document(.main, in: space))
            #expect(try replica.documents(in: space) == r1.documents(in: space))
            #expect(try replica.equivocationProofs(in: space).count == 1)
            #expect(try replica.integrityCheck() == "ok")
        }
        // What remains is the state before the fork.
        let title = try r1.document(.main, in: space).value(forKey: "title")
        #expect(title == .scalar(.string("Falls audit 1")))
        #expect(try r1.document(.main, in: space).value(forKey: "reviewed") == nil)
        // The frozen author cannot write any more on a replica that holds the proof.
        #expect(try r1.equivocationProofs(in: space).first.map { [$0.first, $0.second].contains(x) } == true)
    }

    /// The second envelope of an equivocating pair lives only in the proof: a sync session carries the
    /// proof to a replica that never saw either, which then freezes the author the same way.
    @Test func aSyncSessionCarriesEquivocationProofs() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let space = try a.createSpace(name: "s")
        let witness = try Node.create(at: folder.node("witness"), configuration: testConfiguration())
        let fresh = try Node.create(at: folder.node("fresh"), configuration: testConfiguration())
        try a.addMember(witness.nodeID, role: .reader, in: space)
        try a.addMember(fresh.nodeID, role: .reader, in: space)
        try writeNotes(a, space: space, count: 2)
        try FileManager.default.copyItem(atPath: folder.node("a"), toPath: folder.node("a-clone"))
        let clone = try Node.open(at: folder.node("a-clone"), configuration: testConfiguration())
        let before = try a.version(of: space)
        try a.transact(in: space, document: .main) { tx in try tx.set("title", .string("X")) }
        try clone.transact(in: space, document: .main) { tx in try tx.set("title", .string("Y")) }
        try witness.joinSpace(space, name: "s")
        try witness.ingest(a.envelopes(in: space, since: VersionVector()))
        #expect(try witness.ingest(clone.envelopes(in: space, since: before)).equivocations.count == 1)
        var link = try SessionLink(trusting: [a.nodeID, witness.nodeID], fresh, witness)
        link.run()
        #expect(link.a.isSynced)
        #expect(try fresh.equivocationProofs(in: space).count == 1)
        #expect(try fresh.cutoffs(in: space) == witness.cutoffs(in: space))
        #expect(try fresh.document(.main, in: space) == witness.document(.main, in: space))
    }
}
