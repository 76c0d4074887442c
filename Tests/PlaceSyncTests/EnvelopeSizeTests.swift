import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// What a one-word edit costs on the wire (issue 24's target: ≤ 250 bytes whatever the size of the
/// space; `Benchmarks/results/envelopes.md` measures it at 3, 30 and 300 authors). The header names heads,
/// not the vector, and format 3 seals content compactly.
@Suite struct EnvelopeSizeTests {
    /// The one envelope `node` writes for `word` at `offset`.
    func edit(_ node: Node, _ space: SpaceID, _ text: ContainerID, _ word: String, at offset: Int = 0) throws
        -> [UInt8]
    {
        let before = try node.version(of: space)
        try node.transact(in: space, document: .main) { tx in try tx.insertText(word, at: offset, in: text) }
        let written = try node.envelopes(in: space, since: before)
        try #require(written.count == 1)
        return written[0]
    }

    /// Per format: the steady one-word edit, and a word typed inside another member's word.
    func sizes(format: UInt8) throws -> (steady: Int, inside: Int) {
        let folder = try TemporaryFolder()
        var configuration = testConfiguration()
        configuration.envelopeFormat = format
        let admin = try Node.create(at: folder.node("admin"), configuration: configuration)
        let space = try admin.createSpace(name: "County QI board")
        var text = ContainerID.root
        try admin.transact(in: space, document: .main) { tx in
            text = try tx.makeContainer(.text, at: "body")
            try tx.insertText("Falls audit\n", at: 0, in: text)
        }
        var members: [Node] = []
        for index in 0..<4 {
            let member = try Node.create(at: folder.node("member-\(index)"), configuration: configuration)
            try admit(member, to: space, by: admin)
            try member.ingest(admin.envelopes(in: space, since: VersionVector()))
            try member.transact(in: space, document: .main) { tx in try tx.insertText("word ", at: 0, in: text) }
            members.append(member)
        }
        for member in members { try admin.ingest(member.envelopes(in: space, since: admin.version(of: space))) }
        _ = try edit(admin, space, text, "audit ")  // names the members' edits as heads
        let steady = try edit(admin, space, text, "audit ")
        // "audit audit word …": typed inside a member's "word", the change names that member.
        let inside = try edit(admin, space, text, "(sic) ", at: 14)
        let decoded = try Envelope(decoding: inside)
        #expect(decoded.header.format == format && decoded.header.heads.isEmpty)
        return (steady.count, inside.count)
    }

    @Test func aOneWordEditIsAtMost250BytesInFormatThreeAndOver400InFormatTwo() throws {
        let three = try sizes(format: EnvelopeHeader.compactFormat)
        #expect(three.steady <= 250 && three.inside <= 250, "\(three)")
        #expect(three.inside > three.steady, "the actor the change names costs its id")
        let two = try sizes(format: EnvelopeHeader.headsFormat)
        #expect(two.steady > 400 && two.inside > 400, "format 2 pads content to 256 bytes: \(two)")
    }
}
