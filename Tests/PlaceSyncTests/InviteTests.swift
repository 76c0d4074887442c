import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// Invites (RELIABILITY.md D30): the happy path, and each way an invite can be wrong — a specific
/// error, nothing changed.
@Suite struct InviteTests {
    struct Setting {
        let folder: TemporaryFolder
        let admin: Node
        let space: SpaceID

        init() throws {
            folder = try TemporaryFolder()
            admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
            space = try admin.createSpace(name: "PCN QI")
        }

        func newcomer(_ name: String, clockOffset: Double = 0) throws -> Node {
            var configuration = testConfiguration()
            configuration.now = { 1_800_000_000 + clockOffset }
            return try Node.create(at: folder.node(name), configuration: configuration)
        }
    }

    @Test func aNewColleagueJoinsWithOneInvite() throws {
        let s = try Setting()
        try s.admin.transact(in: s.space, document: .main) { tx in try tx.set("title", .string("Frailty project")) }
        let invite = try s.admin.createInvite(to: s.space, role: .writer, validFor: 3600)
        #expect(invite.hasPrefix("psinv1-"))
        let colleague = try s.newcomer("colleague")
        let answer = try colleague.redeemInvite(invite)
        let admitted = try s.admin.admitInvitee(answer)
        #expect(admitted == colleague.nodeID)
        try colleague.ingest(s.admin.envelopes(in: s.space, since: VersionVector()))
        #expect(
            try colleague.document(.main, in: s.space).value(forKey: "title") == .scalar(.string("Frailty project")))
        #expect(try s.admin.membership(of: s.space).role(of: colleague.actor) == .writer)
        // And writes, accepted by the admin.
        try colleague.transact(in: s.space, document: .main) { tx in try tx.set("status", .string("do")) }
        let report = try s.admin.ingest(colleague.envelopes(in: s.space, since: s.admin.version(of: s.space)))
        #expect(report.rejected.isEmpty && report.applied.count == 1)
    }

    @Test func aUsedInviteCannotAdmitASecondNode() throws {
        let s = try Setting()
        let invite = try s.admin.createInvite(to: s.space, role: .reader, validFor: 3600)
        try s.admin.admitInvitee(try s.newcomer("first").redeemInvite(invite))
        let before = try s.admin.membership(of: s.space)
        #expect {
            try s.admin.admitInvitee(try s.newcomer("second").redeemInvite(invite))
        } throws: { ($0 as? SyncError)?.code == .inviteUsed }
        #expect(try s.admin.membership(of: s.space) == before)
    }

    @Test func anExpiredInviteIsRefusedByTheInviteeAndTheAdmin() throws {
        let s = try Setting()
        let invite = try s.admin.createInvite(to: s.space, role: .writer, validFor: 60)
        #expect {
            try s.newcomer("late", clockOffset: 120).redeemInvite(invite)
        } throws: { ($0 as? SyncError)?.code == .inviteExpired }
        // Answered in time, admitted too late.
        let answer = try s.newcomer("slow").redeemInvite(invite)
        var later = testConfiguration()
        later.now = { 1_800_000_000 + 3600 }
        let adminLater = try Node.open(at: s.folder.node("admin"), configuration: later)
        let before = try adminLater.membership(of: s.space)
        #expect {
            try adminLater.admitInvitee(answer)
        } throws: { ($0 as? SyncError)?.code == .inviteExpired }
        #expect(try adminLater.membership(of: s.space) == before)
    }

    @Test func aTamperedInviteOrAnswerIsRefused() throws {
        let s = try Setting()
        let invite = try s.admin.createInvite(to: s.space, role: .reader, validFor: 3600)
        // A changed character: the checksum catches a typo...
        var characters = Array(invite)
        let index = characters.count - 10
        characters[index] = characters[index] == "a" ? "b" : "a"
        #expect {
            try s.newcomer("typo").redeemInvite(String(characters))
        } throws: { ($0 as? SyncError)?.code == .inviteInvalid }
        // ...and a re-checksummed edit (reader → admin) breaks the admin's signature.
        let bytes = try Invite(text: invite).encoded
        var edited = bytes
        edited[17] = MemberRole.admin.rawValue
        #expect(throws: WireError.self) { try Invite(decoding: edited) }
        // An answer whose invitee was swapped is not signed by the key it names.
        let answer = try s.newcomer("honest").redeemInvite(invite)
        let decoded = try InviteRedemption(text: answer)
        var swapped = decoded.encoded
        let other = try s.newcomer("other").nodeID.publicKey
        let start = swapped.count - 64 - 32
        swapped.replaceSubrange(start..<(start + 32), with: other)
        #expect(throws: WireError.self) { try InviteRedemption(decoding: swapped) }
        let before = try s.admin.membership(of: s.space)
        #expect {
            try s.admin.admitInvitee("psred1-notananswer")
        } throws: { ($0 as? SyncError)?.code == .inviteInvalid }
        #expect(try s.admin.membership(of: s.space) == before)
    }

    @Test func anInviteForOneNodeCannotBeRedeemedByAnother() throws {
        let s = try Setting()
        let intended = try s.newcomer("intended")
        let invite = try s.admin.createInvite(to: s.space, role: .writer, validFor: 3600, for: intended.nodeID)
        let stranger = try s.newcomer("stranger")
        #expect {
            try stranger.redeemInvite(invite)
        } throws: { ($0 as? SyncError)?.code == .inviteWrongRecipient }
        // The intended node can.
        try s.admin.admitInvitee(try intended.redeemInvite(invite))
        #expect(try s.admin.membership(of: s.space).role(of: intended.actor) == .writer)
        #expect(try s.admin.membership(of: s.space).role(of: stranger.actor) == nil)
    }

    @Test func onlyAnAdminMayInvite() throws {
        let s = try Setting()
        let writer = try s.newcomer("writer")
        try admit(writer, to: s.space, by: s.admin, role: .writer)
        try writer.ingest(s.admin.envelopes(in: s.space, since: VersionVector()))
        #expect {
            try writer.createInvite(to: s.space, role: .admin, validFor: 60)
        } throws: { ($0 as? SyncError)?.code == .notPermitted }
    }
}
