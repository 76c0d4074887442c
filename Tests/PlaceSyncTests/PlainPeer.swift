import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire

/// A peer written from `Protocol/PROTOCOL.md` with the wire and crypto pieces alone (no SyncSession): it
/// dials a node's session, says hello with `wants`, answers chain requests with an empty chain, and
/// returns every message the node sent after the handshake, decrypted.
enum PlainPeer {
    struct Failure: Error { let message: String }

    static func transcript(talkingTo node: Node, wants: [SpaceWant]) throws -> [[UInt8]] {
        var handshake = try NodeHandshake(
            role: .initiator, prologue: ProtocolVersion.prologue, node: try NodeKeyPair.generate())
        var session = try SyncSession(role: .responder, node: node, now: .zero)
        var fromNode = FrameDecoder()
        var closed = false

        func deliver(_ bytes: [UInt8]) {
            var actions = session.receive(bytes, now: .seconds(1))
            while !actions.isEmpty {
                var next: [SyncSessionAction] = []
                for action in actions {
                    switch action {
                    case .write(let out): fromNode.append(out)
                    case .close: closed = true
                    case .event: break
                    case .ingest(let request): next += session.ingestHere(request, now: .seconds(1))
                    }
                }
                actions = next
            }
        }

        deliver(FrameDecoder.frame(try handshake.writeMessage(payload: ProtocolVersion.offer([1]))))
        guard let second = try fromNode.nextFrame() else { throw Failure(message: "no message 2") }
        guard try ProtocolVersion.readAnswer(try handshake.readMessage(second)) == 1 else {
            throw Failure(message: "version not 1")
        }
        let third = try handshake.writeMessage()
        var transport = try handshake.finish()
        func encrypt(_ message: SyncMessage) throws -> [UInt8] {
            var out: [UInt8] = []
            for part in MessageFragments.split(message.encoded()) {
                out += FrameDecoder.frame(try transport.send.encrypt(part))
            }
            return out
        }
        deliver(FrameDecoder.frame(third) + (try encrypt(.hello(agent: "plain", wants: wants, redemption: nil))))

        var plaintexts: [[UInt8]] = []
        var reassembler = MessageReassembler()
        while let frame = try fromNode.nextFrame() {
            guard let message = try reassembler.append(try transport.receive.decrypt(frame)) else { continue }
            plaintexts.append(message)
            if case .chainRequest(let space) = try SyncMessage(decoding: message), !closed {
                deliver(try encrypt(.chain(space: space, envelopes: [])))
            }
        }
        return plaintexts
    }
}
