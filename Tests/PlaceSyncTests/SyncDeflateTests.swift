import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// Protocol version 2 deflates batches that compress (headers and vectors repeat; sealed bodies do
/// not): an initial sync moves fewer bytes and ends in the same state, and a version-1 peer is never
/// sent a deflated message.
@Suite struct SyncDeflateTests {
    /// A space with a history written by three authors, and two fresh members to sync it to.
    static func history() throws -> (TwoNodes, Node, Node) {
        let nodes = try TwoNodes()
        let third = try Node.create(at: nodes.folder.node("c"), configuration: testConfiguration())
        try admit(third, to: nodes.space, by: nodes.a)
        try third.ingest(nodes.a.envelopes(in: nodes.space, since: VersionVector()))
        for round in 0..<40 {
            for (index, writer) in [nodes.a, nodes.b, third].enumerated() {
                for other in [nodes.a, nodes.b, third] where other !== writer {
                    try other.ingest(writer.envelopes(in: nodes.space, since: other.version(of: nodes.space)))
                }
                try writer.transact(in: nodes.space, document: .main) { tx in
                    try tx.set("round \(index)", .int(Int64(round)))
                }
            }
        }
        for other in [nodes.b, third] {
            try nodes.a.ingest(other.envelopes(in: nodes.space, since: nodes.a.version(of: nodes.space)))
        }
        let fresh = try (0..<2).map { index in
            let node = try Node.create(at: nodes.folder.node("fresh-\(index)"), configuration: testConfiguration())
            try nodes.a.addMember(node.nodeID, role: .reader, in: nodes.space)
            return node
        }
        return (nodes, fresh[0], fresh[1])
    }

    @Test func anInitialSyncBetweenVersion2PeersMovesFewerBytesAndEndsTheSame() throws {
        let (nodes, deflated, plain) = try Self.history()
        var off = SyncConfiguration()
        off.deflateBatches = false
        var withDeflate = try SessionLink(trusting: [nodes.a.nodeID], deflated, nodes.a)
        withDeflate.run()
        var without = try SessionLink(trusting: [nodes.a.nodeID], plain, nodes.a, configuration: off)
        without.run()
        #expect(withDeflate.a.isSynced && without.a.isSynced)
        let envelopes = try nodes.a.envelopes(in: nodes.space, since: VersionVector()).count
        #expect(envelopes > 100)
        #expect(
            withDeflate.delivered < without.delivered * 9 / 10,
            "deflated \(withDeflate.delivered) bytes, plain \(without.delivered) bytes for \(envelopes) envelopes")
        let reference = try nodes.a.document(.main, in: nodes.space).snapshot()
        #expect(try deflated.document(.main, in: nodes.space).snapshot() == reference)
        #expect(try plain.document(.main, in: nodes.space).snapshot() == reference)
        #expect(try deflated.version(of: nodes.space) == nodes.a.version(of: nodes.space))
    }

    @Test func aVersion1PeerIsNeverSentADeflatedMessage() throws {
        let (nodes, _, _) = try Self.history()
        let key = try NodeKeyPair.generate()
        try nodes.a.addMember(key.nodeID, role: .reader, in: nodes.space)
        var old = try NewerPeer(talkingTo: nodes.a, key: key, offering: [1])
        #expect(old.version == 1)
        try old.send(
            .hello(
                agent: "placesync/1.0", wants: [SpaceWant(space: nodes.space, vector: VersionVector())], redemption: nil
            ))
        let batches = old.received.filter { if case .envelopes = $0 { true } else { false } }
        #expect(!batches.isEmpty && !old.closed, "\(old.events)")
        #expect(old.deflatedReceived == 0)

        // The same peer offering version 2 gets its batches deflated.
        let newerKey = try NodeKeyPair.generate()
        try nodes.a.addMember(newerKey.nodeID, role: .reader, in: nodes.space)
        var newer = try NewerPeer(talkingTo: nodes.a, key: newerKey, offering: [1, 2])
        #expect(newer.version == 2)
        try newer.send(
            .hello(
                agent: "placesync/1.1", wants: [SpaceWant(space: nodes.space, vector: VersionVector())], redemption: nil
            ))
        #expect(newer.deflatedReceived > 0 && !newer.closed, "\(newer.events)")
    }
}
