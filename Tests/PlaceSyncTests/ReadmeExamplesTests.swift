// swift-format-ignore-file
// (The examples below are the README's text, character for character.)
import Foundation
import PlaceSync
import Testing
import PlaceSyncTestHelpers

/// The README's Swift examples, verbatim (their `import` lines aside), each in a function that gives it
/// the names it uses — compiled with `import PlaceSync` alone. `readmeExamplesAreTheseVerbatim` fails
/// when the README and this file drift apart.
enum ReadmeExamples {
    static func changeLog(me: ActorID) throws {
        var log = ChangeLog()                                  // one per space, or per standalone document
        let change = try log.transact(document: .main, actor: me) { tx in
            try tx.set("title", .string("Falls prevention: PDSA 1"))
            let body = try tx.makeContainer(.text, at: "body")
            try tx.insertText("Aim: fewer falls in over-75s.", at: 0, in: body)
        }
        // Send `change.encoded()` to peers; they call `receive`, in any order, duplicates allowed:
        var peer = ChangeLog()
        let outcome = try peer.receive(Change(encoded: change!.encoded()))
        print(peer.document(.main).json.jsonText)                 // {"body":"Aim: …","title":"Falls …"}
        print(outcome.patches)                                     // what became visible, for a UI
        let missing = log.changes(since: peer.version)             // what the peer still lacks
        _ = (outcome, missing)
    }

    static func envelope(header: EnvelopeHeader, change: Change) throws {
        let node = try NodeKeyPair.generate()
        try KeyFile.write(node, to: "node.key", passphrase: try SecureBytes(copying: Array("a long passphrase".utf8)))
        print(node.nodeID)                                          // 58-character base32 id with a checksum

        let epoch = try EpochKey.generate(epoch: 1)                 // per space; sealed to members with KeyWrap
        let envelope = try Envelope.sealContent(header: header, plaintext: change.encodedBody(),
                                                key: try epoch.contentKey(), author: node)
        try Envelope(decoding: envelope.encoded).verify()           // what a relay checks, with no content key
    }

    static func node(peer: Node, peerVersion: VersionVector) async throws {
        let node = try await Node.create(at: "/var/lib/placesync")  // later: Node.open(at:)
        let space = try await node.createSpace(name: "Forest of Dean locality")
        try await node.transact(in: space, document: .main) { tx in  // one envelope, one durable commit
            try tx.set("title", .string("Falls audit"))
            let body = try tx.makeContainer(.text, at: "body")
            try tx.insertText("Baseline: 42 falls", at: 0, in: body)
        }
        // To another member: the envelopes it lacks, byte for byte (any order, duplicates allowed there).
        let envelopes = try await node.envelopes(in: space, since: peerVersion)
        let report = try await peer.ingest(envelopes)                // verified, then applied or kept waiting
        let hits = try await node.search("falls audit")              // FTS5 over titles and text
        for await event in node.events { print(event) }              // changes, for a frontend
        _ = (report, hits)
    }

    static func sync(node: Node, logger: Logger) async throws {
        let watcher = ReplicaWatcher(node: node)                     // notices every new envelope, any process
        let listener = try await PeerListener.bind(host: "127.0.0.1", port: 7461, node: node, watcher: watcher)
        let hub = PeerDialer(node: node, host: "hub.example", port: 443, watcher: watcher)
        try await ServiceGroup(services: [watcher, listener, hub], logger: logger).run()   // swift-service-lifecycle
        // Or once: try await TCPSync.dial(host:port:node:leaveWhenSynced: true, …)
    }

    static func members(admin: Node, colleague: Node, hub: Node, formerManager: NodeID, space: SpaceID) throws {
        let invite = try admin.createInvite(to: space, role: .writer, validFor: 7 * 86_400)   // "psinv1-…"
        let answer = try colleague.redeemInvite(invite)        // on the colleague's node: "psred1-…"
        try admin.admitInvitee(answer, displayName: "Dr A. Patel, Hillside PCN")
        try colleague.ingest(admin.envelopes(in: space, since: colleague.version(of: space)))  // history + keys
        try admin.addMember(hub.nodeID, role: .relay, in: space)     // relays verify and forward, never read
        try admin.removeMember(formerManager, from: space)           // a NodeID; heads-locked; a new epoch key for the rest
        print(try admin.members(in: space), try admin.membership(of: space).epoch)
        let status = try colleague.status(of: space)                 // held, role, key received, canWrite
        if !status.canWrite { print(status.explanation) }             // e.g. "… has not received the content key …"
    }
}

@Suite struct ReadmeExamplesTests {
    /// Every Swift block of the README appears in this file, line for line (leading spaces and `import`
    /// lines aside).
    @Test func readmeExamplesAreTheseVerbatim() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let here = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        func lines(_ text: some StringProtocol) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0.drop { $0 == " " })
            }.filter { !$0.isEmpty && !$0.hasPrefix("import ") }
        }
        let compiled = lines(here).joined(separator: "\n")
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map {
            $0.components(separatedBy: "```").first ?? ""
        }
        #expect(blocks.count == 5)
        for block in blocks {
            #expect(compiled.contains(lines(block).joined(separator: "\n")), "not compiled: \(block.prefix(80))")
        }
    }

    /// The node example runs, too: a node writes and a peer takes in what it lacks.
    @Test func theNodeExampleRuns() async throws {
        let folder = try TemporaryFolder()
        let writer = try await Node.create(at: folder.node("writer"))
        let space = try await writer.createSpace(name: "Forest of Dean locality")
        let peer = try await Node.create(at: folder.node("peer"))
        try await writer.addMember(peer.nodeID, role: .reader, in: space)
        try await peer.joinSpace(space, name: "s")
        try await peer.ingest(writer.envelopes(in: space, since: VersionVector()))
        try await writer.transact(in: space, document: .main) { tx in try tx.set("title", .string("Falls audit")) }
        let envelopes = try await writer.envelopes(in: space, since: peer.version(of: space))
        let report = try await peer.ingest(envelopes)
        #expect(report.applied.count == 1)
        #expect(try await peer.search("falls audit").count == 1)
    }
}
