import PlaceCrypto
import Testing

@Suite struct IdentityAndKeyTests {
    @Test func nodeIDTextRoundTripsAndCatchesTypos() throws {
        let node = try NodeKeyPair.generate()
        let text = node.nodeID.text
        #expect(text.count == NodeID.textLength)
        #expect(try NodeID(parsing: text) == node.nodeID)
        #expect(try NodeID(parsing: text.uppercased()) == node.nodeID)
        // Change one character: the checksum catches it.
        var characters = Array(text)
        characters[5] = characters[5] == "a" ? "b" : "a"
        do {
            _ = try NodeID(parsing: String(characters))
            Issue.record("a mistyped node id was accepted")
        } catch {
            #expect(error.code == .badChecksum)
        }
        #expect(throws: CryptoError.self) { try NodeID(parsing: String(text.dropLast(2))) }
        #expect(throws: CryptoError.self) { try NodeID(parsing: "not a node id!") }
    }

    @Test func aSignatureForOneContextNeverVerifiesForAnother() throws {
        let node = try NodeKeyPair.generate()
        let message = Array("add member".utf8)
        let signature = try node.sign(message, context: .envelope)
        try node.nodeID.verify(signature, for: message, context: .envelope)
        for other in [SignatureContext.keyWrap, .invite, .handshake, SignatureContext("placesync/envelope/v2")] {
            #expect(throws: CryptoError.self) { try node.nodeID.verify(signature, for: message, context: other) }
        }
        let stranger = try NodeKeyPair.generate()
        #expect(throws: CryptoError.self) { try stranger.nodeID.verify(signature, for: message, context: .envelope) }
    }

    /// D33: one key, one job — subkeys differ by purpose and by epoch.
    @Test func epochSubkeysAreDistinctPerPurposeAndEpoch() throws {
        let root = try SecureBytes.random(count: 32)
        let first = try EpochKey(epoch: 1, secret: root)
        let second = try EpochKey(epoch: 2, secret: root)
        let content1 = try first.contentKey()
        let sealed = try content1.seal([1, 2, 3], associatedData: [])
        #expect(throws: CryptoError.self) { try second.contentKey().open(sealed, associatedData: []) }
        #expect(!(try first.routingKey().constantTimeEquals(second.routingKey())))
        #expect(try content1.open(sealed, associatedData: []) == [1, 2, 3])
    }

    /// D32: no nonce repeats across 100,000 seals; nothing is counted or stored.
    @Test func oneHundredThousandSealsNeverRepeatANonce() throws {
        let key = try EpochKey.generate(epoch: 1).contentKey()
        var nonces = Set<[UInt8]>()
        nonces.reserveCapacity(100_000)
        for index in 0..<100_000 {
            let sealed = try key.seal([UInt8(truncatingIfNeeded: index)], associatedData: [])
            nonces.insert(Array(sealed.prefix(24)))
        }
        #expect(nonces.count == 100_000)
    }

    @Test func paddingUsesTheDocumentedBucketsAndRoundTrips() throws {
        let cases = [
            (0, 256), (255, 256), (256, 272), (1000, 1024), (4096, 4352), (5000, 5120), ((1 << 20) - 1, 1 << 20),
        ]
        for (size, bucket) in cases {
            let body = [UInt8](repeating: 7, count: size)
            let padded = Padding.pad(body)
            #expect(padded.count == bucket, "size \(size)")
            #expect(try Padding.unpad(padded) == body)
        }
        for size in stride(from: 256, to: 1 << 20, by: 997) {
            #expect(Double(Padding.paddedSize(for: size)) <= Double(size + 1) * 1.12, "size \(size)")
        }
        #expect(throws: CryptoError.self) { try Padding.unpad([UInt8](repeating: 0, count: 256)) }
        #expect(throws: CryptoError.self) { try Padding.unpad([1, 2, 3]) }
        var wrongBucket = Padding.pad([1, 2, 3]) + [UInt8](repeating: 0, count: 16)
        wrongBucket[0] = 1
        #expect(throws: CryptoError.self) { try Padding.unpad(wrongBucket) }
    }

    @Test func keyWrapsOpenOnlyForTheirRecipientAndRejectTampering() throws {
        let admin = try NodeKeyPair.generate()
        let member = try NodeKeyPair.generate()
        let outsider = try NodeKeyPair.generate()
        let epochKey = try EpochKey.generate(epoch: 3)
        let space = [UInt8](repeating: 9, count: 16)
        let wrap = try KeyWrap.wrap(epochKey, space: space, to: member.nodeID, from: admin)
        let decoded = try KeyWrap(encoded: wrap.encoded)
        #expect(decoded == wrap && decoded.sender == admin.nodeID && decoded.epoch == 3)
        let opened = try decoded.unwrap(with: member)
        let sealed = try epochKey.contentKey().seal([42], associatedData: [])
        #expect(try opened.contentKey().open(sealed, associatedData: []) == [42])
        #expect(throws: CryptoError.self) { try decoded.unwrap(with: outsider) }
        for position in stride(from: 0, to: KeyWrap.byteCount, by: 7) {
            var tampered = wrap.encoded
            tampered[position] ^= 0x01
            #expect(throws: CryptoError.self) { try KeyWrap(encoded: tampered).unwrap(with: member) }
        }
    }
}
