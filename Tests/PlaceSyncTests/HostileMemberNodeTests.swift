import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// A hostile member or admin against real replicas on disk (RELIABILITY.md D22, D27, D28): each test
/// makes the attacker's moves through its own node (or signs by hand what no honest node would), syncs,
/// and checks every honest replica ends where the honest admins put it.
@Suite struct HostileMemberNodeTests {
    typealias Space = MembershipNodeTests.Space

    @Test func anAdminsRemovalWithAForgedLastSeqChangesNothingAnywhere() throws {
        var s = try Space(["mallory": .admin, "carol": .writer])
        try writeNotes(s["carol"], space: s.space, count: 2)
        try s.syncAll()
        let space = s.space
        // Mallory signs removals that lie about what she had seen: the creator's history erased from its
        // genesis on, and Carol allowed to keep writing forever.
        let eraseCreator = try s["mallory"].signForTesting(
            .membership, body: MembershipOperation.remove(member: s["admin"].actor, lastSeq: 0).encoded(), in: space)
        _ = try s["carol"].ingest([eraseCreator])
        _ = try s["admin"].ingest([eraseCreator])
        for name in ["admin", "carol"] {
            let membership = try s[name].membership(of: space)
            #expect(membership.role(of: s["admin"].actor) == .admin)
            #expect(membership.cutoffs.isEmpty)
            #expect(membership.creator == s["admin"].actor)
        }
        try s["admin"].transact(in: space, document: .main) { tx in try tx.set("still", .bool(true)) }
        s.nodes["mallory"] = nil
        try s.syncAll()
        #expect(try s["carol"].document(.main, in: space) == s["admin"].document(.main, in: space))
    }

    /// The demoted admin keeps signing with the dependencies it had, through its own node (which has not
    /// heard of the demotion). Repeated with fresh keys, so the order key's tie-break falls both ways.
    @Test(arguments: 0..<4)
    func aDemotedAdminCanNeitherAddAnAdminNorRemoveTheCreator(round: Int) throws {
        var s = try Space(["mallory": .admin, "carol": .writer])
        let puppet = try Node.create(at: s.folder.node("puppet"), configuration: testConfiguration())
        try s["admin"].changeRole(of: s["mallory"].nodeID, to: .writer, in: s.space)
        try s["mallory"].addMember(puppet.nodeID, role: .admin, in: s.space)
        try s["mallory"].removeMember(s["admin"].nodeID, from: s.space)
        try puppet.joinSpace(s.space, name: "s")
        s.nodes["puppet"] = puppet
        // The puppet hears only Mallory and, an admin in its own eyes, removes the creator too.
        try s.sync("mallory", "puppet")
        #expect(try puppet.membership(of: s.space).role(of: puppet.actor) == .admin)
        try puppet.removeMember(s["admin"].nodeID, from: s.space)
        try s.syncAll()
        for name in ["admin", "carol", "mallory", "puppet"] {
            let membership = try s[name].membership(of: s.space)
            #expect(membership.role(of: s["admin"].actor) == .admin, "\(name)")
            #expect(membership.role(of: s["mallory"].actor) == .writer, "\(name)")
            #expect(membership.role(of: puppet.actor) == nil, "\(name)")
            #expect(membership.cutoffs.isEmpty, "\(name)")
        }
        #expect(try s["carol"].membership(of: s.space) == s["admin"].membership(of: s.space))
    }

    @Test func aDemotedWritersLaterEditsLeaveTheStateEverywhere() throws {
        let s = try Space(["bob": .writer, "carol": .reader])
        try writeNotes(s["bob"], space: s.space, count: 2)
        try s.syncAll()
        let honest = try s["admin"].document(.main, in: s.space)
        try s["admin"].changeRole(of: s["bob"].nodeID, to: .reader, in: s.space)
        // Bob, not having heard, keeps writing; Carol hears his edits before the demotion.
        try writeNotes(s["bob"], space: s.space, count: 3, seed: 9)
        try s.sync("bob", "carol")
        #expect(try s["carol"].document(.main, in: s.space) != honest)
        try s.sync("admin", "carol")
        try s.sync("bob", "admin")
        for name in ["admin", "carol"] {
            #expect(try s[name].document(.main, in: s.space) == honest, "\(name)")
            #expect(try s[name].membership(of: s.space).role(of: s["bob"].actor) == .reader)
        }
    }

