import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceTestSupport
import PlaceWire
import Testing

/// Envelope format 3 (`Protocol/ENVELOPE.md` §1, `CRYPTO.md` §4): format 2's header, with content sealed
/// compactly — 8 nonce bytes carried, 16 derived from the header, the plaintext padded to at least 32
/// bytes — so a one-word edit is not padded to a paragraph's size.
@Suite struct CompactFormatTests {
    /// Alice's content envelope seq 3, after `signed-2`, following Bob's envelope 4, in format 3.
    func contentHeader() throws -> EnvelopeHeader {
        let alice = try fixedNode(1)
        let bob = try fixedNode(2)
        let signedTwo = try Envelope(
            decoding: hex(
                try String(contentsOf: vectorDirectory.appendingPathComponent("signed-2.hex"), encoding: .utf8)))
        return try EnvelopeHeader(
            kind: .content, space: testSpace(), author: actor(alice), seq: 3, epoch: 1, previous: signedTwo.id,
            heads: VersionVector([actor(bob): 4]), deps: VersionVector([actor(alice): 2, actor(bob): 4]),
            format: EnvelopeHeader.compactFormat)
    }

    /// The envelope's bytes, sealed with a fixed nonce tail (a real seal draws it at random).
    func fixedEnvelope(_ header: EnvelopeHeader, plaintext: [UInt8]) throws -> [UInt8] {
        let headerBytes = header.encoded()
        let padded = Padding.pad(plaintext, minimum: Padding.compactMinimumSize)
        let body = try fixedEpochKey().contentKey().sealCompact(
            padded, associatedData: headerBytes, nonceTail: [1, 2, 3, 4, 5, 6, 7, 8])
        let signature = try Sealing.sign(header: headerBytes, body: body, signer: try fixedNode(1))
        precondition(headerBytes.count < 128 && body.count < 128, "one-byte lengths")
        return [UInt8(headerBytes.count)] + headerBytes + [UInt8(body.count)] + body + signature.bytes
    }

