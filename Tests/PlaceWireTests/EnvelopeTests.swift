import PlaceCRDT
import PlaceCrypto
import PlaceWire
import Testing

@Suite struct EnvelopeTests {
    @Test func contentEnvelopesRoundTripAndRelaysVerifyWithoutTheKey() throws {
        let alice = try fixedNode(1)
        let key = try fixedEpochKey().contentKey()
        let plaintext = Array("Falls clinic: week 3 audit".utf8)
        let envelope = try Envelope.sealContent(
            header: firstHeader(alice), plaintext: plaintext, key: key, author: alice)
        #expect(!envelope.encoded.contains(subsequence: plaintext))
        let received = try Envelope(decoding: envelope.encoded)
        #expect(received == envelope && received.id == envelope.id)
        try received.verify()
        #expect(try received.open(with: key) == plaintext)
        // The next envelope chains to this one.
        let second = try EnvelopeHeader(
            kind: .content, space: testSpace(), author: actor(alice), seq: 2, epoch: 1, previous: envelope.id,
            deps: VersionVector([actor(alice): 1]))
        #expect(
            try Envelope(
                decoding: Envelope.sealContent(header: second, plaintext: [1], key: key, author: alice).encoded
            ).header.previous == envelope.id)
    }

    /// D21: flipping any single byte — header, nonce, ciphertext, tag, signature — makes decoding or
    /// opening throw, and nothing opens.
    @Test func flippingAnyByteMakesOpenThrow() throws {
        let alice = try fixedNode(1)
        let key = try fixedEpochKey().contentKey()
        let bytes = try Envelope.sealContent(
            header: firstHeader(alice), plaintext: Array("note".utf8), key: key, author: alice
        ).encoded
        for position in bytes.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var tampered = bytes
                tampered[position] ^= mask
                do {
                    _ = try Envelope(decoding: tampered).open(with: key)
                    Issue.record("flipping byte \(position) with \(mask) still opened")
                } catch {
                    #expect(
                        [
                            .malformed, .badSignature, .decryptionFailed, .unsupportedVersion, .invalidHeader,
                            .limitExceeded, .wrongEpoch, .wrongKind,
                        ].contains(error.code))
                }
            }
        }
    }

    @Test func theWrongEpochKeyIsRefused() throws {
        let alice = try fixedNode(1)
        let envelope = try Envelope.sealContent(
            header: firstHeader(alice), plaintext: [1, 2], key: fixedEpochKey().contentKey(), author: alice)
        let otherKey = try EpochKey.generate(epoch: 1).contentKey()
        #expect(throws: WireError.self) { try envelope.open(with: otherKey) }
        let laterEpoch = try EpochKey.generate(epoch: 2).contentKey()
        do {
            _ = try envelope.open(with: laterEpoch)
            Issue.record("a key for another epoch opened the envelope")
        } catch {
            #expect(error.code == .wrongEpoch)
        }
    }

    /// D22 (signature part): an envelope signed by one author but naming another is rejected.
    @Test func anEnvelopeClaimingAnotherAuthorIsRejected() throws {
        let alice = try fixedNode(1)
        let mallory = try fixedNode(2)
        #expect(throws: WireError.self) {
            try Envelope.signed(header: firstHeader(alice, kind: .membership), body: [1], author: mallory)
        }
        // Forge by hand: alice's header, mallory's signature.
        let header = try firstHeader(alice, kind: .membership)
        let signature = try Sealing.sign(header: header.encoded(), body: [1], signer: mallory)
        var forged: [UInt8] = [UInt8(header.encoded().count)] + header.encoded() + [1, 1] + signature.bytes
        let decoded = try Envelope(decoding: forged)
        do {
            try decoded.verify()
            Issue.record("a forged author verified")
        } catch {
            #expect(error.code == .badSignature)
        }
        forged[forged.count - 1] ^= 1
        #expect(throws: WireError.self) { try Envelope(decoding: forged).verify() }
    }

    @Test func inconsistentHeadersAreRefused() throws {
        let alice = try fixedNode(1)
        let space = try testSpace()
        #expect(throws: WireError.self) {
            try EnvelopeHeader(
                kind: .content, space: space, author: actor(alice), seq: 0, epoch: 1, previous: nil,
                deps: VersionVector())
        }
        #expect(throws: WireError.self) {
            try EnvelopeHeader(
                kind: .content, space: space, author: actor(alice), seq: 2, epoch: 1, previous: nil,
                deps: VersionVector([actor(alice): 1]))
        }
        let previous = try Envelope.signed(header: firstHeader(alice, kind: .membership), body: [], author: alice).id
        #expect(throws: WireError.self) {
            try EnvelopeHeader(
                kind: .content, space: space, author: actor(alice), seq: 2, epoch: 1, previous: previous,
                deps: VersionVector())
        }
    }

    @Test func mutatedEnvelopesNeverCrashTheDecoder() throws {
        let alice = try fixedNode(1)
        let key = try fixedEpochKey().contentKey()
        let valid = try Envelope.sealContent(header: firstHeader(alice), plaintext: [1, 2, 3], key: key, author: alice)
            .encoded
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for _ in 0..<10_000 {
            var bytes = valid
            switch next() % 3 {
            case 0: bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next())
            case 1: bytes.removeLast(Int(next() % UInt64(bytes.count)))
            default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: Int(next() % UInt64(bytes.count)))
            }
            if let envelope = try? Envelope(decoding: bytes) {
                _ = try? envelope.open(with: key)
            }
        }
        // Declared lengths beyond the limits are refused before anything is allocated.
        #expect(throws: WireError.self) { try Envelope(decoding: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) }
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