    @Test func aMemberDemotedToRelayCannotReadWhatIsWrittenNext() throws {
        let s = try Space(["bob": .reader])
        let epochBefore = try s["admin"].membership(of: s.space).epoch
        try s["admin"].changeRole(of: s["bob"].nodeID, to: .relay, in: s.space)
        try s["admin"].transact(in: s.space, document: .main) { tx in try tx.set("title", .string("after Bob")) }
        try s.sync("admin", "bob")
        let epoch = try s["admin"].membership(of: s.space).epoch
        #expect(epoch != epochBefore)
        let latest = try Envelope(
            decoding: try #require(try s["admin"].envelopes(in: s.space, since: VersionVector()).last))
        #expect(latest.header.kind == .content && latest.header.epoch == epoch)
        for key in try s["bob"].heldEpochKeys(in: s.space) {
            #expect(key.epoch != epoch)
            #expect(throws: (any Error).self) { _ = try latest.open(with: key.contentKey()) }
        }
    }

    @Test func anAuthorsDependenciesNeverGoBackwards() throws {
        let s = try Space(["carol": .writer])
        var mallory = try HandSigner(space: s.space)
        try s["admin"].addMember(mallory.nodeID, role: .admin, in: s.space)
        try s.syncAll()
        let seen = try s["admin"].version(of: s.space)
        let first = try mallory.sign(.membership, body: MembershipOperation.rotate.encoded(), deps: seen)
        // Her next entry claims she had seen less of the creator than her previous one did.
        var older = seen
        older[s["admin"].actor] = 1
        let second = try mallory.sign(.membership, body: MembershipOperation.rotate.encoded(), deps: older)
        let report = try s["carol"].ingest([first, second])
        #expect(report.applied.count == 1)
        #expect(report.rejected.map(\.envelope?.seq) == [2])
    }
}

extension HostileMemberNodeTests {
    /// Mallory, an admin, seals a key of her own making for epoch 1 (and one for an epoch no entry
    /// started) to Dave, a new member, and Dave hears them before the creator's real wrap: he keeps
    /// neither, takes the real key when it comes, and reads the space. Carol, who holds the real key
    /// already, keeps it.
    @Test func aForgedKeyWrapNeitherReplacesNorPreemptsTheRealKey() throws {
        let s = try Space(["carol": .reader])
        var mallory = try HandSigner(space: s.space)
        try s["admin"].addMember(mallory.nodeID, role: .admin, in: s.space)
        let dave = try Node.create(at: s.folder.node("dave"), configuration: testConfiguration())
        let beforeDave = try s["admin"].version(of: s.space)
        try s["admin"].addMember(dave.nodeID, role: .reader, in: s.space)
        let realWrapSeq = try s["admin"].version(of: s.space)[s["admin"].actor]
        try s["admin"].transact(in: s.space, document: .main) { tx in try tx.set("title", .string("epoch one")) }
        let all = try s["admin"].envelopes(in: s.space, since: VersionVector())
        let realWrap = try #require(
            try all.first { bytes in
                let header = try Envelope(decoding: bytes).header
                return header.author == s["admin"].actor && header.seq == realWrapSeq
            })
        #expect(try Envelope(decoding: realWrap).header.kind == .keyWrap)
        // Signed on what Mallory had seen before Dave's admission, so nothing makes them wait for it.
        let seen = beforeDave
        var forged: [[UInt8]] = []
        for epoch: UInt64 in [1, 12_345] {
            let fake = try KeyWrap.wrap(
                try EpochKey.generate(epoch: epoch), space: s.space.bytes, to: dave.nodeID, from: mallory.key)
            forged.append(try mallory.sign(.keyWrap, body: fake.encoded, deps: seen))
        }
        let fakeForCarol = try KeyWrap.wrap(
            try EpochKey.generate(epoch: 1), space: s.space.bytes, to: s["carol"].nodeID, from: mallory.key)
        forged.append(try mallory.sign(.keyWrap, body: fakeForCarol.encoded, deps: seen))
        try dave.joinSpace(s.space, name: "s")
        // Everything up to Dave's admission, the real wrap left out; then the forged ones.
        let report = try dave.ingest(
            all.filter { bytes in
                let header = try Envelope(decoding: bytes).header
                return header.author != s["admin"].actor || header.seq < realWrapSeq
            } + forged)
        // The forged wraps are Mallory's to sign (she is an admin): stored, and their keys refused.
        #expect(report.rejected.isEmpty)
        #expect(
            forged.allSatisfy { bytes in
                report.applied.contains {
                    $0.seq == (try? Envelope(decoding: bytes).header.seq) && $0.author == mallory.actor
                }
            })
        #expect(try dave.heldEpochKeys(in: s.space).isEmpty)
        _ = try dave.ingest(all)
        #expect(try dave.heldEpochKeys(in: s.space).map(\.epoch) == [1])
        #expect(try dave.document(.main, in: s.space) == s["admin"].document(.main, in: s.space))
        let carolKey = try s["carol"].heldEpochKeys(in: s.space).map { try $0.contentKey().epoch }
        _ = try s["carol"].ingest(all + forged)
        #expect(try s["carol"].heldEpochKeys(in: s.space).map { try $0.contentKey().epoch } == carolKey)
        #expect(try s["carol"].document(.main, in: s.space) == s["admin"].document(.main, in: s.space))
    }
}

