import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// Membership enforced by real replicas (RELIABILITY.md D22, D26–D28).
@Suite struct MembershipNodeTests {
    /// A creator (admin) and `names` admitted with their roles, every replica holding everything.
    struct Space {
        let folder: TemporaryFolder
        let space: SpaceID
        var nodes: [String: Node] = [:]

        init(_ roles: [String: MemberRole]) throws {
            folder = try TemporaryFolder()
            let creator = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
            space = try creator.createSpace(name: "s")
            nodes["admin"] = creator
            for (name, role) in roles.sorted(by: { $0.key < $1.key }) {
                let node = try Node.create(at: folder.node(name), configuration: testConfiguration())
                try admit(node, to: space, by: creator, role: role)
                nodes[name] = node
            }
            try syncAll()
        }

        subscript(name: String) -> Node { nodes[name]! }

        /// Sends `to` what `from` holds that `to` lacks.
        func sync(_ from: String, _ to: String) throws {
            try nodes[to]!.ingest(nodes[from]!.envelopes(in: space, since: nodes[to]!.version(of: space)))
        }

        func syncAll() throws {
            for _ in 0..<2 {
                for from in nodes.keys.sorted() {
                    for to in nodes.keys.sorted() where to != from { try sync(from, to) }
                }
            }
        }
    }

    @Test func aRemovedMembersNewEditsAreRefusedEverywhereAndRebuiltAwayWhereTheyHadApplied() throws {
        let s = try Space(["bob": .writer, "carol": .reader])
        try writeNotes(s["bob"], space: s.space, count: 3)
        try s.syncAll()
        // The admin removes Bob; Bob, never hearing of it, keeps writing.
        try s["admin"].removeMember(s["bob"].nodeID, from: s.space)
        let cutoff = try s["admin"].membership(of: s.space).cutoffs[s["bob"].actor]
        try writeNotes(s["bob"], space: s.space, count: 4, seed: 2)
        // Carol hears Bob's new edits first, then the removal.
        try s.sync("bob", "carol")
        let before = try s["carol"].document(.main, in: s.space)
        try s.sync("admin", "carol")
        let afterRemoval = try s["carol"].document(.main, in: s.space)
        #expect(before != afterRemoval)
        // The admin refuses them outright.
        try s.sync("bob", "admin")
        for name in ["admin", "carol"] {
            #expect(try s[name].version(of: s.space)[s["bob"].actor] == cutoff)
            #expect(try s[name].cutoffs(in: s.space)[s["bob"].actor] == cutoff)
            #expect(try s[name].members(in: s.space).map(\.node).contains(s["bob"].nodeID) == false)
        }
        #expect(try s["carol"].document(.main, in: s.space) == s["admin"].document(.main, in: s.space))
    }

    /// A relay refuses a removed member's later edits too, so it never forwards them.
    @Test func aRelayRefusesARemovedMembersLaterEditsAndForwardsTheRest() throws {
        let s = try Space(["bob": .writer, "carol": .reader, "hub": .relay])
        try s["admin"].removeMember(s["bob"].nodeID, from: s.space)
        try writeNotes(s["bob"], space: s.space, count: 3, seed: 4)
        try s["admin"].transact(in: s.space, document: .main) { tx in try tx.set("title", .string("after Bob")) }
        try s.sync("admin", "hub")
        try s.sync("bob", "hub")
        #expect(try s["hub"].version(of: s.space)[s["bob"].actor] == s["admin"].version(of: s.space)[s["bob"].actor])
        try s.sync("hub", "carol")
        #expect(try s["carol"].document(.main, in: s.space) == s["admin"].document(.main, in: s.space))
        #expect(try s["carol"].version(of: s.space) == s["admin"].version(of: s.space))
    }

    @Test func contentWrittenAfterARemovalCannotBeDecryptedWithAnythingTheRemovedNodeHolds() throws {
        let s = try Space(["bob": .writer])
        try s["admin"].removeMember(s["bob"].nodeID, from: s.space)
        try s["admin"].transact(in: s.space, document: .main) { tx in
            try tx.set("title", .string("written after Bob left"))
        }
        try s.sync("admin", "bob")
        let bobKeys = try s["bob"].heldEpochKeys(in: s.space)
        #expect(!bobKeys.isEmpty)
        let latest = try #require(try s["admin"].envelopes(in: s.space, since: VersionVector()).last)
        let envelope = try Envelope(decoding: latest)
        #expect(envelope.header.kind == .content && envelope.header.epoch != 1)
        #expect(envelope.header.epoch == (try s["admin"].membership(of: s.space).epoch))
        for key in bobKeys {
            #expect(throws: (any Error).self) { _ = try envelope.open(with: key.contentKey()) }
        }
        #expect(try s["bob"].document(.main, in: s.space).value(forKey: "title") == nil)
    }

