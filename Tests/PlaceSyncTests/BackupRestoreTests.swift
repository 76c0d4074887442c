import Foundation
import PlaceCRDT
import PlaceStore
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// RELIABILITY.md D8: a backup taken while the node writes restores to a consistent replica that
/// converges with its peers without duplicates, and a backup alone reveals no content.
@Suite struct BackupRestoreTests {
    static let marker = "hydration-round-marker"

    @Test func aBackupTakenDuringAThousandWritesRestoresAndConvergesWithoutDuplicates() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let b = try Node.create(at: folder.node("b"), configuration: testConfiguration())
        let space = try a.createSpace(name: "Forest of Dean locality")
        try admit(b, to: space, by: a, role: .admin)
        try b.ingest(a.envelopes(in: space, since: VersionVector()))
        try a.transact(in: space, document: documentID(99)) { tx in
            try tx.set("title", .string("Hydration round"))
            let body = try tx.makeContainer(.text, at: "body")
            try tx.insertText("Agreed: a \(Self.marker) on every ward.", at: 0, in: body)
        }
        #expect(try a.search("hydration").count == 1)
        let writes = 1_200
        let done = DispatchSemaphore(value: 0)
        let failure = LockedError()
        Thread {
            do {
                for index in 0..<writes {
                    try a.transact(in: space, document: documentID(UInt8(index % 20))) { tx in
                        try tx.set("n\(index)", .string("\(Self.marker) \(index)"))
                    }
                }
            } catch { failure.set(error) }
            done.signal()
        }.start()
        // The backup is taken in the middle of the writes.
        while try a.version(of: space)[a.actor] < 300 { Thread.sleep(forTimeInterval: 0.002) }
        let path = folder.node("a.backup")
        let summary = try a.backup(to: path)
        done.wait()
        #expect(failure.error == nil)
        #expect(summary.envelopes >= 300 && summary.envelopes < writes, "taken mid-way: \(summary)")
        #expect(summary.bytes > 0)

        // The backup holds no plaintext: no document rows, and the text written is nowhere in the file.
        let contents = try ReplicaStore.verifyBackup(at: path)
        #expect(contents.integrity == "ok")
        #expect(contents.documents == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data(Self.marker.utf8)) == nil)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
        #expect(throws: SyncError.self) { try a.backup(to: path) }

        // Restored with the key file: a consistent replica, a new author, the documents rebuilt.
        let restored = try Node.restore(
            backup: path, keyFile: folder.node("a") + "/node.key", into: folder.node("restored"),
            configuration: testConfiguration())
        #expect(restored.startupNotice != nil)
        #expect(restored.nodeID != a.nodeID)
        #expect(try restored.integrityCheck() == "ok")
        let atBackup = try restored.version(of: space)
        #expect((300..<UInt64(writes)).contains(atBackup[a.actor]), "restored as at the backup: \(atBackup)")
        for number in 0..<20 {
            let id = documentID(UInt8(number))
            let document = try restored.document(id, in: space)
            let written = (0..<writes).filter { $0 % 20 == number && UInt64($0) < (atBackup[a.actor]) - 1 }
            for index in written.prefix(3) {
                #expect(document.value(forKey: "n\(index)") == .scalar(.string("\(Self.marker) \(index)")))
            }
        }
        // The full-text index is rebuilt too.
        #expect(try restored.search("hydration").map(\.document) == [documentID(99)])

        // Converging: the restored node learns what was written after the backup; once an admin admits
        // its new author it writes, and the others take that in. Nothing is stored twice.
        try restored.ingest(a.envelopes(in: space, since: restored.version(of: space)))
        try b.ingest(a.envelopes(in: space, since: b.version(of: space)))
        try b.addMember(restored.nodeID, role: .writer, in: space)
        try restored.ingest(b.envelopes(in: space, since: restored.version(of: space)))
        try restored.transact(in: space, document: documentID(0)) { tx in try tx.set("after", .string("restore")) }
        let report = try a.ingest(restored.envelopes(in: space, since: a.version(of: space)))
        #expect(report.rejected.isEmpty && report.equivocations.isEmpty)
        try a.ingest(b.envelopes(in: space, since: a.version(of: space)))
        try b.ingest(restored.envelopes(in: space, since: b.version(of: space)))
        let version = try a.version(of: space)
        #expect(try restored.version(of: space) == version)
        #expect(try b.version(of: space) == version)
        for node in [a, b, restored] {
            let log = try node.auditLog(in: space)
            #expect(log.count == Set(log.map(\.bytes)).count, "no envelope twice")
            #expect(log.count == (try a.auditLog(in: space)).count)
        }
        for number in 0..<20 {
            let id = documentID(UInt8(number))
            #expect(try restored.document(id, in: space).json == a.document(id, in: space).json)
        }
        #expect(try a.document(documentID(0), in: space).value(forKey: "after") == .scalar(.string("restore")))
    }

    @Test func aRestoreRefusesAFolderInUseADamagedBackupAMissingKeyAndAnotherNodesKey() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        _ = try a.createSpace(name: "s")
        let path = folder.node("a.backup")
        try a.backup(to: path)
        let key = folder.node("a") + "/node.key"
        #expect { try Node.restore(backup: path, keyFile: key, into: folder.node("a")) } throws: {
            ($0 as? SyncError)?.code == .alreadyExists
        }
        #expect { try Node.restore(backup: path, keyFile: folder.node("nokey"), into: folder.node("r1")) } throws: {
            ($0 as? SyncError)?.code == .notFound
        }
        let other = try Node.create(at: folder.node("other"), configuration: testConfiguration())
        #expect {
            try Node.restore(backup: path, keyFile: other.directory + "/node.key", into: folder.node("r3"))
        } throws: { ($0 as? SyncError)?.code == .invalidInput && "\($0)".contains("that node's node.key") }
        #expect(!FileManager.default.fileExists(atPath: folder.node("r3") + "/replica.sqlite"))
        let damaged = folder.node("damaged.backup")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.replaceSubrange(0..<16, with: Data(repeating: 0, count: 16))
        try bytes.write(to: URL(fileURLWithPath: damaged))
        #expect { try Node.restore(backup: damaged, keyFile: key, into: folder.node("r2")) } throws: {
            ($0 as? SyncError)?.code == .invalidInput
        }
        #expect(!FileManager.default.fileExists(atPath: folder.node("r2") + "/node.key"))

        // A backup from a newer PlaceSync (a schema step this build does not know): refused, and the
        // folder is left as it was.
        let newer = folder.node("newer.backup")
        try FileManager.default.copyItem(atPath: path, toPath: newer)
        do {
            let store = try ReplicaStore.open(path: newer)
            try store.write { tx in try tx.markMigrationForTesting("v99-from-the-future") }
            try store.checkpoint()
        }
        #expect { try Node.restore(backup: newer, keyFile: key, into: folder.node("r4")) } throws: {
            "\($0)".contains("newer PlaceSync")
        }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.node("r4")))?.isEmpty ?? true)
    }
}

/// An error a thread hands back.
final class LockedError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}
