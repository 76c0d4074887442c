import Foundation
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

@Suite struct NodeTests {
    @Test func aWriteIsReadableAfterReopeningAndSearchable() throws {
        let folder = try TemporaryFolder()
        let space: SpaceID
        var text = ContainerID.root
        do {
            let node = try Node.create(at: folder.node("n"), configuration: testConfiguration())
            space = try node.createSpace(name: "County QI community")
            try node.transact(in: space, document: .main) { tx in
                try tx.set("title", .string("Frailty huddles"))
                try tx.set("type", .string("project"))
                text = try tx.makeContainer(.text, at: "body")
                try tx.insertText("Weekly huddles with the care home team", at: 0, in: text)
            }
        }
        let node = try Node.open(at: folder.node("n"), configuration: testConfiguration())
        #expect(node.startupNotice == nil)
        #expect(try node.document(.main, in: space).text(of: text) == "Weekly huddles with the care home team")
        #expect(try node.spaces().map(\.name) == ["County QI community"])
        let listed = try node.documents(in: space)
        #expect(listed.map(\.title) == ["Frailty huddles"])
        #expect(listed.first?.type == "project")
        #expect(listed.first?.updatedBy == node.nodeID)
        #expect(try node.search("huddle care").map(\.document) == [.main])
        #expect(try node.search("huddle").first?.excerpt.contains("[") == true)
        // The genesis, the first epoch's key wrap, then the transaction.
        #expect(try node.version(of: space)[node.actor] == 3)
        #expect(try node.integrityCheck() == "ok")
    }

    @Test func creatingOverAnExistingNodeOrOpeningNothingIsRefused() throws {
        let folder = try TemporaryFolder()
        _ = try Node.create(at: folder.node("n"), configuration: testConfiguration())
        #expect {
            _ = try Node.create(at: folder.node("n"), configuration: testConfiguration())
        } throws: { ($0 as? SyncError)?.code == .alreadyExists }
        #expect {
            _ = try Node.open(at: folder.node("missing"), configuration: testConfiguration())
        } throws: { ($0 as? SyncError)?.code == .notFound }
    }

    @Test func aTransactionThatThrowsWritesNothing() throws {
        let folder = try TemporaryFolder()
        let node = try Node.create(at: folder.node("n"), configuration: testConfiguration())
        let space = try node.createSpace(name: "s")
        let before = try node.version(of: space)
        struct Cancelled: Error {}
        #expect(throws: Cancelled.self) {
            try node.transact(in: space, document: .main) { tx in
                try tx.set("title", .string("half"))
                throw Cancelled()
            }
        }
        #expect(try node.document(.main, in: space).keys() == [])
        #expect(try node.version(of: space) == before)
        #expect(try node.transact(in: space, document: .main) { _ in } == nil)
    }

    @Test func localAndRemoteChangesAreAnnouncedOnTheEventStream() async throws {
        let nodes = try TwoNodes()
        var localEvents = nodes.a.events.makeAsyncIterator()
        var remoteEvents = nodes.b.events.makeAsyncIterator()
        try await nodes.a.transact(in: nodes.space, document: .main) { tx in try tx.set("title", .string("Falls")) }
        #expect(await localEvents.next() == NodeEvent(space: nodes.space, document: .main, origin: .local))
        try await nodes.b.ingest(nodes.a.envelopes(in: nodes.space, since: VersionVector()))
        #expect(await remoteEvents.next() == NodeEvent(space: nodes.space, document: .main, origin: .remote))
    }

    @Test func keysSealedToAnotherNodeGiveANodeNothing() throws {
        let nodes = try TwoNodes()
        try writeNotes(nodes.a, space: nodes.space, count: 2)
        let folder = try TemporaryFolder()
        let c = try Node.create(at: folder.node("c"), configuration: testConfiguration())
        try c.joinSpace(nodes.space, name: "x")
        // C holds every envelope, the key wraps sealed to A and B among them, and no key.
        try c.ingest(nodes.a.envelopes(in: nodes.space, since: VersionVector(), includeEvidence: true))
        #expect(try c.heldEpochKeys(in: nodes.space).isEmpty)
        #expect(try c.document(.main, in: nodes.space).value(forKey: "title") == nil)
    }
}