    @Test func forgedMembershipEntriesChangeNothing() throws {
        let s = try Space(["bob": .writer, "carol": .admin])
        // A writer may not manage members, through the API...
        #expect {
            try s["bob"].addMember(s["carol"].nodeID, role: .reader, in: s.space)
        } throws: { ($0 as? SyncError)?.code == .notPermitted }
        // ...nor by signing an entry by hand.
        let forged = try s["bob"].signForTesting(
            .membership, body: MembershipOperation.remove(member: s["admin"].actor, lastSeq: 0).encoded(), in: s.space)
        let report = try s["carol"].ingest([forged])
        #expect(report.rejected.count == 1)
        // An admin removed earlier is no admin for what it signs afterwards.
        try s["admin"].removeMember(s["carol"].nodeID, from: s.space)
        try s.sync("admin", "bob")
        let late = try s["carol"].signForTesting(
            .membership, body: MembershipOperation.add(member: s["bob"].actor, role: .admin, sealedName: []).encoded(),
            in: s.space)
        _ = try s["bob"].ingest([late])
        #expect(try s["bob"].membership(of: s.space).role(of: s["bob"].actor) == .writer)
        #expect(try s["bob"].membership(of: s.space).role(of: s["admin"].actor) == .admin)
    }

    @Test func aMemberAddedAfterTwoRotationsReadsDocumentsOfEveryEpoch() throws {
        var s = try Space(["bob": .writer, "carol": .writer])
        let documents = (1...3).map { DocumentID(bytes: [UInt8](repeating: UInt8($0), count: 16))! }
        try s["admin"].transact(in: s.space, document: documents[0]) { tx in try tx.set("title", .string("epoch 1")) }
        try s["admin"].removeMember(s["bob"].nodeID, from: s.space)
        try s["admin"].transact(in: s.space, document: documents[1]) { tx in try tx.set("title", .string("epoch 2")) }
        try s["admin"].removeMember(s["carol"].nodeID, from: s.space)
        try s["admin"].transact(in: s.space, document: documents[2]) { tx in try tx.set("title", .string("epoch 3")) }
        let dave = try Node.create(at: s.folder.node("dave"), configuration: testConfiguration())
        try admit(dave, to: s.space, by: s["admin"], role: .reader)
        s.nodes["dave"] = dave
        try s.sync("admin", "dave")
        for (index, document) in documents.enumerated() {
            #expect(
                try dave.document(document, in: s.space).value(forKey: "title")
                    == .scalar(.string("epoch \(index + 1)")))
        }
        #expect(try dave.heldEpochKeys(in: s.space).count == 3)
    }

    /// D25 in part: a relay member never receives a content key, and its replica holds no plaintext.
    @Test func aRelayHoldsNoContentKeyAndNoPlaintext() throws {
        let s = try Space(["hub": .relay, "bob": .writer])
        let canary = "CANARY-frailty-huddle-7431"
        try s["admin"].transact(in: s.space, document: .main) { tx in
            try tx.set("title", .string(canary))
            let body = try tx.makeContainer(.text, at: "body")
            try tx.insertText("Notes: \(canary)", at: 0, in: body)
        }
        // Bob hears of it only through the hub, which stores and forwards it unopened.
        try s.sync("admin", "hub")
        try s.sync("hub", "bob")
        #expect(try s["bob"].document(.main, in: s.space).value(forKey: "title") == .scalar(.string(canary)))
        #expect(try s["hub"].heldEpochKeys(in: s.space).isEmpty)
        #expect(try s["hub"].document(.main, in: s.space).value(forKey: "title") == nil)
        let hubFolder = s.folder.node("hub")
        var scanned = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: hubFolder) {
            let data = try Data(contentsOf: URL(fileURLWithPath: hubFolder + "/" + name))
            scanned += data.count
            #expect(data.range(of: Data(canary.utf8)) == nil, "\(name) holds the canary")
        }
        #expect(scanned > 0)
    }
}