extension HostileMemberNodeTests {
    /// Mallory, an admin of space B, lifts the sealed box of a wrap that space A's admin sealed to Carol
    /// into a wrap of her own for B (re-signed: the box is anonymous). Carol takes no key from it.
    @Test func aKeyWrapLiftedIntoAnotherSpaceGivesNoKey() throws {
        let s = try Space(["carol": .reader])
        let spaceB = try s["admin"].createSpace(name: "B")
        var mallory = try HandSigner(space: spaceB)
        try s["admin"].addMember(mallory.nodeID, role: .admin, in: spaceB)
        try s["admin"].addMember(s["carol"].nodeID, role: .reader, in: spaceB)
        try s["carol"].joinSpace(spaceB, name: "B")
        // Carol's wrap in space A, as any relay of A sees it.
        let wrapForCarol = try #require(
            try s["admin"].envelopes(in: s.space, since: VersionVector()).compactMap { bytes -> KeyWrap? in
                let envelope = try Envelope(decoding: bytes)
                guard envelope.header.kind == .keyWrap, let wrap = try? KeyWrap(encoded: envelope.body),
                    wrap.recipient == s["carol"].nodeID
                else { return nil }
                return wrap
            }.first)
        var lifted = Array(wrapForCarol.encoded.dropLast(64))
        lifted.replaceSubrange(1..<33, with: mallory.nodeID.publicKey)
        lifted.replaceSubrange(65..<81, with: spaceB.bytes)
        lifted += try mallory.key.sign(lifted, context: .keyWrap).bytes
        let envelopes = try s["admin"].envelopes(in: spaceB, since: VersionVector())
        let seen = try s["admin"].version(of: spaceB)
        let forged = try mallory.sign(.keyWrap, body: lifted, deps: seen)
        let heldBefore = try s["carol"].heldEpochKeys(in: spaceB).map(\.epoch)
        let report = try s["carol"].ingest(
            envelopes.filter { bytes in
                // Everything of B but Carol's own wrap from the admin: only the lifted one could give her a key.
                guard let envelope = try? Envelope(decoding: bytes), envelope.header.kind == .keyWrap,
                    let wrap = try? KeyWrap(encoded: envelope.body)
                else { return true }
                return wrap.recipient != s["carol"].nodeID
            } + [forged])
        #expect(report.rejected.isEmpty)
        #expect(heldBefore.isEmpty)
        #expect(try s["carol"].heldEpochKeys(in: spaceB).isEmpty)
    }
}
