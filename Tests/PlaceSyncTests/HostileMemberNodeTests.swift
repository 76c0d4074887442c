import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
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
        try s["admin"].changeRole(of: s["mallory"].actor, to: .writer, in: s.space)
        try s["mallory"].addMember(puppet.nodeID, role: .admin, in: s.space)
        try s["mallory"].removeMember(s["admin"].actor, from: s.space)
        try puppet.joinSpace(s.space, name: "s")
        s.nodes["puppet"] = puppet
        // The puppet hears only Mallory and, an admin in its own eyes, removes the creator too.
        try s.sync("mallory", "puppet")
        #expect(try puppet.membership(of: s.space).role(of: puppet.actor) == .admin)
        try puppet.removeMember(s["admin"].actor, from: s.space)
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
        try s["admin"].changeRole(of: s["bob"].actor, to: .reader, in: s.space)
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
        try s["admin"].changeRole(of: s["bob"].actor, to: .relay, in: s.space)
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
