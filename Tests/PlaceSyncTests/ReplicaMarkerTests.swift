import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// RELIABILITY.md D7: a replica restored from a backup, replaced, or copied from another node never
/// issues an (author, seq) that was already used.
@Suite struct ReplicaMarkerTests {
    struct Written: Hashable {
        var author: ActorID
        var seq: UInt64
    }

    /// Every (author, seq) → envelope bytes among `envelopes`; records a failure on a reuse.
    static func collect(_ envelopes: [[UInt8]], into seen: inout [Written: [UInt8]]) throws {
        for bytes in envelopes {
            let header = try Envelope(decoding: bytes).header
            let key = Written(author: header.author, seq: header.seq)
            if let earlier = seen[key] {
                #expect(earlier == bytes, "(\(header.author), \(header.seq)) was issued twice")
            }
            seen[key] = bytes
        }
    }

    static func copyDatabase(from folder: String, to backup: String) throws {
        let manager = FileManager.default
        try? manager.removeItem(atPath: backup)
        try manager.createDirectory(atPath: backup, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: folder + "/replica.sqlite" + suffix) {
            try manager.copyItem(
                atPath: folder + "/replica.sqlite" + suffix, toPath: backup + "/replica.sqlite" + suffix)
        }
    }

    static func restoreDatabase(from backup: String, to folder: String) throws {
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] {
            try? manager.removeItem(atPath: folder + "/replica.sqlite" + suffix)
            if manager.fileExists(atPath: backup + "/replica.sqlite" + suffix) {
                try manager.copyItem(
                    atPath: backup + "/replica.sqlite" + suffix, toPath: folder + "/replica.sqlite" + suffix)
            }
        }
    }

    @Test func reopeningNormallyKeepsTheAuthor() throws {
        let folder = try TemporaryFolder()
        let id = try Node.create(at: folder.node("n"), configuration: testConfiguration()).nodeID
        for _ in 0..<3 {
            let node = try Node.open(at: folder.node("n"), configuration: testConfiguration())
            #expect(node.startupNotice == nil)
            #expect(node.nodeID == id)
        }
    }

    @Test func aReplicaRestoredFromItsOwnEarlierFilesTakesANewAuthorAndNeverReusesASeq() throws {
        let folder = try TemporaryFolder()
        let path = folder.node("n")
        let backup = folder.node("backup")
        var seen: [Written: [UInt8]] = [:]
        let space: SpaceID
        let peer = try Node.create(at: folder.node("peer"), configuration: testConfiguration())
        let oldID: NodeID
        do {
            let node = try Node.create(at: path, configuration: testConfiguration())
            oldID = node.nodeID
            space = try node.createSpace(name: "s")
            try admit(peer, to: space, by: node, role: .admin)
            try writeNotes(node, space: space, count: 2)
        }
        try Self.copyDatabase(from: path, to: backup)
        do {
            let node = try Node.open(at: path, configuration: testConfiguration())
            try writeNotes(node, space: space, count: 3)
            let all = try node.envelopes(in: space, since: VersionVector())
            try Self.collect(all, into: &seen)
            try peer.ingest(all)
        }
        try Self.restoreDatabase(from: backup, to: path)
        let restored = try Node.open(at: path, configuration: testConfiguration())
        let notice = try #require(restored.startupNotice)
        #expect(notice.contains("older"))
        #expect(restored.nodeID != oldID)
        // The new author is not a member yet: it may not write until an admin admits it.
        #expect {
            try restored.transact(in: space, document: .main) { tx in try tx.set("x", .int(1)) }
        } throws: { ($0 as? SyncError)?.code == .notPermitted }
        try peer.addMember(restored.nodeID, role: .writer, in: space)
        let fromPeer = try restored.ingest(peer.envelopes(in: space, since: restored.version(of: space)))
        #expect(fromPeer.rejected.isEmpty)
        // The old key still reads what was sealed to it; new writes use the new author.
        try writeNotes(restored, space: space, count: 3)
        let after = try restored.envelopes(in: space, since: VersionVector())
        try Self.collect(after, into: &seen)
        #expect(try restored.version(of: space)[restored.actor] == 3)
        // A peer that saw everything before accepts all of it: no equivocation.
        let report = try peer.ingest(after)
        #expect(report.equivocations.isEmpty && report.rejected.isEmpty)
        #expect(try peer.cutoffs(in: space).isEmpty)
        // Reopening again is normal.
        #expect(try Node.open(at: path, configuration: testConfiguration()).startupNotice == nil)
    }

    @Test(arguments: ["deleted database", "deleted marker", "foreign database"])
    func aReplacedOrCopiedReplicaTakesANewAuthor(change: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.node("n")
        let id = try Node.create(at: path, configuration: testConfiguration()).nodeID
        let other = folder.node("other")
        _ = try Node.create(at: other, configuration: testConfiguration())
        switch change {
        case "deleted database":
            try Self.restoreDatabase(from: folder.node("nothing"), to: path)
        case "deleted marker":
            try FileManager.default.removeItem(atPath: path + "/replica.marker")
        default:
            try Self.restoreDatabase(from: other, to: path)
        }
        let node = try Node.open(at: path, configuration: testConfiguration())
        #expect(node.startupNotice != nil)
        #expect(node.nodeID != id)
        #expect(try Node.open(at: path, configuration: testConfiguration()).startupNotice == nil)
    }
}

extension ReplicaMarkerTests {
    /// A damaged marker counts as missing (a new author), never as a crash or a match.
    @Test func aDamagedMarkerMeansANewAuthor() throws {
        let folder = try TemporaryFolder()
        let path = folder.node("n")
        let id = try Node.create(at: path, configuration: testConfiguration()).nodeID
        let marker = path + "/replica.marker"
        var random = SeededRandom(seed: 5)
        var text = Array(try Data(contentsOf: URL(fileURLWithPath: marker)))
        text[random.below(text.count)] ^= 0x20
        try Data(text + [UInt8](repeating: 0x41, count: random.below(300))).write(to: URL(fileURLWithPath: marker))
        let node = try Node.open(at: path, configuration: testConfiguration())
        #expect(node.startupNotice != nil)
        #expect(node.nodeID != id)
    }
}
