import Foundation
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// `explain`: each reason a space is not in sync here gets its own plain sentence — a peer down, an
/// envelope waiting for one this node lacks (and who has it), a refusal for a cut-off, a content key
/// not yet received, a hub's quota.
@Suite struct ExplainTests {
    static func says(_ explanation: SyncExplanation, _ words: String...) -> Bool {
        explanation.sentences.contains { sentence in words.allSatisfy { sentence.contains($0) } }
    }

    @Test func aPeerDownAndAHubsQuotaAreSaidWithTheirLastError() throws {
        let nodes = try TwoNodes()
        let a = nodes.a
        try a.recordPeer(
            key: "hub.example:7461", nodeID: nil, address: "hub.example:7461", direction: .dial, connected: false,
            contact: false, error: "connection refused")
        try a.recordPeer(
            key: "county-hub:7461", nodeID: nil, address: "county-hub:7461", direction: .dial, connected: true,
            contact: true, error: nil)
        try a.recordPeer(
            key: "county-hub:7461", nodeID: nil, address: "county-hub:7461", direction: .dial, connected: false,
            contact: false, error: "quotaExceeded (from peer): author x sent more than this hub takes per minute")
        let explanation = try a.explain(nodes.space)
        #expect(
            Self.says(explanation, "Never reached hub.example:7461", "connection refused"), "\(explanation.sentences)")
        #expect(Self.says(explanation, "Not connected to county-hub:7461", "last contact", "quotaExceeded"))
    }

    @Test func anEnvelopeWaitingForOneThisNodeLacksNamesItAndWhoHasIt() throws {
        let nodes = try TwoNodes()
        let (a, b, space) = (nodes.a, nodes.b, nodes.space)
        let before = try a.version(of: space)
        for index in 0..<2 {
            try b.transact(in: space, document: .main) { tx in try tx.set("b\(index)", .string("x")) }
        }
        let fromB = try b.envelopes(in: space, since: before)
        let report = try a.ingest([fromB[1]], in: space, source: "peer:hub")
        #expect(report.pending.count == 1)
        try a.recordPeer(
            key: "hub:7461", nodeID: nil, address: "hub:7461", direction: .dial, connected: true, contact: true,
            error: nil)
        try a.recordPeerVectors(key: "hub:7461", [space: b.version(of: space)])
        let explanation = try a.explain(space)
        let seq = before[b.actor] + 1
        #expect(
            Self.says(
                explanation, "1 envelope waits for envelope #\(seq) by \(b.nodeID)", "hub:7461 reported holding it"),
            "\(explanation.sentences)")
        #expect(explanation.waiting.first?.heldBy == ["hub:7461"])
    }

    @Test func aRefusalForACutOffIsSaidWithItsReason() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let space = try a.createSpace(name: "s")
        let writer = try Node.create(at: folder.node("w"), configuration: testConfiguration())
        let reader = try Node.create(at: folder.node("r"), configuration: testConfiguration())
        try admit(writer, to: space, by: a)
        try admit(reader, to: space, by: a)
        try writer.ingest(a.envelopes(in: space, since: VersionVector()))
        try reader.ingest(a.envelopes(in: space, since: VersionVector()))
        // A copy of the writer's folder signs a different envelope for the same seq: an equivocation.
        try FileManager.default.copyItem(atPath: folder.node("w"), toPath: folder.node("w-clone"))
        let clone = try Node.open(at: folder.node("w-clone"), configuration: testConfiguration())
        let before = try writer.version(of: space)
        try writer.transact(in: space, document: .main) { tx in try tx.set("title", .string("X")) }
        try writer.transact(in: space, document: .main) { tx in try tx.set("status", .string("after X")) }
        try clone.transact(in: space, document: .main) { tx in try tx.set("title", .string("Y")) }
        let forked = try writer.envelopes(in: space, since: before)
        try reader.ingest([forked[0]], in: space)
        try reader.ingest(clone.envelopes(in: space, since: before), in: space)
        let late = try reader.ingest([forked[1]], in: space, source: "peer:w")
        #expect(late.excluded.count == 1)
        let explanation = try reader.explain(space)
        #expect(
            Self.says(explanation, "Refused envelope #\(before[writer.actor] + 2) by \(writer.nodeID)", "cut-off"),
            "\(explanation.sentences)")
    }

    @Test func aContentKeyNotYetReceivedNamesWhoSendsIt() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let space = try a.createSpace(name: "s")
        let late = try Node.create(at: folder.node("late"), configuration: testConfiguration())
        try admit(late, to: space, by: a)
        try late.ingest(a.envelopes(in: space, since: VersionVector()), in: space)
        // The admin starts a new epoch; the entry that starts it arrives, the key wraps after it do not.
        let before = try late.version(of: space)
        try a.rotateEpoch(in: space)
        let rotation = try a.envelopes(in: space, since: before)
        let kinds = try rotation.map { try Envelope(decoding: $0).header.kind }
        let entries = zip(rotation, kinds).prefix { $0.1 == .membership }.map(\.0)
        #expect(!entries.isEmpty && entries.count < rotation.count, "\(kinds)")
        try late.ingest(entries, in: space)
        let explanation = try late.explain(space)
        #expect(explanation.missingKeyEpoch != nil)
        #expect(explanation.keyFrom == [a.nodeID])
        #expect(Self.says(explanation, "has not received the key for epoch", "\(a.nodeID)"), "\(explanation.sentences)")
    }
}