    @Test func theCommittedFormatThreeVectorMatchesTheEncoderAndOpens() throws {
        let header = try contentHeader()
        let bytes = try fixedEnvelope(header, plaintext: Array("PDSA 1".utf8))
        let url = vectorDirectory.appendingPathComponent("content-v3.hex")
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            try (hexString(bytes) + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        let committed = hex(try String(contentsOf: url, encoding: .utf8))
        #expect(committed == bytes, "content-v3.hex no longer matches the encoder")
        let envelope = try Envelope(decoding: committed)
        #expect(envelope.header.format == EnvelopeHeader.compactFormat && envelope.header.namesHeads)
        #expect(envelope.header.heads == header.heads && envelope.headerBytes == header.encoded())
        // 8 nonce bytes, "PDSA 1" padded to 32, the tag: 56 bytes where format 2 seals 296.
        #expect(envelope.body.count == 8 + 32 + 16)
        #expect(Array(envelope.body.prefix(8)) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try envelope.open(with: fixedEpochKey().contentKey()) == Array("PDSA 1".utf8))
    }

    @Test func aRealSealDrawsItsNonceTailAndOpens() throws {
        let alice = try fixedNode(1)
        let key = try fixedEpochKey().contentKey()
        let header = try contentHeader()
        let first = try Envelope.sealContent(header: header, plaintext: [9, 9, 9], key: key, author: alice)
        let second = try Envelope.sealContent(header: header, plaintext: [9, 9, 9], key: key, author: alice)
        #expect(first.body.count == ContentKey.compactOverhead + 32)
        #expect(first.body.prefix(8) != second.body.prefix(8), "the nonce tail is drawn at random")
        #expect(try first.open(with: key) == [9, 9, 9] && second.open(with: key) == [9, 9, 9])
        // The same plaintext sealed under a format-2 header is padded to 256 bytes.
        let two = try EnvelopeHeader(
            kind: .content, space: header.space, author: header.author, seq: header.seq, epoch: 1,
            previous: header.previous, heads: header.heads, deps: header.deps)
        #expect(try Envelope.sealContent(header: two, plaintext: [9, 9, 9], key: key, author: alice).body.count == 296)
    }

    /// The derived nonce bytes bind the body to its header: the body under another header (re-signed by the
    /// author, so only the AEAD decides) does not open, nor does a wrong key or any flipped bit.
    @Test func aBodyOpensOnlyUnderItsOwnHeaderAndKey() throws {
        let alice = try fixedNode(1)
        let key = try fixedEpochKey().contentKey()
        let header = try contentHeader()
        let envelope = try Envelope.sealContent(header: header, plaintext: Array("audit".utf8), key: key, author: alice)
        let other = try EnvelopeHeader(
            kind: .content, space: header.space, author: header.author, seq: header.seq, epoch: 1,
            previous: header.previous, heads: VersionVector(), deps: VersionVector([header.author: 2]),
            format: EnvelopeHeader.compactFormat)
        #expect(throws: CryptoError.self) {
            try Sealing.openVerified(envelope.body, header: other.encoded(), key: key, layout: .compact)
        }
        #expect(throws: CryptoError.self) {
            try Sealing.openVerified(envelope.body, header: header.encoded(), key: key, layout: .standard)
        }
        let wrongKey = try EpochKey(epoch: 1, secret: SecureBytes(copying: [UInt8](repeating: 7, count: 32)))
        #expect(throws: WireError.self) { try envelope.open(with: wrongKey.contentKey()) }
        for index in envelope.body.indices {
            var body = envelope.body
            body[index] ^= 0x01
            #expect(throws: CryptoError.self) {
                try Sealing.openVerified(body, header: header.encoded(), key: key, layout: .compact)
            }
        }
        #expect(throws: CryptoError.self) {
            try Sealing.openVerified(
                Array(envelope.body.prefix(23)), header: header.encoded(), key: key, layout: .compact)
        }
    }

    /// Compact padding: at least 32 bytes, then padmé (at most 12 % over), and a reader checks the bucket
    /// exactly — a body padded to format 2's 256-byte floor is refused in format 3.
    @Test func compactPaddingRoundTripsAndIsCheckedExactly() throws {
        for size in 0..<3_000 {
            let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 1) }
            let padded = Padding.pad(body, minimum: Padding.compactMinimumSize)
            #expect(padded.count >= Padding.compactMinimumSize)
            #expect(try Padding.unpad(padded, minimum: Padding.compactMinimumSize) == body)
            if size >= Padding.compactMinimumSize {
                #expect(Double(padded.count) <= Double(size + 1) * 1.12, "size \(size)")
            }
            if size >= 256 { #expect(padded == Padding.pad(body), "above 256 bytes both layouts pad alike") }
        }
        let wide = Padding.pad(Array("audit".utf8))
        #expect(wide.count == 256)
        #expect(throws: CryptoError.self) { try Padding.unpad(wide, minimum: Padding.compactMinimumSize) }
        #expect(throws: CryptoError.self) {
            try Padding.unpad([UInt8](repeating: 0, count: 31) + [0x80], minimum: Padding.compactMinimumSize + 1)
        }
        #expect(throws: CryptoError.self) {
            try Padding.unpad([UInt8](repeating: 0, count: 16), minimum: Padding.compactMinimumSize)
        }
    }

    @Test func mutatedFormatThreeEnvelopesNeverCrashTheDecoderOrOpener() throws {
        let key = try fixedEpochKey().contentKey()
        let valid = try fixedEnvelope(try contentHeader(), plaintext: Array("one word".utf8))
        var random = SeededRandom(seed: 3)
        var decoded = 0
        for _ in 0..<10_000 {
            let bytes = mutated(valid, &random)
            if let envelope = try? Envelope(decoding: bytes) {
                decoded += 1
                #expect(envelope.encoded == bytes)
                if let opened = try? envelope.open(with: key) {
                    // Only the genuine envelope opens: everything else fails its signature or its tag.
                    #expect(bytes == valid && opened == Array("one word".utf8))
                }
            }
        }
        #expect(decoded > 0)
    }
}
