import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceWire
import Testing

/// Byte-exact vectors for the envelope layout (`Protocol/ENVELOPE.md`). Ed25519 signatures are
/// deterministic, so signed envelopes are fixed; a content envelope has a random nonce, so its vector
/// checks decoding and opening. `PLACESYNC_WRITE_VECTORS=1` rewrites them on a deliberate format change.
@Suite struct EnvelopeVectorTests {
    func vectors() throws -> [(String, [UInt8])] {
        let alice = try fixedNode(1)
        let first = try Envelope.signed(
            header: firstHeader(alice, kind: .membership), body: Array("genesis".utf8), author: alice)
        let secondHeader = try EnvelopeHeader(
            kind: .keyWrap, space: testSpace(), author: actor(alice), seq: 2, epoch: 1, previous: first.id,
            deps: VersionVector([actor(alice): 1]))
        let second = try Envelope.signed(header: secondHeader, body: [0xAA, 0xBB], author: alice)
        return [
            ("header-1.hex", secondHeader.encoded()), ("signed-1.hex", first.encoded), ("signed-2.hex", second.encoded),
        ]
    }

    @Test func signedEnvelopesMatchTheCommittedVectors() throws {
        let files = try vectors()
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            try FileManager.default.createDirectory(at: vectorDirectory, withIntermediateDirectories: true)
            for (name, bytes) in files {
                try (hexString(bytes) + "\n").write(
                    to: vectorDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let alice = try fixedNode(1)
            let content = try Envelope.sealContent(
                header: firstHeader(alice), plaintext: Array("PDSA 1".utf8), key: fixedEpochKey().contentKey(),
                author: alice)
            try (hexString(content.encoded) + "\n").write(
                to: vectorDirectory.appendingPathComponent("content-1.hex"), atomically: true, encoding: .utf8)
        }
        for (name, bytes) in files {
            let committed = hex(try String(contentsOf: vectorDirectory.appendingPathComponent(name), encoding: .utf8))
            #expect(committed == bytes, "\(name) no longer matches the encoder")
        }
        let signed = hex(
            try String(contentsOf: vectorDirectory.appendingPathComponent("signed-2.hex"), encoding: .utf8))
        let envelope = try Envelope(decoding: signed)
        try envelope.verify()
        #expect(envelope.header.kind == .keyWrap && envelope.header.seq == 2 && envelope.body == [0xAA, 0xBB])
    }

    @Test func theCommittedContentEnvelopeOpensWithItsKey() throws {
        let bytes = hex(
            try String(contentsOf: vectorDirectory.appendingPathComponent("content-1.hex"), encoding: .utf8))
        let envelope = try Envelope(decoding: bytes)
        #expect(try envelope.open(with: fixedEpochKey().contentKey()) == Array("PDSA 1".utf8))
        #expect(envelope.body.count == 256 + ContentKey.overhead)
    }
}
