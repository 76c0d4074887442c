// Helpers every PlaceSync test target shares (unit and integration): temporary folders, test
// configurations, and nodes set up the way most tests start.
package import Foundation
package import PlaceCRDT
internal import PlaceCrypto
package import PlaceSync
package import PlaceTestSupport
package import PlaceWire

/// A fresh folder under the system temporary directory; removed when the value is dropped.
package final class TemporaryFolder: Sendable {
    package let url: URL
    package var path: String { url.path }

    package init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("placesync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    package func node(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        SecretsAudit.collect(from: url)
        try? FileManager.default.removeItem(at: url)
    }
}

/// Test configuration: a fixed clock, so query columns are exact.
package func testConfiguration() -> NodeConfiguration {
    var configuration = NodeConfiguration()
    configuration.now = { 1_800_000_000 }
    return configuration
}

/// A node plus a space it created, and a second node that joined it.
package struct TwoNodes {
    package let folder: TemporaryFolder
    package let a: Node
    package let b: Node
    package let space: SpaceID

    package init() throws {
        folder = try TemporaryFolder()
        a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        b = try Node.create(at: folder.node("b"), configuration: testConfiguration())
        space = try a.createSpace(name: "Forest of Dean locality")
        try admit(b, to: space, by: a)
        try b.ingest(a.envelopes(in: space, since: VersionVector()))
    }
}

/// `admin` adds `node` to `space` with `role`, and `node` starts holding the space. The node receives
/// its keys with the admin's envelopes (ingest them).
package func admit(_ node: Node, to space: SpaceID, by admin: Node, role: MemberRole = .writer) throws {
    try admin.addMember(node.nodeID, role: role, in: space)
    try node.joinSpace(space, name: "space")
}

/// Writes `count` small notes-edits on `node`, each its own transaction; returns the text container.
@discardableResult
package func writeNotes(_ node: Node, space: SpaceID, count: Int, document: DocumentID = .main, seed: UInt64 = 1) throws
    -> ContainerID
{
    var random = SeededRandom(seed: seed)
    var text = ContainerID.root
    try node.transact(in: space, document: document) { tx in
        if case .container(let id, .text) = tx.document.value(forKey: "body") {
            text = id
        } else {
            try tx.set("title", .string("Falls audit \(seed)"))
            try tx.set("type", .string("note"))
            text = try tx.makeContainer(.text, at: "body")
        }
    }
    for index in 0..<count {
        try node.transact(in: space, document: document) { tx in
            let length = tx.document.count(of: text) ?? 0
            if length > 4 && random.chance(25) {
                try tx.delete(at: random.below(length - 2), count: 2, in: text)
            } else {
                try tx.insertText("PDSA\(index) ", at: random.below(length + 1), in: text)
            }
        }
    }
    return text
}

/// A space created by node "a", with "b" and "c" admitted as admins: three admin replicas.
package func threeAdmins(in folder: TemporaryFolder) throws -> (space: SpaceID, admins: [Node]) {
    let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
    let space = try a.createSpace(name: "s")
    var admins = [a]
    for name in ["b", "c"] {
        let node = try Node.create(at: folder.node(name), configuration: testConfiguration())
        try admit(node, to: space, by: a, role: .admin)
        admins.append(node)
    }
    return (space, admins)
}

/// A new replica ("late") that joined `space` and received everything `source` holds, evidence
/// included, in one shuffled batch.
package func freshReplica(
    fedShuffled source: Node, space: SpaceID, in folder: TemporaryFolder, random: inout SeededRandom
)
    throws -> Node
{
    let late = try Node.create(at: folder.node("late"), configuration: testConfiguration())
    try late.joinSpace(space, name: "s")
    var everything = try source.envelopes(in: space, since: VersionVector(), includeEvidence: true)
    everything.shuffle(using: &random)
    try late.ingest(everything)
    return late
}

/// A document id for tests, from a small number.
package func documentID(_ number: UInt8) -> DocumentID {
    DocumentID(bytes: [UInt8](repeating: number, count: 16)) ?? .main
}