/// D26/D28: membership convergence on real replicas — several admins add, remove and change roles
/// concurrently, partly out of touch; after everything is exchanged, in whatever order, every replica
/// holds the same members, cut-offs and epoch.
@Suite struct MembershipConvergenceFuzzTests {
    /// CI runs 8 seeds; `PLACESYNC_MEMBERSHIP_SEEDS=N` runs more (40 ran clean when this was written).
    static var seeds: Range<UInt64> {
        0..<(UInt64(ProcessInfo.processInfo.environment["PLACESYNC_MEMBERSHIP_SEEDS"] ?? "") ?? 8)
    }

    @Test(arguments: seeds)
    func concurrentMembershipChangesConvergeOnEveryReplica(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let folder = try TemporaryFolder()
        let (space, admins) = try threeAdmins(in: folder)
        var targets = try (0..<4).map { try Node.create(at: folder.node("t\($0)"), configuration: testConfiguration()) }
        targets += admins.dropFirst()
        func sync(_ from: Node, _ to: Node) throws {
            try to.ingest(from.envelopes(in: space, since: to.version(of: space), includeEvidence: true))
        }
        for from in admins { for to in admins where to !== from { try sync(from, to) } }
        for _ in 0..<24 {
            let admin = admins[random.below(admins.count)]
            let target = targets[random.below(targets.count)]
            do {
                switch random.below(3) {
                case 0: try admin.addMember(target.nodeID, role: MemberRole.allCases[random.below(4)], in: space)
                case 1: try admin.changeRole(of: target.nodeID, to: MemberRole.allCases[random.below(4)], in: space)
                default: try admin.removeMember(target.nodeID, from: space)
                }
            } catch let error as SyncError where error.code == .notPermitted || error.code == .authorFrozen {
                // This replica no longer sees itself as an admin: nothing to write.
            }
            if random.chance(35) {
                let from = admins[random.below(admins.count)]
                let to = admins[random.below(admins.count)]
                if from !== to { try sync(from, to) }
            }
        }
        for _ in 0..<3 {
            for from in admins.shuffled(using: &random) {
                for to in admins where to !== from { try sync(from, to) }
            }
        }
        let reference = try admins[0].membership(of: space)
        for node in admins.dropFirst() {
            let membership = try node.membership(of: space)
            #expect(membership.roles == reference.roles, "seed \(seed)")
            #expect(membership.cutoffs == reference.cutoffs, "seed \(seed)")
            #expect(membership.epoch == reference.epoch, "seed \(seed)")
            #expect(try node.version(of: space) == admins[0].version(of: space), "seed \(seed)")
        }
        // A fresh replica that receives everything in one shuffled batch agrees too.
        let late = try freshReplica(fedShuffled: admins[0], space: space, in: folder, random: &random)
        #expect(try late.membership(of: space) == reference, "seed \(seed)")
    }
}

extension MembershipNodeTests {
    @Test func displayNamesAreReadableByMembersAndSealedFromRelays() throws {
        let folder = try TemporaryFolder()
        var adminConfiguration = testConfiguration()
        adminConfiguration.displayName = "Forest Road Surgery"
        let admin = try Node.create(at: folder.node("admin"), configuration: adminConfiguration)
        let space = try admin.createSpace(name: "s")
        let bob = try Node.create(at: folder.node("bob"), configuration: testConfiguration())
        let hub = try Node.create(at: folder.node("hub"), configuration: testConfiguration())
        let canary = "Dr CANARY-name-5521"
        try admin.addMember(bob.nodeID, role: .writer, in: space, displayName: canary)
        try admin.addMember(hub.nodeID, role: .relay, in: space, displayName: "Locality hub")
        for node in [bob, hub] {
            try node.joinSpace(space, name: "s")
            try node.ingest(admin.envelopes(in: space, since: VersionVector()))
        }
        let seenByBob = Dictionary(uniqueKeysWithValues: try bob.members(in: space).map { ($0.node, $0.displayName) })
        #expect(seenByBob[bob.nodeID] == canary)
        #expect(seenByBob[admin.nodeID] == "Forest Road Surgery")
        #expect(try hub.members(in: space).allSatisfy { $0.displayName == nil })
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.node("hub")) {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder.node("hub") + "/" + name))
            #expect(data.range(of: Data(canary.utf8)) == nil, "\(name) holds a display name")
        }
    }
}

