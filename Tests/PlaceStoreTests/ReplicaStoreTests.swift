import Foundation
import PlaceCRDT
import PlaceStore
import Testing

/// A fresh folder under the system temporary directory, removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("placestore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let space = SpaceID(bytes: Array(0..<16))!
let author = ActorID(bytes: [UInt8](repeating: 7, count: 32))!

func envelope(seq: UInt64, applied: Bool = true) -> StoredEnvelope {
    StoredEnvelope(
        space: space, author: author, seq: seq, kind: 1, epoch: 1, id: [UInt8](repeating: UInt8(seq), count: 32),
        bytes: [1, 2, 3, UInt8(seq)], document: .main, lamportEnd: seq * 10, applied: applied)
}

@Suite struct ReplicaStoreTests {
    @Test(arguments: [true, false])
    func envelopesVersionsAndPendingRoundTrip(onDisk: Bool) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store =
            onDisk
            ? try ReplicaStore.open(path: folder.appendingPathComponent("r.sqlite").path) : try ReplicaStore.inMemory()
        try store.write { tx throws in
            try tx.insertSpace(StoredSpace(id: space, name: "Forest of Dean", createdAt: 1, maxLamport: 0))
            for seq: UInt64 in 1...3 { try tx.insertEnvelope(envelope(seq: seq)) }
            try tx.insertEnvelope(envelope(seq: 4, applied: false))
            try tx.insertPending(
                space: space, author: author, seq: 6, kind: 1, id: [6], bytes: [6],
                waitsFor: .envelope(author: author, seq: 5), source: "test")
        }
        try store.read { tx throws in
            #expect(try tx.version(space: space)[author] == 3)
            #expect(try tx.lastSeq(space: space, author: author) == 4)
            #expect(try tx.lamportEnd(space: space, author: author, seq: 2) == 20)
            #expect(try tx.lamportEnd(space: space, author: author, seq: 4) == nil)
            #expect(try tx.envelopes(space: space, since: VersionVector([author: 1])).map(\.seq) == [2, 3])
            #expect(try tx.envelopes(space: space, since: VersionVector(), includeEvidence: true).count == 4)
            #expect(try tx.pending(space: space, author: author, seq: 6)?.bytes == [6])
            #expect(try tx.pendingCount() == 1)
            #expect(try tx.envelope(space: space, author: author, seq: 2) == envelope(seq: 2))
        }
    }

    @Test(arguments: [SQLiteStoreConfiguration.Durability.full, .normal])
    func theConfiguredDurabilityIsWhatTheWriterUses(durability: SQLiteStoreConfiguration.Durability) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SQLiteStoreConfiguration()
        configuration.durability = durability
        let store = try ReplicaStore.open(
            path: folder.appendingPathComponent("r.sqlite").path, configuration: configuration)
        #expect(try store.synchronousLevel() == (durability == .full ? 2 : 1))
    }

    @Test func aCutOffOnlyEverGoesDown() throws {
        let store = try ReplicaStore.inMemory()
        try store.write { tx throws in
            try tx.setCutoff(space: space, author: author, maxSeq: 9, reason: "equivocation")
            try tx.setCutoff(space: space, author: author, maxSeq: 12, reason: "removal")
            #expect(try tx.cutoffs(space: space)[author] == 9)
            try tx.setCutoff(space: space, author: author, maxSeq: 4, reason: "removal")
            #expect(try tx.cutoffs(space: space)[author] == 4)
        }
    }

    @Test func fullTextSearchFindsPrefixesAndTreatsQuerySyntaxAsText() throws {
        let store = try ReplicaStore.inMemory()
        try store.write { tx throws in
            try tx.saveDocument(
                space: space, id: .main, snapshot: [0],
                summary: DocumentSummary(
                    type: "note", title: "Falls audit", body: "Baseline: 42 falls in over-75s", updatedAt: 5,
                    updatedBy: author, updatedLamport: 1))
            try tx.saveDocument(
                space: space, id: DocumentID(bytes: [UInt8](repeating: 1, count: 16))!, snapshot: [0],
                summary: DocumentSummary(
                    type: "note", title: "Cancer screening", body: "Uptake is low", updatedAt: 6, updatedBy: author,
                    updatedLamport: 1))
        }
        try store.read { tx throws in
            #expect(try tx.search("audi").map(\.document) == [.main])
            #expect(try tx.search("BASELINE falls").map(\.document) == [.main])
            #expect(try tx.search("screening\" *( NEAR").isEmpty)  // every word must match
            #expect(try tx.search("screening\" *(").count == 1)  // syntax characters are only separators
            #expect(try tx.search("\"").isEmpty)
            #expect(try tx.search("nothing-here").isEmpty)
            #expect(try tx.documents(space: space).map(\.summary.title) == ["Cancer screening", "Falls audit"])
        }
        // Saving again replaces the indexed text and bumps the revision.
        try store.write { tx throws in
            let revision = try tx.saveDocument(
                space: space, id: .main, snapshot: [1],
                summary: DocumentSummary(
                    type: "note", title: "Falls audit", body: "Cycle 2", updatedAt: 7, updatedBy: author,
                    updatedLamport: 1))
            #expect(revision == 2)
        }
        try store.read { tx throws in
            #expect(try tx.search("baseline").isEmpty)
            #expect(try tx.search("cycle").map(\.document) == [.main])
        }
    }

    @Test func aSchemaFromANewerVersionIsRefusedAndLeftUntouched() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.sqlite").path
        do {
            let store = try ReplicaStore.open(path: path)
            try store.write { tx in try tx.setMeta("x", [1]) }
            try store.write { tx in try tx.markMigrationForTesting("v99-from-the-future") }
            try store.checkpoint()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try ReplicaStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .newerSchema
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aDamagedFileIsRefusedWithAClearError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.sqlite").path
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try ReplicaStore.open(path: path)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .corrupt || error.code == .io
        }
    }
}
