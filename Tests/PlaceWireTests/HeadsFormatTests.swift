import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceTestSupport
import PlaceWire
import Testing

/// Envelope format 2 (`Protocol/ENVELOPE.md` §1, §4): a header names its heads, not the whole vector.
@Suite struct HeadsFormatTests {
    /// Alice's key wrap seq 3, after `signed-2`, following Bob's envelope 4: heads `{bob: 4}`.
    func keyWrapAfterBob() throws -> (header: EnvelopeHeader, envelope: Envelope) {
        let alice = try fixedNode(1)
        let bob = try fixedNode(2)
        let signedTwo = try Envelope(
            decoding: hex(
                try String(contentsOf: vectorDirectory.appendingPathComponent("signed-2.hex"), encoding: .utf8)))
        let header = try EnvelopeHeader(
            kind: .keyWrap, space: testSpace(), author: actor(alice), seq: 3, epoch: 1, previous: signedTwo.id,
            heads: VersionVector([actor(bob): 4]), deps: VersionVector([actor(alice): 2, actor(bob): 4]))
        return (header, try Envelope.signed(header: header, body: [0xCC], author: alice))
    }

    @Test func theCommittedFormatTwoVectorsMatchTheEncoder() throws {
        let (header, envelope) = try keyWrapAfterBob()
        let files = [("header-v2.hex", header.encoded()), ("signed-v2.hex", envelope.encoded)]
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            for (name, bytes) in files {
                try (hexString(bytes) + "\n").write(
                    to: vectorDirectory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        for (name, bytes) in files {
            let committed = hex(try String(contentsOf: vectorDirectory.appendingPathComponent(name), encoding: .utf8))
            #expect(committed == bytes, "\(name) no longer matches the encoder")
        }
        // A format-2 header is the format-1 layout with heads in place of the vector: one entry, not two.
        #expect(header.encoded().count == 1 + 1 + 16 + 32 + 1 + 1 + 33 + 1 + 33)
    }

    @Test func aDecodedHeaderKnowsOnlyItsHeadsUntilResolved() throws {
        let (header, envelope) = try keyWrapAfterBob()
        let decoded = try Envelope(decoding: envelope.encoded)
        try decoded.verify()
        #expect(decoded.header.format == EnvelopeHeader.headsFormat)
        #expect(decoded.header.heads == header.heads)
        #expect(!decoded.header.isResolved)
        // As decoded, the dependencies are the lower bound: the heads and the author's previous envelope.
        let bob = actor(try fixedNode(2))
        let carol = actor(try fixedNode(3))
        #expect(decoded.header.deps == VersionVector([actor(try fixedNode(1)): 2, bob: 4]))
        let past = VersionVector([actor(try fixedNode(1)): 2, bob: 4, carol: 9])
        let resolved = try decoded.resolving(deps: past)
        #expect(resolved.header.isResolved && resolved.header.deps == past)
        #expect(resolved.encoded == envelope.encoded && resolved.id == envelope.id)
        try resolved.verify()
        // A past that misses a head, or names the author's own seq wrongly, does not fit.
        #expect(throws: WireError.self) { try decoded.resolving(deps: VersionVector([bob: 3])) }
        #expect(throws: WireError.self) {
            try decoded.resolving(deps: VersionVector([actor(try fixedNode(1)): 5, bob: 4]))
        }
    }

    /// The refusals a writer or a reader meets, each with its code.
    @Test func headsThatCannotBeAreRefusedClearly() throws {
        let alice = try fixedNode(1)
        let me = actor(alice)
        let bob = actor(try fixedNode(2))
        func header(_ kind: EnvelopeHeader.Kind, heads: VersionVector, deps: VersionVector) throws -> EnvelopeHeader {
            try EnvelopeHeader(
                kind: kind, space: testSpace(), author: me, seq: 1, epoch: 1, previous: nil, heads: heads, deps: deps)
        }
        func code(_ body: () throws -> Void) -> WireError.Code? {
            do { try body() } catch let error as WireError { return error.code } catch { return nil }
            return nil
        }
        #expect(code { _ = try header(.membership, heads: VersionVector(), deps: VersionVector()) } == .invalidHeader)
        #expect(
            code { _ = try header(.content, heads: VersionVector([bob: 2]), deps: VersionVector([bob: 1])) }
                == .invalidHeader)
        var many: [ActorID: UInt64] = [:]
        var random = SeededRandom(seed: 24)
        while many.count <= EnvelopeHeader.maxHeads {
            if let id = ActorID(bytes: (0..<32).map { _ in UInt8(random.below(256)) }) { many[id] = 1 }
        }
        let tooMany = VersionVector(many)
        #expect(code { _ = try header(.content, heads: tooMany, deps: tooMany) } == .limitExceeded)

        // The same faults in bytes a peer sends: a head naming the author, a membership entry, too many
        // heads (refused from the count alone), heads out of order, a head at seq 0.
        let valid = try header(.content, heads: VersionVector([bob: 2]), deps: VersionVector([bob: 2])).encoded()
        let countAt = 1 + 1 + 16 + 32 + 1 + 1 + 1
        var namesAuthor = valid
        namesAuthor.replaceSubrange((countAt + 1)..<(countAt + 33), with: me.bytes)
        #expect(code { _ = try EnvelopeHeader(decoding: namesAuthor) } == .invalidHeader)
        var membership = valid
        membership[1] = EnvelopeHeader.Kind.membership.rawValue
        #expect(code { _ = try EnvelopeHeader(decoding: membership) } == .invalidHeader)
        var declaresMany = Array(valid.prefix(countAt))
        declaresMany += [0x81, 0x08]  // 1,025
        #expect(code { _ = try EnvelopeHeader(decoding: declaresMany) } == .limitExceeded)
        var zeroSeq = valid
        zeroSeq[valid.count - 1] = 0
        #expect(code { _ = try EnvelopeHeader(decoding: zeroSeq) } == .malformed)
        let carol = actor(try fixedNode(3))
        let (low, high) = bob < carol ? (bob, carol) : (carol, bob)
        var unsorted = Array(valid.prefix(countAt)) + [2] + high.bytes + [1] + low.bytes + [1]
        #expect(code { _ = try EnvelopeHeader(decoding: unsorted) } == .malformed)
        unsorted = Array(valid.prefix(countAt)) + [2] + low.bytes + [1] + high.bytes + [1]
        #expect(try EnvelopeHeader(decoding: unsorted).heads.count == 2)
    }

    @Test func mutatedFormatTwoEnvelopesNeverCrashTheDecoder() throws {
        let (_, envelope) = try keyWrapAfterBob()
        let valid = envelope.encoded
        var random = SeededRandom(seed: 2)
        var decoded = 0
        for _ in 0..<10_000 {
            let bytes = mutated(valid, &random)
            if let envelope = try? Envelope(decoding: bytes) {
                decoded += 1
                // What decodes re-encodes to exactly its bytes, and its signature still decides.
                #expect(envelope.encoded == bytes)
                _ = try? envelope.verify()
            }
        }
        #expect(decoded > 0)
    }
}
