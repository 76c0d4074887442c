import PlaceCrypto
import Testing

@Suite struct HandshakeTests {
    static let prologue = Array("placesync/1".utf8)

    /// Runs a NodeHandshake between two nodes; returns both sides.
    static func connect(
        _ a: NodeKeyPair, _ b: NodeKeyPair, prologueA: [UInt8] = prologue, prologueB: [UInt8] = prologue
    ) throws -> (NodeHandshake, NodeHandshake) {
        var initiator = try NodeHandshake(role: .initiator, prologue: prologueA, node: a)
        var responder = try NodeHandshake(role: .responder, prologue: prologueB, node: b)
        _ = try responder.readMessage(initiator.writeMessage(payload: Array("hello".utf8)))
        #expect(try initiator.readMessage(responder.writeMessage(payload: [1])) == [1])
        #expect(try responder.readMessage(initiator.writeMessage(payload: [2])) == [2])
        return (initiator, responder)
    }

    @Test func nodesLearnEachOthersIdAndExchangeTransportMessages() throws {
        let a = try NodeKeyPair.generate()
        let b = try NodeKeyPair.generate()
        let (initiator, responder) = try Self.connect(a, b)
        #expect(initiator.remoteNodeID == b.nodeID && responder.remoteNodeID == a.nodeID)
        var sideA = try initiator.finish()
        var sideB = try responder.finish()
        #expect(sideA.handshakeHash == sideB.handshakeHash)
        for round in 0..<5 {
            let message = [UInt8](repeating: UInt8(round), count: 1000)
            #expect(try sideB.receive.decrypt(sideA.send.encrypt(message)) == message)
            #expect(try sideA.receive.decrypt(sideB.send.encrypt(message)) == message)
        }
        try sideA.send.rekey()
        try sideB.receive.rekey()
        #expect(try sideB.receive.decrypt(sideA.send.encrypt([9])) == [9])
        // Replayed or reordered transport messages fail.
        let first = try sideA.send.encrypt([1])
        _ = try sideA.send.encrypt([2])
        _ = try sideB.receive.decrypt(first)
        #expect(throws: CryptoError.self) { try sideB.receive.decrypt(first) }
    }

    /// D31: a different prologue (protocol version) on either side fails the handshake.
    @Test func aDowngradedOrEditedPrologueFailsTheHandshake() throws {
        let a = try NodeKeyPair.generate()
        let b = try NodeKeyPair.generate()
        var initiator = try NodeHandshake(role: .initiator, prologue: Self.prologue, node: a)
        var responder = try NodeHandshake(role: .responder, prologue: Array("placesync/0".utf8), node: b)
        _ = try responder.readMessage(initiator.writeMessage())
        let second = try responder.writeMessage()
        #expect(throws: CryptoError.self) { try initiator.readMessage(second) }
    }

    /// A payload that names an Ed25519 key other than the one behind the Noise static key fails.
    @Test func aNodeIDThatDoesNotMatchTheStaticKeyIsRefused() throws {
        let a = try NodeKeyPair.generate()
        let b = try NodeKeyPair.generate()
        let impersonated = try NodeKeyPair.generate()
        var initiator = try NodeHandshake(role: .initiator, prologue: Self.prologue, node: a)
        var fakeResponder = try NoiseHandshake(role: .responder, prologue: Self.prologue, staticKey: b.x25519KeyPair())
        _ = try fakeResponder.readMessage(initiator.writeMessage())
        let second = try fakeResponder.writeMessage(payload: impersonated.nodeID.publicKey)
        do {
            _ = try initiator.readMessage(second)
            Issue.record("an impersonating node id was accepted")
        } catch {
            #expect(error.code == .identityMismatch)
        }
    }

    @Test func tamperedHandshakeMessagesAndOutOfTurnMessagesFail() throws {
        let a = try NodeKeyPair.generate()
        let b = try NodeKeyPair.generate()
        var initiator = try NodeHandshake(role: .initiator, prologue: Self.prologue, node: a)
        var responder = try NodeHandshake(role: .responder, prologue: Self.prologue, node: b)
        #expect(throws: CryptoError.self) { try responder.writeMessage() }
        _ = try responder.readMessage(initiator.writeMessage())
        var second = try responder.writeMessage()
        second[40] ^= 1
        #expect(throws: CryptoError.self) { try initiator.readMessage(second) }
        #expect(throws: CryptoError.self) { try initiator.finish() }
    }

    @Test func messagesAboveTheNoiseLimitAreRefused() throws {
        let (initiator, responder) = try Self.connect(try NodeKeyPair.generate(), try NodeKeyPair.generate())
        var send = try initiator.finish().send
        var receive = try responder.finish().receive
        let largest = [UInt8](repeating: 1, count: NoiseCipherState.maxMessageLength - 16)
        #expect(try receive.decrypt(send.encrypt(largest)) == largest)
        #expect(throws: CryptoError.self) { try send.encrypt(largest + [1]) }
    }
}
