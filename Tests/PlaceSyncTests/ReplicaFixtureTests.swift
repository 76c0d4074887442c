import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// Replicas written by earlier versions, kept byte for byte in `Fixtures/`, open with this version: the
/// schema migrates, what they held reads back the same, and the node writes and syncs on.
@Suite struct ReplicaFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Copies a fixture folder to a fresh place (the committed bytes are never touched).
    static func copy(_ name: String, to folder: TemporaryFolder) throws -> String {
        let destination = folder.node(name)
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent(name).path, toPath: destination)
        for file in try FileManager.default.contentsOfDirectory(atPath: destination) {
            let path = destination + "/" + file
            if file == "README.md" {
                try FileManager.default.removeItem(atPath: path)
            } else {
                // Git keeps no file modes beyond the executable bit: a clone has them 0644, and a node
                // refuses a key file others can read.
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            }
        }
        return destination
    }

    @Test func aReplicaAtSchemaV3OpensMigratesAndWritesOn() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.copy("replica-v3-pending-waits", to: folder)
        let node = try Node.open(at: directory)
        #expect(try node.integrityCheck() == "ok")
        let space = try #require(try node.spaces().first)
        #expect(space.name == "Tewkesbury locality")
        #expect("\(space.id)" == "f2a0fc71561e2a3f6a8480ce24e70dbb")
        let members = try node.members(in: space.id).map { "\($0.node) \($0.role)" }.sorted()
        #expect(
            members == [
                "dultvcwclhs6yxdpa7rbzwyj4xe4cm2p2arhakj635cqft5czmykjzzj24 reader",
                "xryogpq3kklflzjuvr6aeu4tqgfbqnbv2ourcagdzth3ax6zdx5sic3fca admin",
            ])
        let documents = try node.documents(in: space.id)
        #expect(Set(documents.compactMap(\.title)) == ["Falls audit", "Locality QI board"])
        let audit = try #require(documents.first { $0.title == "Falls audit" })
        #expect(try node.document(audit.id, in: space.id).value(forKey: "baseline") == .scalar(.int(42)))
        #expect(try node.search("falls").map(\.document) == [audit.id])
        // It writes on.
        try node.transact(in: space.id, document: audit.id) { tx in try tx.set("baseline", .int(40)) }
        #expect(try node.document(audit.id, in: space.id).value(forKey: "baseline") == .scalar(.int(40)))
        #expect(try node.status(of: space.id).canWrite)
        // And a fresh member takes in its whole log.
        let reader = try Node.create(at: folder.node("reader"))
        try node.addMember(reader.nodeID, role: .reader, in: space.id)
        try reader.joinSpace(space.id, name: "Tewkesbury")
        let report = try reader.ingest(node.envelopes(in: space.id, since: VersionVector()), in: space.id)
        #expect(report.rejected.isEmpty && report.pending.isEmpty)
        #expect(try reader.document(audit.id, in: space.id) == node.document(audit.id, in: space.id))
    }
}
