import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// Envelope format 2 (`Protocol/ENVELOPE.md` §4): headers name their heads; every replica resolves the
/// whole causal past from what it stores, and judges the envelope by it exactly as by a format-1 vector.
@Suite struct CausalPastTests {
    struct Written: Hashable {
        var author: ActorID
        var seq: UInt64
    }

    /// A member admitted at the start that receives nothing until `feed` gives it all `source` holds,
    /// evidence included, in one shuffled batch.
    struct LateMember {
        let node: Node

        init(_ name: String, in folder: TemporaryFolder, space: SpaceID, admin: Node) throws {
            node = try Node.create(at: folder.node(name), configuration: testConfiguration())
            try admit(node, to: space, by: admin)
        }

        func feed(from source: Node, space: SpaceID, random: inout SeededRandom) throws -> Node {
            var everything = try source.envelopes(in: space, since: VersionVector(), includeEvidence: true)
            everything.shuffle(using: &random)
            let report = try node.ingest(everything)
            #expect(report.rejected.isEmpty)
            #expect(try node.version(of: space) == source.version(of: space))
            return node
        }
    }

    /// Three writers edit and sync in a random order for long enough that each crosses several whole
    /// causal-past records (every 32 envelopes); then a fresh replica takes in everything shuffled.
    /// Every replica resolves every envelope to the vector its writer had when it wrote it — what format 1
    /// would have carried — before and after reopening, and they all end byte-identical.
    @Test func everyReplicaResolvesThePastItsWriterHad() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let space = try a.createSpace(name: "Stroud PCN")
        var nodes = [a]
        for name in ["b", "c"] {
            let node = try Node.create(at: folder.node(name), configuration: testConfiguration())
            try admit(node, to: space, by: a)
            nodes.append(node)
        }
        let lateMember = try LateMember("late", in: folder, space: space, admin: a)
        for node in nodes.dropFirst() { try node.ingest(a.envelopes(in: space, since: VersionVector())) }
        var random = SeededRandom(seed: 32)
        var pasts: [Written: VersionVector] = [:]
        for round in 0..<150 {
            let writer = nodes[random.below(3)]
            let before = try writer.version(of: space)
            let change = try writer.transact(in: space, document: .main) { tx in
                try tx.set("k\(random.below(20))", .string("round \(round)"))
            }
            if let change { pasts[Written(author: change.actor, seq: change.seq)] = before }
            if random.chance(40) {
                let (from, to) = (nodes[random.below(3)], nodes[random.below(3)])
                try to.ingest(from.envelopes(in: space, since: to.version(of: space)))
            }
        }
        for from in nodes { for to in nodes { try to.ingest(from.envelopes(in: space, since: to.version(of: space))) } }
        let late = try lateMember.feed(from: a, space: space, random: &random)
        let reopened = try Node.open(at: folder.node("b"), configuration: testConfiguration())
        #expect(pasts.count == 150)
        #expect(pasts.keys.contains { $0.seq > 40 }, "some author wrote past a whole record")
        for (written, past) in pasts {
            for replica in nodes + [late, reopened] {
                #expect(try replica.causalPast(of: written.author, seq: written.seq, in: space) == past)
            }
        }
        let reference = try a.document(.main, in: space).snapshot()
        for replica in nodes + [late, reopened] {
            #expect(try replica.document(.main, in: space).snapshot() == reference)
        }
        // The writers named heads, not vectors.
        let formats = Set(try a.envelopes(in: space, since: VersionVector()).map { try Envelope(decoding: $0).header })
        #expect(formats.filter { $0.kind == .content }.allSatisfy { $0.format == EnvelopeHeader.compactFormat })
        #expect(formats.filter { $0.kind == .membership }.allSatisfy { $0.format == EnvelopeHeader.vectorFormat })
    }

    /// An envelope whose head has not arrived waits for it (it is not refused), then applies.
    @Test func anEnvelopeWhoseHeadIsMissingWaitsForIt() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let space = try a.createSpace(name: "s")
        let b = try Node.create(at: folder.node("b"), configuration: testConfiguration())
        let c = try Node.create(at: folder.node("c"), configuration: testConfiguration())
        try admit(b, to: space, by: a)
        try admit(c, to: space, by: a)
        for node in [b, c] { try node.ingest(a.envelopes(in: space, since: VersionVector())) }
        let start = try c.version(of: space)
        try a.transact(in: space, document: .main) { tx in try tx.set("from", .string("a")) }
        let fromA = try a.envelopes(in: space, since: start)
        try b.ingest(fromA)
        let before = try b.version(of: space)
        try b.transact(in: space, document: .main) { tx in try tx.set("reply", .string("b")) }
        let fromB = try b.envelopes(in: space, since: before)
        let header = try Envelope(decoding: fromB[0]).header
        #expect(header.heads == VersionVector([a.actor: before[a.actor]]))

        let first = try c.ingest(fromB, in: space)
        #expect(first.pending.count == 1 && first.applied.isEmpty && first.rejected.isEmpty)
        let second = try c.ingest(fromA, in: space)
        #expect(second.applied.count == 2)
        #expect(try c.causalPast(of: b.actor, seq: header.seq, in: space) == before)
        #expect(try c.document(.main, in: space).snapshot() == b.document(.main, in: space).snapshot())
    }

    /// A writer pinned to format 1 (as for members on older builds) and a writer of format 3 share a space;
    /// the first even switches formats between envelopes, through 2 and 3 and back to 1. Every replica
    /// converges, and resolves the same pasts.
    @Test func writersOfFormatsOneTwoAndThreeConverge() throws {
        let folder = try TemporaryFolder()
        var pinned = testConfiguration()
        pinned.envelopeFormat = EnvelopeHeader.vectorFormat
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let space = try a.createSpace(name: "s")
        let b = try Node.create(at: folder.node("b"), configuration: pinned)
        try admit(b, to: space, by: a)
        let lateMember = try LateMember("late", in: folder, space: space, admin: a)
        try b.ingest(a.envelopes(in: space, since: VersionVector()))
        var random = SeededRandom(seed: 7)
        var writers = [a, b]
        for round in 0..<60 {
            if let format = [20: EnvelopeHeader.headsFormat, 35: EnvelopeHeader.compactFormat, 50: 1][round] {
                // b reopens in another format.
                var configuration = testConfiguration()
                configuration.envelopeFormat = format
                writers[1] = try Node.open(at: folder.node("b"), configuration: configuration)
            }
            let writer = writers[random.below(2)]
            try writer.transact(in: space, document: .main) { tx in try tx.set("k\(round % 7)", .string("\(round)")) }
            let other = writers[writer.actor == a.actor ? 1 : 0]
            if random.chance(50) { try other.ingest(writer.envelopes(in: space, since: other.version(of: space))) }
        }
        for (from, to) in [(writers[0], writers[1]), (writers[1], writers[0])] {
            try to.ingest(from.envelopes(in: space, since: to.version(of: space)))
        }
        let late = try lateMember.feed(from: a, space: space, random: &random)
        let headers = try a.envelopes(in: space, since: VersionVector()).map { try Envelope(decoding: $0).header }
        let bFormats = Set(headers.filter { $0.author == b.actor && $0.kind == .content }.map(\.format))
        #expect(bFormats == [EnvelopeHeader.vectorFormat, EnvelopeHeader.headsFormat, EnvelopeHeader.compactFormat])
        let reference = try a.document(.main, in: space).snapshot()
        #expect(try writers[1].document(.main, in: space).snapshot() == reference)
        #expect(try late.document(.main, in: space).snapshot() == reference)
        for header in headers where header.kind == .content {
            let past = try a.causalPast(of: header.author, seq: header.seq, in: space)
            #expect(try late.causalPast(of: header.author, seq: header.seq, in: space) == past)
            if header.format == EnvelopeHeader.vectorFormat { #expect(past == header.deps) }
        }
    }

    /// The heads are the frontier: after a chain (b saw a's edit, c saw b's), the next writer names only
    /// c's envelope; after concurrent edits it names each; and an edit after its own names none — so the
    /// steady-state envelope is the same size in a space of 3 authors and of 12.
    @Test func headsAreTheFrontierAndTheSteadyEnvelopeDoesNotGrowWithTheSpace() throws {
        var steadySizes: [Int] = []
        for authors in [3, 12] {
            let folder = try TemporaryFolder()
            let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
            let space = try admin.createSpace(name: "county")
            var members: [Node] = []
            for index in 0..<(authors - 1) {
                let member = try Node.create(at: folder.node("m\(index)"), configuration: testConfiguration())
                try admit(member, to: space, by: admin)
                members.append(member)
            }
            let log = try admin.envelopes(in: space, since: VersionVector())
            var previous: Node?
            for member in members {
                try member.ingest(log)
                // A chain: each member has seen the one before it.
                if let previous { try member.ingest(previous.envelopes(in: space, since: member.version(of: space))) }
                try member.transact(in: space, document: .main) { tx in try tx.set("by", .string("\(member.nodeID)")) }
                previous = member
            }
            try admin.ingest(try members.last!.envelopes(in: space, since: admin.version(of: space)))
            let before = try admin.version(of: space)
            try admin.transact(in: space, document: .main) { tx in try tx.set("audit", .string("merged")) }
            let merged = try Envelope(decoding: try admin.envelopes(in: space, since: before)[0]).header
            #expect(merged.heads == VersionVector([members.last!.actor: before[members.last!.actor]]))
            let steadyBefore = try admin.version(of: space)
            try admin.transact(in: space, document: .main) { tx in try tx.set("audit", .string("steady")) }
            let steady = try admin.envelopes(in: space, since: steadyBefore)[0]
            #expect(try Envelope(decoding: steady).header.heads.isEmpty)
            steadySizes.append(steady.count)
        }
        #expect(steadySizes[0] == steadySizes[1], "\(steadySizes)")
        #expect(steadySizes[0] < 600)
    }
}
