import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// Checkpoints for new members (`Protocol/CHECKPOINT.md`): a joiner starts from an admin's signed
/// checkpoint instead of the whole history, and ends where a member that replayed everything ends.
@Suite struct CheckpointTests {
    /// A space edited by an admin (envelope format 3), a writer that writes format 1 and one on format 2, on
    /// three documents, with syncs in between; then the admin makes a checkpoint, and the format-1
    /// writer edits on.
    struct County {
        let folder: TemporaryFolder
        let admin: Node
        let writers: [Node]
        let space: SpaceID

        init(rounds: Int = 60) throws {
            folder = try TemporaryFolder()
            admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
            space = try admin.createSpace(name: "Cotswolds PCN")
            var formatOne = testConfiguration()
            formatOne.envelopeFormat = 1
            let old = try Node.create(at: folder.node("old"), configuration: formatOne)
            var formatTwo = testConfiguration()
            formatTwo.envelopeFormat = 2
            let new = try Node.create(at: folder.node("new"), configuration: formatTwo)
            writers = [old, new]
            for writer in writers { try admit(writer, to: space, by: admin) }
            let nodes = [admin] + writers
            try Self.syncAll(nodes, space)
            var random = SeededRandom(seed: 11)
            for round in 0..<rounds {
                let node = nodes[random.below(3)]
                try writeNotes(
                    node, space: space, count: 1, document: documentID(UInt8(1 + random.below(3))), seed: UInt64(round))
                if random.chance(30) {
                    let (from, to) = (nodes[random.below(3)], nodes[random.below(3)])
                    try to.ingest(from.envelopes(in: space, since: to.version(of: space)))
                }
            }
            try Self.syncAll(nodes, space)
        }

        static func syncAll(_ nodes: [Node], _ space: SpaceID) throws {
            for _ in 0..<2 {
                for from in nodes {
                    for to in nodes where to !== from {
                        try to.ingest(from.envelopes(in: space, since: to.version(of: space), includeEvidence: true))
                    }
                }
            }
        }

        /// A node admitted now that holds nothing of the space yet.
        func joiner(_ name: String, configuration: NodeConfiguration = testConfiguration()) throws -> Node {
            let node = try Node.create(at: folder.node(name), configuration: configuration)
            try admit(node, to: space, by: admin)
            return node
        }

        func expectSameDocuments(_ replicas: [Node], as reference: Node) throws {
            let documents = try reference.documents(in: space).map(\.id)
            #expect(documents.count >= 3)
            for (index, replica) in replicas.enumerated() {
                #expect(try replica.documents(in: space).map(\.id) == documents, "replica \(index)")
                for id in documents {
                    let mine = try replica.document(id, in: space).snapshot()
                    let theirs = try reference.document(id, in: space).snapshot()
                    #expect(mine == theirs, "replica \(index), document \(id): \(mine.count) vs \(theirs.count) bytes")
                }
            }
        }
    }

