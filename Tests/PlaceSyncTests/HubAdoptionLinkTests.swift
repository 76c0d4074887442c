import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// An admin dials a hub that does not hold the space yet, having written content before adding the
/// hub as a relay: the hub takes the space on from its chain, keeps the earlier content unopened (its
/// relay entry waited on that content, and the content on the hub being a relay), and a reader then
/// gets everything from the hub alone. (Found while building issue 22: the hub used to hold the content
/// waiting for a key forever while the admin's session ended "in sync".)
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
        #expect(try hub.version(of: space) == admin.version(of: space))
        #expect(try hub.members(in: space).contains { $0.node == reader.nodeID })
        // The reader, trusting the admin and pinning the hub, fetches the space from the hub alone.
        var readerSide = SyncConfiguration()
        readerSide.trustedAdmins = [admin.nodeID]
        readerSide.trustedPeers = [hub.nodeID]
        var second = try SessionLink(reader, hub, configuration: readerSide, responderConfiguration: hubSide)
        second.run()
        #expect(try reader.version(of: space) == admin.version(of: space))
        #expect(try reader.document(.main, in: space) == admin.document(.main, in: space))
    }

    /// A county lead holds dozens of spaces its hub relays: the hub takes them all on in one session,
    /// though at most `maxChainRequests` chains are in flight at once (found by the county simulation:
    /// past 8, spaces were refused until a reconnection).
    @Test func aHubTakesOnMoreSpacesInOneSessionThanChainsInFlight() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let hub = try Node.create(at: folder.node("hub"), configuration: testConfiguration())
        var spaces: [SpaceID] = []
        for index in 0..<20 {
            let space = try admin.createSpace(name: "PCN \(index)")
            try writeNotes(admin, space: space, count: 1, seed: UInt64(index))
            try admin.addMember(hub.nodeID, role: .relay, in: space)
            spaces.append(space)
        }
        var hubSide = SyncConfiguration()
        hubSide.trustedAdmins = [admin.nodeID]
        hubSide.keepsOffers = false
        var link = try SessionLink(admin, hub, responderConfiguration: hubSide)
        link.run()
        #expect(link.a.isSynced && link.b.isSynced)
        #expect(link.eventsB.filter { if case .adopted = $0 { true } else { false } }.count == 20)
        for space in spaces { #expect(try hub.version(of: space) == admin.version(of: space)) }
    }
}
