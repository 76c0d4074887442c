import Foundation
import Glibc
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// RELIABILITY.md D18 against a real placesyncd over TCP: a client of a newer PlaceSync (a double that
/// offers protocol versions 1 to 3 and sends an optional message type this build does not know) syncs
/// on version 2; one that speaks only version 3 is told, and the daemon's log says which side must
/// upgrade. (Envelopes of a newer format: `MixedVersionTests`.)
@Suite struct MixedVersionDaemonTests {
    @Test func aNewerClientSyncsOnTheCommonVersionAndItsOptionalMessagesAreSkipped() throws {
        let setup = try HubbedSpace()
        let newer = try NodeKeyPair.generate()
        try setup.admin.addMember(newer.nodeID, role: .writer, in: setup.space)
        try setup.admin.transact(in: setup.space, document: .main) { tx in try tx.set("title", .string("Flu clinic"))
        }
        let hub = try DaemonProcess(dataDir: setup.folder.node("hub"), trusting: [setup.admin.nodeID])
        let practice = try DaemonProcess(dataDir: setup.folder.node("p1"), peers: [hub.address])
        #expect(eventually { setup.hubCaughtUp() })

        let client = try RawClient(port: hub.port)
        let (transport, answered) = try client.handshake(versions: [1, 2, 3, 4], as: newer)
        var cipher = try #require(transport)
        #expect(answered == 3)
        for message in [
            SyncMessage.hello(
                agent: "placesync/2.0", wants: [SpaceWant(space: setup.space, vector: VersionVector())], redemption: nil
            ),
            .optional(type: 0x52, body: Array("a hint from version 2".utf8)), .bye,
        ] {
            client.send(FrameDecoder.frame(try cipher.send.encrypt([0] + message.encoded())))
        }
        let (reply, closed) = client.readToEnd()
        #expect(closed)
        var frames = FrameDecoder()
        frames.append(reply)
        var messages: [SyncMessage] = []
        var reassembler = MessageReassembler()
        while let frame = try frames.nextFrame() {
            if let plaintext = try reassembler.append(try cipher.receive.decrypt(frame)) {
                messages.append(try SyncMessage(decodingPossiblyDeflated: plaintext))
            }
        }
        // The hub served the space and raised no violation over the unknown optional message.
        #expect(messages.contains { if case .envelopes = $0 { true } else { false } }, "\(messages)")
        #expect(!messages.contains { if case .error = $0 { true } else { false } }, "\(messages)")
        #expect(
            eventually(within: 10) {
                (try? String(contentsOfFile: hub.logPath, encoding: .utf8))?.contains("skipped a message type") == true
            })

        // Only version 4: no common version, and the hub's log says this node must be upgraded.
        let onlyNewer = try RawClient(port: hub.port)
        let (none, refused) = try onlyNewer.handshake(versions: [4], as: newer)
        #expect(none == nil && refused == 0)
        #expect(onlyNewer.readToEnd().closed)
        #expect(
            eventually(within: 10) {
                (try? String(contentsOfFile: hub.logPath, encoding: .utf8))?.contains(
                    "upgrade PlaceSync on this node to protocol version 4") == true
            })
        _ = practice.stop()
        #expect(hub.stop() == 0)
    }
}
