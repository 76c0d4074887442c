import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// RELIABILITY.md D18: a node meets a peer of a newer PlaceSync. A test double speaks "version N+1"
/// from the protocol documents alone: it offers protocol versions 1 and 2, sends an optional message type
/// this build does not know, and an envelope in the next envelope format (4). The node keeps syncing everything
/// else, says which version it needs, and asks for the refused envelope again in the next session (so
/// an upgraded node converges).
@Suite struct MixedVersionTests {
    /// The same envelope bytes, declaring envelope format `format` (a newer layout this build cannot read).
    static func declaringFormat(_ format: UInt8, _ envelope: [UInt8]) -> [UInt8] {
        var bytes = envelope
        // After the header's length (a varint: bytes with the top bit set, then one without).
        let position = (bytes.firstIndex { $0 & 0x80 == 0 } ?? 0) + 1
        bytes[position] = format
        return bytes
    }

    @Test func anEnvelopeOfANewerFormatIsRefusedAsSuchAndPoisonsNothing() throws {
        let nodes = try TwoNodes()
        let (a, b, space) = (nodes.a, nodes.b, nodes.space)
        let c = try Node.create(at: nodes.folder.node("c"), configuration: testConfiguration())
        try admit(c, to: space, by: a)
        try c.ingest(a.envelopes(in: space, since: VersionVector()))
        for index in 0..<3 {
            try b.transact(in: space, document: .main) { tx in try tx.set("b\(index)", .string("from b")) }
            try c.transact(in: space, document: .main) { tx in try tx.set("c\(index)", .string("from c")) }
        }
        let fromB = try b.envelopes(in: space, since: a.version(of: space)).filter {
            try Envelope(decoding: $0).header.author == b.actor
        }
        let fromC = try c.envelopes(in: space, since: a.version(of: space)).filter {
            try Envelope(decoding: $0).header.author == c.actor
        }
        let before = try a.version(of: space)

        // b's first new envelope arrives in format 4: refused as newer, b's later ones wait, c's apply.
        let newer = Self.declaringFormat(4, fromB[0])
        let report = try a.ingest([newer] + fromB.dropFirst() + fromC, in: space)
        #expect(report.rejected.map(\.reason) == [.newerFormat(4)])
        #expect("\(report.rejected[0].reason)".contains("upgrade PlaceSync"))
        #expect(report.pending.count == fromB.count - 1)
        #expect(report.applied.count == fromC.count)
        #expect(try a.version(of: space)[b.actor] == before[b.actor])
        #expect(try a.version(of: space)[c.actor] == c.version(of: space)[c.actor])
        let notice = try #require(try a.upgradeNotice())
        #expect(notice.contains("format 4") && notice.contains("upgrade PlaceSync"))

        // A corrupt envelope or an older-than-known version is no reason to upgrade.
        #expect(Envelope.declaredFormat(of: fromB[0]) == EnvelopeHeader.compactFormat)
        #expect(Envelope.declaredFormat(of: [1, 2, 3]) == nil)
        let corrupt = try a.ingest([Self.declaringFormat(0, fromB[0]), Array(fromB[0].prefix(10))])
        #expect(corrupt.rejected.allSatisfy { if case .undecodable = $0.reason { true } else { false } })

        // Once the envelope comes in a format the node reads (as after its upgrade), what waited applies.
        let upgraded = try a.ingest([fromB[0]], in: space)
        #expect(upgraded.applied.count == fromB.count)
        let document = try a.document(.main, in: space)
        for index in 0..<3 {
            #expect(document.value(forKey: "b\(index)") == .scalar(.string("from b")))
            #expect(document.value(forKey: "c\(index)") == .scalar(.string("from c")))
        }
    }

    /// Any bytes: the declared format is read without trapping, and only from a whole header.
    @Test func declaredFormatReadsAnyBytesSafely() {
        var random = SeededRandom(seed: 18)
        for _ in 0..<20_000 {
            let bytes = (0..<random.below(120)).map { _ in UInt8(random.below(256)) }
            if Envelope.declaredFormat(of: bytes) != nil { #expect(bytes.count >= 50) }
        }
    }

    @Test func aSessionWithANewerPeerSkipsItsOptionalMessagesTakesTheRestAndAsksAgain() throws {
        let nodes = try TwoNodes()
        let (a, c, space) = (nodes.a, nodes.b, nodes.space)
        let newerKey = try NodeKeyPair.generate()
        try a.addMember(newerKey.nodeID, role: .writer, in: space)
        var signer = try HandSigner(space: space, key: newerKey)
        let own = try signer.signContent(Array("written by a newer build".utf8), deps: a.version(of: space))
        try c.ingest(a.envelopes(in: space, since: c.version(of: space)))
        try c.transact(in: space, document: .main) { tx in try tx.set("title", .string("relayed by the newer peer")) }
        let relayed = try c.envelopes(in: space, since: a.version(of: space))

        var peer = try NewerPeer(talkingTo: a, key: newerKey)
        #expect(peer.version == 3, "the highest version both speak")
        try peer.send(
            .hello(
                agent: "placesync/2.0", wants: [SpaceWant(space: space, vector: a.version(of: space))], redemption: nil)
        )
        try peer.send(.optional(type: 0x5A, body: [1, 2, 3]))
        try peer.send(.envelopes(space: space, batch: 1, envelopes: [Self.declaringFormat(4, own)]))
        try peer.send(.envelopes(space: space, batch: 2, envelopes: relayed))
        try peer.send(.optional(type: 0x5A, body: []))
        try peer.send(.synced(space: space))

        #expect(!peer.closed, "\(peer.events)")
        #expect(peer.events.contains(.skippedOptionalMessage(type: 0x5A)))
        #expect(peer.events.filter { $0 == .skippedOptionalMessage(type: 0x5A) }.count == 1)
        #expect(peer.events.contains(.newerEnvelopeFormat(space: space, envelopes: 1, format: 4)))
        #expect(peer.received.contains(.ack(batch: 2)))
        // Everything else was taken in; the newer envelope was not.
        #expect(
            try a.document(.main, in: space).value(forKey: "title") == .scalar(.string("relayed by the newer peer")))
        #expect(try a.version(of: space)[signer.actor] == 0)
        #expect(try a.upgradeNotice() != nil)

        // The next session asks for it again: the node's hello still lacks it.
        var again = try NewerPeer(talkingTo: a, key: newerKey)
        try again.send(.hello(agent: "placesync/2.0", wants: [], redemption: nil))
        let hello = try #require(
            again.received.compactMap { if case .hello(_, let wants, _) = $0 { wants } else { nil } }.first)
        #expect(hello.first { $0.space == space }?.vector[signer.actor] == 0)
    }
}
