import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// A space that becomes shared while a session is open — the hub takes it on from another hub, say —
/// is exchanged in that same session, not only after the next reconnect. (Found by the locality
/// simulation: a practice whose session stayed open for another space never got the county spaces its
/// hub adopted a moment later.)
@Suite struct NewlySharedSpaceTests {
    @Test func aSpaceTheHubTakesOnMidSessionIsExchangedInThatSession() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let practice = try Node.create(at: folder.node("practice"), configuration: testConfiguration())
        let hub = try Node.create(at: folder.node("hub"), configuration: testConfiguration())
        // One space both hold from the start (so the session stays open), one only the practice holds.
        let open = try admin.createSpace(name: "open")
        let later = try admin.createSpace(name: "later")
        for space in [open, later] {
            try admin.addMember(practice.nodeID, role: .writer, in: space)
            try admin.addMember(hub.nodeID, role: .relay, in: space)
            try practice.joinSpace(space, name: "s")
            try practice.ingest(admin.envelopes(in: space, since: VersionVector()))
        }
        try hub.joinSpace(open, name: "open")
        try hub.ingest(admin.envelopes(in: open, since: VersionVector()))
        try practice.transact(in: later, document: .main) { tx in try tx.set("title", .string("written early")) }

        var link = try SessionLink(practice, hub)
        link.run()
        #expect(link.closedA == nil && link.closedB == nil, "the session stays open for the shared space")
        #expect(try hub.holds(later) == false)

        // The hub takes the space on (as from another hub); the open session then exchanges it.
        try hub.joinSpace(later, name: "later")
        try hub.ingest(admin.envelopes(in: later, since: VersionVector()))
        link.advance(by: 2)
        link.localChanges()
        #expect(try hub.version(of: later) == practice.version(of: later))
        // And what the practice writes next flows in the same session.
        try practice.transact(in: later, document: .main) { tx in try tx.set("status", .string("live")) }
        link.localChanges()
        #expect(try hub.version(of: later) == practice.version(of: later))
    }
}