extension MembershipNodeTests {
    /// Two admins remove two different members concurrently: each new epoch key reached the member the
    /// other admin removed. The next admin write starts a fresh epoch, so neither removed member can
    /// read what comes after.
    @Test func afterConcurrentRemovalsAnAdminsNextWriteUsesAnEpochNoRemovedMemberHolds() throws {
        let s = try Space(["bob": .admin, "carol": .reader, "dave": .reader])
        try s["admin"].removeMember(s["carol"].nodeID, from: s.space)
        try s["bob"].removeMember(s["dave"].nodeID, from: s.space)
        try s.sync("admin", "bob")
        try s.sync("bob", "admin")
        // Both removed members also receive everything.
        for name in ["carol", "dave"] {
            try s.sync("admin", name)
        }
        try s["admin"].transact(in: s.space, document: .main) { tx in try tx.set("title", .string("after both")) }
        let envelope = try Envelope(
            decoding: try #require(try s["admin"].envelopes(in: s.space, since: VersionVector()).last))
        #expect(envelope.header.kind == .content)
        for name in ["carol", "dave"] {
            for key in try s[name].heldEpochKeys(in: s.space) {
                #expect(throws: (any Error).self) { _ = try envelope.open(with: key.contentKey()) }
            }
        }
        try s.sync("admin", "bob")
        #expect(try s["bob"].document(.main, in: s.space).value(forKey: "title") == .scalar(.string("after both")))
        #expect(try s["bob"].membership(of: s.space).epoch == s["admin"].membership(of: s.space).epoch)
    }
}

extension MembershipNodeTests {
    /// Content from a reader, a relay or a non-member is refused at its causal position, on any replica.
    @Test func contentFromReadersRelaysAndNonMembersIsRefused() throws {
        let s = try Space(["bob": .writer, "carol": .reader, "hub": .relay])
        let stranger = try Node.create(at: s.folder.node("stranger"), configuration: testConfiguration())
        try stranger.joinSpace(s.space, name: "s")
        let body = Array("not really content".utf8)
        for (name, node) in [("carol", s["carol"]), ("hub", s["hub"]), ("stranger", stranger)] {
            // Through the API...
            #expect(throws: SyncError.self, "\(name)") {
                try node.transact(in: s.space, document: .main) { tx in try tx.set("x", .int(1)) }
            }
            // ...and signed by hand: refused before anything is opened.
            let forged = try node.signForTesting(.content, body: body, in: s.space)
            for receiver in ["admin", "bob"] {
                let report = try s[receiver].ingest([forged])
                #expect(report.rejected.count == 1, "\(name) → \(receiver)")
                #expect(
                    report.rejected.first?.reason.description.contains("write rights") == true, "\(name) → \(receiver)")
            }
        }
        #expect(try s["admin"].version(of: s.space) == s["bob"].version(of: s.space))
    }
}

extension MembershipNodeTests {
    /// A relay made a reader receives every key and opens what it had kept unopened.
    @Test func aRelayMadeAReaderOpensWhatItHadKeptUnopened() throws {
        let s = try Space(["hub": .relay, "bob": .writer])
        try writeNotes(s["bob"], space: s.space, count: 5)
        try s.sync("bob", "hub")
        #expect(try s["hub"].document(.main, in: s.space).value(forKey: "title") == nil)
        try s.sync("hub", "admin")
        try s["admin"].changeRole(of: s["hub"].nodeID, to: .reader, in: s.space)
        try s.sync("admin", "hub")
        #expect(try s["hub"].heldEpochKeys(in: s.space).count == 1)
        #expect(try s["hub"].document(.main, in: s.space) == s["bob"].document(.main, in: s.space))
        #expect(try s["hub"].version(of: s.space) == s["admin"].version(of: s.space))
        // Later content applies normally.
        try writeNotes(s["bob"], space: s.space, count: 2, seed: 9)
        try s.sync("bob", "hub")
        #expect(try s["hub"].document(.main, in: s.space) == s["bob"].document(.main, in: s.space))
    }
}
