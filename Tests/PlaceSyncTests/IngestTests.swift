import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

@Suite struct IngestTests {
    /// D10 for the replica: a shuffled, duplicated envelope set gives the same state and query tables
    /// as in-order ingest — whatever the batch boundaries.
    @Test(arguments: 0..<4 as Range<UInt64>)
    func outOfOrderIngestWithDuplicatesMatchesInOrderIngest(seed: UInt64) throws {
        let nodes = try TwoNodes()
        let folder = try TemporaryFolder()
        let c = try Node.create(at: folder.node("c"), configuration: testConfiguration())
        try admit(c, to: nodes.space, by: nodes.a, role: .reader)
        let d = try Node.create(at: folder.node("d"), configuration: testConfiguration())
        try admit(d, to: nodes.space, by: nodes.a, role: .reader)
        let other = DocumentID(bytes: [UInt8](repeating: 9, count: 16))!
        // Two writers, concurrent edits, two documents.
        try writeNotes(nodes.a, space: nodes.space, count: 30, seed: seed)
        try writeNotes(nodes.b, space: nodes.space, count: 20, document: other, seed: seed + 100)
        try nodes.b.ingest(nodes.a.envelopes(in: nodes.space, since: VersionVector()))
        try writeNotes(nodes.b, space: nodes.space, count: 15, seed: seed + 200)
        try writeNotes(nodes.a, space: nodes.space, count: 10, seed: seed + 300)
        let all =
            try nodes.a.envelopes(in: nodes.space, since: VersionVector())
            + nodes.b.envelopes(in: nodes.space, since: nodes.a.version(of: nodes.space))
        // In order, one batch.
        let report = try c.ingest(all)
        #expect(report.rejected.isEmpty && report.pending.isEmpty)
        // Shuffled with duplicates, in random small batches, on a fresh node.
        var random = SeededRandom(seed: seed)
        var shuffled = all + all.filter { _ in random.chance(30) }
        shuffled.shuffle(using: &random)
        var index = 0
        while index < shuffled.count {
            let size = 1 + random.below(12)
            let outcome = try d.ingest(Array(shuffled[index..<min(index + size, shuffled.count)]))
            #expect(outcome.rejected.isEmpty)
            index += size
        }
        #expect(try d.pendingCount() == 0)
        #expect(try d.version(of: nodes.space) == c.version(of: nodes.space))
        for document in [DocumentID.main, other] {
            #expect(try d.document(document, in: nodes.space) == c.document(document, in: nodes.space))
        }
        #expect(try d.documents(in: nodes.space) == c.documents(in: nodes.space))
        #expect(try d.search("PDSA1").map(\.document) == c.search("PDSA1").map(\.document))
        // And both equal the writers' own state.
        try nodes.a.ingest(nodes.b.envelopes(in: nodes.space, since: nodes.a.version(of: nodes.space)))
        #expect(try d.document(.main, in: nodes.space) == nodes.a.document(.main, in: nodes.space))
    }

    /// A batch longer than one write transaction (``Node/envelopesPerWrite``), shuffled, with the new
    /// member's key wrap anywhere in it: written in chunks, it gives what in-order ingest gives, with
    /// content opened by a key that comes in a later chunk and nothing left waiting.
    @Test func aBatchLongerThanOneWriteAppliesWholeWhateverItsOrder() throws {
        let nodes = try TwoNodes()
        let folder = try TemporaryFolder()
        try writeNotes(nodes.a, space: nodes.space, count: Node.envelopesPerWrite + 150, seed: 7)
        let c = try Node.create(at: folder.node("c"), configuration: testConfiguration())
        try admit(c, to: nodes.space, by: nodes.a, role: .reader)
        var all = try nodes.a.envelopes(in: nodes.space, since: VersionVector())
        #expect(all.count > Node.envelopesPerWrite)
        var random = SeededRandom(seed: 3)
        all.shuffle(using: &random)
        let report = try c.ingest(all, in: nodes.space)
        #expect(report.rejected.isEmpty)
        #expect(try c.pendingCount() == 0)
        #expect(try c.version(of: nodes.space) == nodes.a.version(of: nodes.space))
        #expect(try c.document(.main, in: nodes.space) == nodes.a.document(.main, in: nodes.space))
    }