    @Test func aJoinerFromACheckpointEndsWhereAMemberThatReplayedEverythingEnds() throws {
        let county = try County()
        let (admin, space) = (county.admin, county.space)
        let checkpoint = try admin.makeCheckpoint(of: space)
        #expect(checkpoint.envelopes > 60)
        try writeNotes(county.writers[0], space: space, count: 5, document: documentID(1), seed: 99)
        try admin.ingest(county.writers[0].envelopes(in: space, since: admin.version(of: space)))

        // The joiner's clock is later: its documents still show when they last changed on the admin.
        var later = testConfiguration()
        later.now = { 1_800_000_500 }
        let joiner = try county.joiner("joiner", configuration: later)
        var link = try SessionLink(trusting: [admin.nodeID], joiner, admin)
        link.run()
        #expect(link.closedA == nil && link.closedB == nil)
        #expect(link.eventsA.contains(.checkpointInstalled(space: space, envelopes: checkpoint.envelopes)))
        // (Document 1 changed after the checkpoint, here: its time is the joiner's.)
        let listed = try joiner.documents(in: space)
        #expect(listed.filter { $0.id != documentID(1) }.allSatisfy { $0.updatedAt == 1_800_000_000 })
        #expect(listed.first { $0.id == documentID(1) }?.updatedAt == 1_800_000_500)
        #expect(try joiner.version(of: space) == admin.version(of: space))
        // It holds the envelopes after the checkpoint (and the membership), not the history below it.
        let held = try joiner.envelopes(in: space, since: VersionVector()).count
        let all = try admin.envelopes(in: space, since: VersionVector()).count
        #expect(held < all / 2, "\(held) of \(all)")
        #expect(try joiner.checkpoint(of: space)?.isBase == true)

        // A member that replayed everything, shuffled.
        let replayed = try county.joiner("replayed")
        var random = SeededRandom(seed: 3)
        var everything = try admin.envelopes(in: space, since: VersionVector(), includeEvidence: true)
        everything.shuffle(using: &random)
        try replayed.ingest(everything)
        #expect(try replayed.version(of: space) == admin.version(of: space))
        try county.expectSameDocuments([joiner, replayed], as: admin)
        // The history it skipped, sent anyway (by a peer that does not know better), changes nothing and
        // proves nothing: below the checkpoint its state is final.
        let history = try joiner.ingest(admin.envelopes(in: space, since: VersionVector(), includeEvidence: true))
        #expect(history.equivocations.isEmpty && history.rejected.isEmpty)
        // (What applies is the member admitted since: "replayed".)
        #expect(!history.applied.contains { checkpoint.vector.includes(actor: $0.author, seq: $0.seq) })
        #expect(try joiner.equivocationProofs(in: space).isEmpty)
        try county.expectSameDocuments([joiner], as: admin)

        // Everyone edits on, the joiner included, and every replica converges.
        try writeNotes(joiner, space: space, count: 4, document: documentID(2), seed: 5)
        try writeNotes(county.writers[1], space: space, count: 4, document: documentID(2), seed: 6)
        let everyone = [admin, joiner, replayed] + county.writers
        try County.syncAll(everyone, space)
        for node in everyone { #expect(try node.version(of: space) == admin.version(of: space)) }
        try county.expectSameDocuments(everyone, as: admin)
        let reopened = try Node.open(at: county.folder.node("joiner"), configuration: testConfiguration())
        try county.expectSameDocuments([reopened], as: admin)
    }

    @Test func aReplicaThatTakesNoCheckpointsGetsTheWholeHistory() throws {
        let county = try County(rounds: 20)
        try county.admin.makeCheckpoint(of: county.space)
        var configuration = testConfiguration()
        configuration.takesCheckpoints = false
        let archive = try county.joiner("archive", configuration: configuration)
        var link = try SessionLink(trusting: [county.admin.nodeID], archive, county.admin)
        link.run()
        #expect(!link.eventsA.contains { if case .checkpointInstalled = $0 { true } else { false } })
        #expect(try archive.version(of: county.space) == county.admin.version(of: county.space))
        #expect(
            try archive.envelopes(in: county.space, since: VersionVector()).count
                == county.admin.envelopes(in: county.space, since: VersionVector()).count)
        #expect(try archive.checkpoint(of: county.space) == nil)
        try county.expectSameDocuments([archive], as: county.admin)
    }

    /// In a county, practices reach each other only through a hub: the hub, a relay without keys, keeps
    /// the admin's checkpoint (checked as far as a relay can: signature, hash, the author's authority) and
    /// offers it to a new practice, which installs it.
    @Test func aRelayKeepsTheCheckpointAndOffersItToANewMember() throws {
        let county = try County(rounds: 30)
        let (admin, space) = (county.admin, county.space)
        let hub = try Node.create(at: county.folder.node("hub"), configuration: testConfiguration())
        try admin.addMember(hub.nodeID, role: .relay, in: space)
        try hub.joinSpace(space, name: "s")
        var first = try SessionLink(trusting: [admin.nodeID], hub, admin)
        first.run()
        #expect(try hub.version(of: space) == admin.version(of: space))
        #expect(try hub.checkpoint(of: space) == nil)
        let made = try admin.makeCheckpoint(of: space)
        var second = try SessionLink(trusting: [admin.nodeID], hub, admin)
        second.run()
        #expect(second.eventsA.contains(.checkpointKept(space: space)), "\(second.eventsA)")
        #expect(try hub.checkpoint(of: space)?.id == made.id)
        #expect(try hub.checkpoint(of: space)?.isBase == false)
        // The same checkpoint is not sent again (the hub learns of the new member meanwhile).
        let joiner = try county.joiner("joiner")
        var third = try SessionLink(trusting: [admin.nodeID], hub, admin)
        third.run()
        #expect(!third.eventsA.contains(.checkpointKept(space: space)))

        var link = try SessionLink(trusting: [admin.nodeID], joiner, hub)
        link.run()
        #expect(link.closedA == nil && link.closedB == nil, "\(String(describing: link.closedA))")
        #expect(link.eventsA.contains(.checkpointInstalled(space: space, envelopes: made.envelopes)))
        #expect(try joiner.version(of: space) == admin.version(of: space))
        try county.expectSameDocuments([joiner], as: admin)
    }

