import PlaceCrypto
import Testing

/// D35/D36 for PlaceCrypto's parsers: random mutations of key files, key wraps and handshake messages
/// are refused with an error — never a crash.
@Suite struct CryptoDecoderRobustnessTests {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    }

    static func mutate(_ bytes: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = bytes
        switch random.below(4) {
        case 0 where !bytes.isEmpty: bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
        case 1: bytes.removeLast(random.below(bytes.count + 1))
        case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count + 1))
        default: bytes += (0..<random.below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        return bytes
    }

    @Test func mutatedKeyFilesAreRefused() throws {
        let node = try NodeKeyPair.generate()
        let plain = try KeyFile.encode(node, passphrase: nil)
        let passphrase = try SecureBytes(copying: Array("pw".utf8))
        let sealed = try KeyFile.encode(node, passphrase: passphrase, parameters: .testingMinimum)
        var random = Random(state: 1)
        for round in 0..<600 {
            let original = round % 3 == 0 ? sealed : plain
            let bytes = Self.mutate(original, &random)
            guard bytes != original else { continue }
            #expect(throws: CryptoError.self) { try KeyFile.decode(bytes, passphrase: passphrase) }
        }
    }

    @Test func mutatedKeyWrapsAreRefused() throws {
        let admin = try NodeKeyPair.generate()
        let member = try NodeKeyPair.generate()
        let space = [UInt8](repeating: 1, count: 16)
        let wrap = try KeyWrap.wrap(EpochKey.generate(epoch: 1), space: space, to: member.nodeID, from: admin)
        var random = Random(state: 2)
        for _ in 0..<2_000 {
            let bytes = Self.mutate(wrap.encoded, &random)
            guard bytes != wrap.encoded else { continue }
            #expect(throws: CryptoError.self) { try KeyWrap(encoded: bytes).unwrap(with: member) }
            // Reading only the addressing never crashes, and answers only for a wrap's exact size.
            if let addressing = KeyWrap.addressing(of: bytes) {
                #expect(bytes.count == KeyWrap.byteCount || bytes.count == KeyWrap.byteCount - 32)
                #expect(addressing.recipient.count == 32)
            }
        }
        #expect(KeyWrap.addressing(of: []) == nil)
        #expect(KeyWrap.addressing(of: [2]) == nil)
        #expect(KeyWrap.addressing(of: [9] + wrap.encoded.dropFirst()) == nil)
        let addressing = try #require(KeyWrap.addressing(of: wrap.encoded))
        #expect(addressing.recipient == member.nodeID.publicKey && addressing.epoch == 1)
    }

    @Test func garbageHandshakeMessagesFailCleanly() throws {
        let node = try NodeKeyPair.generate()
        var random = Random(state: 3)
        for round in 0..<2_000 {
            var responder = try NodeHandshake(role: .responder, prologue: [], node: node)
            let garbage = (0..<random.below(200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if round % 2 == 0 {
                // Message 1 is only an ephemeral key and a clear payload: 32 bytes or more parse.
                if garbage.count < 32 { #expect(throws: CryptoError.self) { try responder.readMessage(garbage) } }
            } else {
                var initiator = try NodeHandshake(role: .initiator, prologue: [], node: node)
                _ = try initiator.writeMessage()
                #expect(throws: CryptoError.self) { try initiator.readMessage(garbage) }
            }
        }
        var initiator = try NodeHandshake(role: .initiator, prologue: [], node: node)
        _ = try initiator.writeMessage()
        #expect(throws: CryptoError.self) { try initiator.readMessage([UInt8](repeating: 0, count: 70_000)) }
    }
}
