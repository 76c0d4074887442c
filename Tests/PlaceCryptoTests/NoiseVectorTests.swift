import Foundation
import PlaceCrypto
import Testing

/// D20: the Noise state machine reproduces the cacophony vector for Noise_XX_25519_ChaChaPoly_BLAKE2b
/// byte for byte — handshake messages, handshake hash and transport messages.
@Suite struct NoiseVectorTests {
    struct Vector: Decodable {
        struct Message: Decodable {
            let payload: String
            let ciphertext: String
        }
        let protocol_name: String
        let init_prologue: String
        let init_static: String
        let init_ephemeral: String
        let resp_prologue: String
        let resp_static: String
        let resp_ephemeral: String
        let handshake_hash: String
        let messages: [Message]
    }

    static func load() throws -> Vector {
        let url = protocolDirectory.appendingPathComponent("vectors/noise/Noise_XX_25519_ChaChaPoly_BLAKE2b.json")
        return try JSONDecoder().decode(Vector.self, from: Data(contentsOf: url))
    }

    static func key(_ text: String) throws -> X25519KeyPair {
        try X25519KeyPair(secretKey: SecureBytes(copying: hex(text)))
    }

    @Test func handshakeAndTransportMatchTheCacophonyVectorByteForByte() throws {
        let vector = try Self.load()
        #expect(vector.protocol_name == NoiseHandshake.protocolName)
        var initiator = try NoiseHandshake(
            role: .initiator, prologue: hex(vector.init_prologue), staticKey: Self.key(vector.init_static),
            ephemeralKey: Self.key(vector.init_ephemeral))
        var responder = try NoiseHandshake(
            role: .responder, prologue: hex(vector.resp_prologue), staticKey: Self.key(vector.resp_static),
            ephemeralKey: Self.key(vector.resp_ephemeral))
        var lastMessage: [UInt8] = []
        for (index, message) in vector.messages.prefix(3).enumerated() {
            let sender = index % 2 == 0
            let written =
                try sender
                ? initiator.writeMessage(payload: hex(message.payload))
                : responder.writeMessage(payload: hex(message.payload))
            #expect(hexString(written) == message.ciphertext, "handshake message \(index + 1)")
            let read = try sender ? responder.readMessage(written) : initiator.readMessage(written)
            #expect(read == hex(message.payload))
            if index == 1 {
                // This entry's "handshake_hash" is h after the second message (the vector runner in snow
                // never checks the field); the third message's ciphertext, checked above, already depends
                // on it.
                #expect(hexString(initiator.handshakeHash) == vector.handshake_hash)
            }
            lastMessage = written
        }
        // The final hash follows from it by the spec: h = HASH(HASH(h || encrypted s) || encrypted payload).
        let afterStatic = Blake2b.hash(hex(vector.handshake_hash) + lastMessage.prefix(48), outputLength: 64)
        let expectedFinal = Blake2b.hash(afterStatic + lastMessage.dropFirst(48), outputLength: 64)
        #expect(initiator.handshakeHash == expectedFinal)
        #expect(responder.handshakeHash == expectedFinal)
        #expect(try responder.remoteStaticKey == Self.key(vector.init_static).publicKey)
        var initiatorTransport = try initiator.finish()
        var responderTransport = try responder.finish()
        for (index, message) in vector.messages.dropFirst(3).enumerated() {
            // Transport messages alternate, continuing the handshake's order: responder first.
            let fromResponder = index % 2 == 0
            let sealed =
                try fromResponder
                ? responderTransport.send.encrypt(hex(message.payload))
                : initiatorTransport.send.encrypt(hex(message.payload))
            #expect(hexString(sealed) == message.ciphertext, "transport message \(index + 1)")
            let opened =
                try fromResponder
                ? initiatorTransport.receive.decrypt(sealed)
                : responderTransport.receive.decrypt(sealed)
            #expect(opened == hex(message.payload))
        }
    }
}