    /// What a joiner must refuse, each leaving its replica as it was: a checkpoint signed by a writer,
    /// one whose body is not the one signed, and ones an admin signed that do not describe their vector.
    @Test func forgedOrTamperedCheckpointsAreRefusedAndChangeNothing() throws {
        let county = try County(rounds: 20)
        let (admin, space) = (county.admin, county.space)
        let writer = try HandSigner(space: space)
        let rogueAdmin = try HandSigner(space: space)
        try admin.addMember(writer.nodeID, role: .writer, in: space)
        try admin.addMember(rogueAdmin.nodeID, role: .admin, in: space)
        let genuine = try admin.makeCheckpoint(of: space)
        let joiner = try county.joiner("joiner")
        try joiner.ingest(
            admin.envelopes(in: space, since: VersionVector()).filter {
                (try? Envelope(decoding: $0).header.kind) != .content
            })
        let before = try joiner.version(of: space)

        func expectRefused(_ bytes: [UInt8], _ code: SyncError.Code, _ words: String) {
            let error = #expect(throws: SyncError.self) { try joiner.installCheckpoint(bytes) }
            #expect(error?.code == code, "\(String(describing: error))")
            #expect(error?.message.contains(words) == true, "\(String(describing: error))")
            #expect((try? joiner.version(of: space)) == before)
            #expect((try? joiner.documents(in: space).isEmpty) == true)
            #expect((try? joiner.checkpoint(of: space)) == .some(nil))
        }
        expectRefused(try admin.checkpointSigned(by: writer.key, of: space), .notPermitted, "not an admin")
        let genuineBytes = try admin.checkpointSigned(by: rogueAdmin.key, of: space)
        var tampered = genuineBytes
        tampered[tampered.count - 3] ^= 0x10
        expectRefused(tampered, .invalidInput, "hash")

        // An admin's checkpoint that leaves out a stub, or drops an id a later envelope needs.
        let key = try admin.currentContentKeyForTesting(space)
        let decoded = try Checkpoint(decoding: genuineBytes)
        let content = try decoded.open(with: key)
        func resigned(_ change: (inout CheckpointContent) -> Void) throws -> [UInt8] {
            var changed = content
            change(&changed)
            return try Checkpoint.sign(
                space: space, epoch: decoded.epoch, issuedAt: decoded.issuedAt, vector: decoded.vector,
                envelopes: decoded.envelopes, content: changed, key: key, by: rogueAdmin.key
            ).bytes
        }
        let author = try #require(content.stubs.keys.max { content.stubs[$0]!.count < content.stubs[$1]!.count })
        expectRefused(try resigned { $0.stubs[author]?.removeFirst() }, .invalidInput, "account for")
        expectRefused(
            try resigned { content in
                if let last = content.stubs[author]?.indices.last { content.stubs[author]?[last].id = nil }
            }, .invalidInput, "lacks its id")

        // After all that, the genuine one still installs.
        let stored = try admin.checkpointBytesForTesting(space)
        let info = try joiner.installCheckpoint(try #require(stored))
        #expect(info.id == genuine.id)
        #expect(try joiner.version(of: space).includes(genuine.vector))
        try county.expectSameDocuments([joiner], as: admin)
    }

    /// A removal that reaches below the checkpoint (the remover had not seen content the checkpoint
    /// holds) cannot be re-derived there by a replica that started from it: it keeps the checkpoint's
    /// state, and says so where `placesync explain` reads.
    @Test func aCutoffBelowTheCheckpointIsReportedNotHidden() throws {
        let county = try County(rounds: 10)
        let (admin, space) = (county.admin, county.space)
        let coAdmin = try county.joiner("co-admin")
        try admin.addMember(coAdmin.nodeID, role: .admin, in: space)
        try coAdmin.ingest(admin.envelopes(in: space, since: VersionVector()))
        // The format-1 writer edits; the admin takes it in and checkpoints; the co-admin, not having seen
        // the edit, removes that writer.
        let writer = county.writers[0]
        try writeNotes(writer, space: space, count: 2, document: documentID(3), seed: 21)
        try admin.ingest(writer.envelopes(in: space, since: admin.version(of: space)))
        let made = try admin.makeCheckpoint(of: space)
        try coAdmin.removeMember(writer.nodeID, from: space)
        let joiner = try county.joiner("joiner")
        var link = try SessionLink(trusting: [admin.nodeID], joiner, admin)
        link.run()
        #expect(link.eventsA.contains(.checkpointInstalled(space: space, envelopes: made.envelopes)))
        try joiner.ingest(coAdmin.envelopes(in: space, since: joiner.version(of: space), includeEvidence: true))
        let explained = try joiner.explain(space)
        #expect(explained.refusals.contains { $0.reason.contains("below the checkpoint") }, "\(explained.refusals)")
        // The admin, holding the history, left the writer's edits out of its state.
        try admin.ingest(coAdmin.envelopes(in: space, since: admin.version(of: space), includeEvidence: true))
        #expect(try !admin.explain(space).refusals.contains { $0.reason.contains("below the checkpoint") })
    }
}