    /// A refusal says which rule refused, as a value a host can switch on.
    @Test func refusalsNameTheirRule() throws {
        let nodes = try TwoNodes()
        try writeNotes(nodes.a, space: nodes.space, count: 1)
        let envelope = try #require(try nodes.a.envelopes(in: nodes.space, since: VersionVector()).last)
        var tampered = envelope
        tampered[tampered.count - 1] ^= 1
        let other = try nodes.a.createSpace(name: "other")
        let report = try nodes.b.ingest([[1, 2, 3], tampered, envelope], in: other)
        let reasons = report.rejected.map(\.reason)
        #expect(reasons.count == 3)
        guard reasons.count == 3 else { return }
        if case .undecodable = reasons[0] {} else { Issue.record("not undecodable: \(reasons[0])") }
        if case .badSignature = reasons[1] {} else { Issue.record("not a bad signature: \(reasons[1])") }
        #expect(reasons[2] == .wrongSpace(envelope: nodes.space, batch: other))
        let stranger = try Node.create(at: nodes.folder.node("stranger"), configuration: testConfiguration())
        #expect(try stranger.ingest([envelope]).rejected.map(\.reason) == [.spaceNotHeld(nodes.space)])
    }

    @Test func relayedBytesAreStoredAndServedByteForByte() throws {
        let nodes = try TwoNodes()
        try writeNotes(nodes.a, space: nodes.space, count: 5)
        let sent = try nodes.a.envelopes(in: nodes.space, since: VersionVector())
        try nodes.b.ingest(sent)
        #expect(try nodes.b.envelopes(in: nodes.space, since: VersionVector()) == sent)
        let report = try nodes.b.ingest(sent)
        #expect(report.duplicates.count == sent.count && report.applied.isEmpty)
    }

    @Test func tamperedForeignAndBrokenEnvelopesAreRefusedAndChangeNothing() throws {
        let nodes = try TwoNodes()
        try writeNotes(nodes.a, space: nodes.space, count: 3)
        let before = try nodes.b.version(of: nodes.space)
        let sent = try nodes.a.envelopes(in: nodes.space, since: before)
        var flipped = sent[1]
        flipped[flipped.count - 70] ^= 0x01  // inside the body: the signature no longer matches
        let report = try nodes.b.ingest([flipped, Array(sent[0].prefix(20)), [0xFF, 0xFF]])
        #expect(report.rejected.count == 3)
        #expect(report.applied.isEmpty)
        #expect(try nodes.b.version(of: nodes.space) == before)
        #expect(try nodes.b.pendingCount() == 0)
        // A space this node does not hold.
        let folder = try TemporaryFolder()
        let stranger = try Node.create(at: folder.node("x"), configuration: testConfiguration())
        let unknown = try stranger.ingest(sent)
        #expect(unknown.rejected.count == sent.count)
        // The genuine ones still apply afterwards.
        #expect(try nodes.b.ingest(sent).applied.count == sent.count)
    }

    @Test func anEnvelopeWhoseAuthorsChainIsIncompleteWaitsThenApplies() throws {
        let nodes = try TwoNodes()
        try writeNotes(nodes.a, space: nodes.space, count: 4)
        let sent = try nodes.a.envelopes(in: nodes.space, since: nodes.b.version(of: nodes.space))
        let first = try nodes.b.ingest(Array(sent[2...]))
        #expect(first.pending.count == sent.count - 2 && first.applied.isEmpty)
        #expect(try nodes.b.pendingCount() == sent.count - 2)
        let second = try nodes.b.ingest(Array(sent[..<2]))
        #expect(second.applied.count == sent.count)
        #expect(try nodes.b.pendingCount() == 0)
        #expect(try nodes.b.document(.main, in: nodes.space) == nodes.a.document(.main, in: nodes.space))
    }
}

/// Bad input changes nothing: mutated envelopes are refused (never a crash), and what does get in is
/// only what a genuine envelope would have brought.
@Suite struct IngestRobustnessTests {
    @Test func mutatedEnvelopesAreRefusedAndNeverCorruptTheReplica() throws {
        let nodes = try TwoNodes()
        try writeNotes(nodes.a, space: nodes.space, count: 6)
        let before = try nodes.b.version(of: nodes.space)
        let genuine = try nodes.a.envelopes(in: nodes.space, since: before)
        var random = SeededRandom(seed: 11)
        var mutants: [[UInt8]] = []
        for _ in 0..<400 {
            var bytes = genuine[random.below(genuine.count)]
            switch random.below(4) {
            case 0: bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255))
            case 1: bytes = Array(bytes.prefix(random.below(bytes.count)))
            case 2: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count))
            default: bytes += (0...random.below(40)).map { _ in UInt8(random.below(256)) }
            }
            mutants.append(bytes)
        }
        let report = try nodes.b.ingest(mutants)
        #expect(report.applied.isEmpty && report.pending.isEmpty)
        #expect(report.rejected.count + report.duplicates.count == mutants.count)
        #expect(try nodes.b.version(of: nodes.space) == before)
        #expect(try nodes.b.integrityCheck() == "ok")
        // The genuine envelopes still apply, to the writer's state.
        try nodes.b.ingest(genuine)
        #expect(try nodes.b.document(.main, in: nodes.space) == nodes.a.document(.main, in: nodes.space))
    }
}
