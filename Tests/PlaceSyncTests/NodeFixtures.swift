import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceTestSupport
import PlaceWire

/// A fresh folder under the system temporary directory; removed when the value is dropped.
final class TemporaryFolder: Sendable {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("placesync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func node(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Test configuration: a fixed clock, so query columns are exact.
func testConfiguration() -> NodeConfiguration {
    var configuration = NodeConfiguration()
    configuration.now = { 1_800_000_000 }
    return configuration
}

/// A node plus a space it created, and a second node that joined it.
struct TwoNodes {
    let folder: TemporaryFolder
    let a: Node
    let b: Node
    let space: SpaceID

    init() throws {
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
func admit(_ node: Node, to space: SpaceID, by admin: Node, role: MemberRole = .writer) throws {
    try admin.addMember(node.nodeID, role: role, in: space)
    try node.joinSpace(space, name: "space")
}

/// Writes `count` small notes-edits on `node`, each its own transaction; returns the text container.
@discardableResult
func writeNotes(_ node: Node, space: SpaceID, count: Int, document: DocumentID = .main, seed: UInt64 = 1) throws
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
func threeAdmins(in folder: TemporaryFolder) throws -> (space: SpaceID, admins: [Node]) {
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
func freshReplica(fedShuffled source: Node, space: SpaceID, in folder: TemporaryFolder, random: inout SeededRandom)
    throws -> Node
{
    let late = try Node.create(at: folder.node("late"), configuration: testConfiguration())
    try late.joinSpace(space, name: "s")
    var everything = try source.envelopes(in: space, since: VersionVector(), includeEvidence: true)
    everything.shuffle(using: &random)
    try late.ingest(everything)
    return late
}
