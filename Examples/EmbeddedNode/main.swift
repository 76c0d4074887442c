// An integrator's tool with a PlaceSync node inside: it opens its node (creating it the first time),
// keeps a space of practice notes with a hub as relay, writes a note, reads it back, and syncs once with
// the hub — a `placesyncd` — over TCP. Everything through `import PlaceSync` and the async verbs.
//
// Usage: placesync-embedded DATA_DIR HUB_HOST:PORT HUB_NODE_ID
// (The hub takes the space on when its operator trusts this node: `placesyncd --trust-admin <this id>`.)
// Prints one JSON line: the node, the space, the note's title and the version the hub now has too.
import Foundation
import PlaceSync

/// A failure told plainly; the tool exits with status 1.
struct ExampleFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@main
struct EmbeddedNodeExample {
    static func main() async {
        do {
            try await run(CommandLine.arguments.dropFirst().map { $0 })
        } catch {
            FileHandle.standardError.write(Data("placesync-embedded: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ arguments: [String]) async throws {
        guard arguments.count == 3 else {
            throw ExampleFailure("usage: placesync-embedded DATA_DIR HUB_HOST:PORT HUB_NODE_ID")
        }
        let (folder, hubAddress) = (arguments[0], arguments[1])
        guard let colon = hubAddress.lastIndex(of: ":"), let port = Int(hubAddress[hubAddress.index(after: colon)...])
        else { throw ExampleFailure("the hub's address is host:port, not \(hubAddress)") }
        let host = String(hubAddress[..<colon])
        let hub = try NodeID(parsing: arguments[2])

        // 1. The node: one folder holds its key and its replica.
        let node: Node
        if FileManager.default.fileExists(atPath: folder + "/node.key") {
            node = try await Node.open(at: folder)
        } else {
            node = try await Node.create(at: folder)
        }

        // 2. A space for the practice's notes, relayed (never read) by the hub.
        let space: SpaceID
        if let existing = try await node.spaces().first(where: { $0.name == "Practice notes" }) {
            space = existing.id
        } else {
            space = try await node.createSpace(name: "Practice notes")
        }
        if try await !node.members(in: space).contains(where: { $0.node == hub }) {
            try await node.addMember(hub, role: .relay, in: space)
        }

        // 3. A note: one transaction is one signed, encrypted envelope and one durable commit.
        let note = DocumentID(bytes: Array("falls-audit-note".utf8))!
        try await node.transact(in: space, document: note) { tx in
            try tx.set("title", .string("Falls audit: week 1"))
            let body = try tx.makeContainer(.text, at: "body")
            try tx.insertText("Baseline: 42 falls in over-75s.", at: 0, in: body)
        }
        let document = try await node.document(note, in: space)
        guard case .scalar(.string(let title)) = document.value(forKey: "title") else {
            throw ExampleFailure("the note has no title after writing it")
        }

        // 4. Sync once with the hub, then stop.
        let outcome = try await TCPSync.dial(
            host: host, port: port, node: node, expectedPeer: hub, leaveWhenSynced: true,
            changes: node.storedEnvelopes, context: SyncContext())
        guard outcome.synced else {
            throw ExampleFailure(
                "the hub at \(hubAddress) did not sync: \(outcome.error.map { "\($0)" } ?? "no reason given")")
        }
        let summary: [String: String] = [
            "node": "\(node.nodeID)", "space": "\(space)", "title": title,
            "version": "\(try await node.version(of: space))",
        ]
        let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}
