import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// An admin dials a hub that does not hold the space yet: the hub takes the space on from its chain
/// and should receive everything the admin holds before the admin's `sync --once` counts as done.
///
/// KNOWN BUG (found while building issue 22, not yet fixed): when the admin wrote content *before*
/// adding the hub as a relay, the hub holds that content waiting for a key (it was no relay at the
/// content's causal position, and its relay entry is itself waiting on that content), so neither ever
/// applies and the admin's session still ends "in sync". A hub added before any content is written
/// syncs fully (the QI acceptance test does it that way). The expectations are kept, as a known issue,
/// so the test starts failing — and can lose the wrapper — once it is fixed.
@Suite struct HubAdoptionLinkTests {
    @Test func aHubThatAdoptsASpaceFromItsDiallingAdminReceivesEverything() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let hub = try Node.create(at: folder.node("hub"), configuration: testConfiguration())
        let reader = try Node.create(at: folder.node("reader"), configuration: testConfiguration())
        let space = try admin.createSpace(name: "County")
        try writeNotes(admin, space: space, count: 3)
        try admin.addMember(hub.nodeID, role: .relay, in: space)
        try admin.addMember(reader.nodeID, role: .reader, in: space)
        var hubSide = SyncConfiguration()
        hubSide.trustedAdmins = [admin.nodeID]
        hubSide.keepsOffers = false
        var link = try SessionLink(admin, hub, responderConfiguration: hubSide)
        link.run()
        #expect(link.eventsB.contains(.adopted(space: space)))
        #expect(link.a.isSynced)
        let (hubVersion, adminVersion) = (try hub.version(of: space), try admin.version(of: space))
        let readerKnown = try hub.members(in: space).contains { $0.node == reader.nodeID }
        withKnownIssue("a relay added after content was written waits forever for that content's key") {
            #expect(hubVersion == adminVersion)
            #expect(readerKnown)
        }
    }
}
