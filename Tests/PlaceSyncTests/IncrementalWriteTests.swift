import Foundation
import PlaceCRDT
import PlaceStore
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import Testing

/// Writes persist what changed: a change is appended to the document's tail, and the tail is folded
/// into a new snapshot every so often. Whatever the tail holds, a replica opened afresh must load the
/// document exactly as the writer holds it.
@Suite struct IncrementalWriteTests {
    /// A node with a space and a note of `paragraphs` lines of about 1 KB, written in one transaction.
    static func longNote(at path: String, paragraphs: Int) throws -> (Node, SpaceID, ContainerID, String) {
        let node = try Node.create(at: path, configuration: testConfiguration())
        let space = try node.createSpace(name: "County QI community")
        var text = ContainerID.root
        let line = (0..<150).map { "word\($0 % 17)" }.joined(separator: " ")
        let content = (0..<paragraphs).map { "\($0) \(line)" }.joined(separator: "\n")
        try node.transact(in: space, document: .main) { tx in
            try tx.set("title", .string("Falls audit"))
            text = try tx.makeContainer(.text, at: "body")
            try tx.insertText(content, at: 0, in: text)
        }
        return (node, space, text, content)
    }

    @Test func aReopenedReplicaLoadsALongNoteExactlyAsTheWriterHeldItWhateverItsTail() throws {
        let folder = try TemporaryFolder()
        var random = SeededRandom(seed: 24)
        var (node, space, text, content) = try Self.longNote(at: folder.node("n"), paragraphs: 40)
        var written = 0
        var tailsSeen = Set<Int>()
        for target in [1, 2, 63, 64, 65, 66, 140] {
            while written < target {
                let at = random.below(content.count)
                try node.transact(in: space, document: .main) { tx in try tx.insertText("é", at: at, in: text) }
                content.insert("é", at: content.index(content.startIndex, offsetBy: at))
                written += 1
            }
            let storage = try #require(try node.storage(of: .main, in: space))
            #expect(storage.tailChanges <= DocumentStorage.maxTailChanges)
            tailsSeen.insert(storage.tailChanges)
            let expected = try node.document(.main, in: space).snapshot()
            node = try Node.open(at: folder.node("n"), configuration: testConfiguration())
            let loaded = try node.document(.main, in: space)
            #expect(loaded.snapshot() == expected, "after \(written) writes (tail \(storage.tailChanges))")
            #expect(loaded.text(of: text) == content)
        }
        // The tail grew, and was folded into a snapshot on the way (so both paths were exercised).
        #expect(tailsSeen.contains(0) && tailsSeen.contains(DocumentStorage.maxTailChanges))
        #expect(try node.search("word16 falls").map(\.document) == [.main])
        #expect(try node.integrityCheck() == "ok")
    }

    @Test func remoteChangesAppendToTheReceiversTailAndItsReloadMatchesTheSender() throws {
        let folder = try TemporaryFolder()
        let (writer, space, text, _) = try Self.longNote(at: folder.node("w"), paragraphs: 30)
        let reader = try Node.create(at: folder.node("r"), configuration: testConfiguration())
        try admit(reader, to: space, by: writer)
        _ = try reader.ingest(try writer.envelopes(in: space, since: VersionVector()))
        var random = SeededRandom(seed: 5)
        for round in 0..<40 {
            let before = try reader.version(of: space)
            try writer.transact(in: space, document: .main) { tx in
                try tx.insertText(" zebra\(round) ", at: random.below(3_000), in: text)
            }
            // One change per batch: each is appended to the reader's tail.
            let report = try reader.ingest(try writer.envelopes(in: space, since: before))
            #expect(report.applied.count == 1)
        }
        let storage = try #require(try reader.storage(of: .main, in: space))
        #expect(storage.tailChanges == 40)
        #expect(try reader.search("zebra39").map(\.document) == [.main])
        #expect(try reader.search("zebra39 falls").map(\.document) == [.main])
        let expected = try writer.document(.main, in: space).snapshot()
        let reopened = try Node.open(at: folder.node("r"), configuration: testConfiguration())
        #expect(try reopened.document(.main, in: space).snapshot() == expected)
    }

    @Test func aLargeBatchIsSavedAsOneSnapshot() throws {
        let folder = try TemporaryFolder()
        let (writer, space, text, _) = try Self.longNote(at: folder.node("w"), paragraphs: 5)
        let reader = try Node.create(at: folder.node("r"), configuration: testConfiguration())
        try admit(reader, to: space, by: writer)
        for round in 0..<(DocumentStorage.maxTailChanges + 5) {
            try writer.transact(in: space, document: .main) { tx in try tx.insertText("\(round)", at: 0, in: text) }
        }
        _ = try reader.ingest(try writer.envelopes(in: space, since: VersionVector()))
        #expect(try reader.storage(of: .main, in: space)?.tailChanges == 0)
        let reopened = try Node.open(at: folder.node("r"), configuration: testConfiguration())
        #expect(try reopened.document(.main, in: space).snapshot() == writer.document(.main, in: space).snapshot())
    }

    /// A tail change that does not decode (a damaged disk) is a clear storage error naming the document;
    /// nothing else breaks and a write to that document changes nothing.
    @Test func aDamagedTailIsAClearStorageErrorAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        let space: SpaceID
        let text: ContainerID
        do {
            let (node, created, container, _) = try Self.longNote(at: folder.node("n"), paragraphs: 10)
            (space, text) = (created, container)
            try node.transact(in: space, document: .main) { tx in try tx.insertText("x", at: 0, in: container) }
            #expect(try node.storage(of: .main, in: space)?.tailChanges == 1)
        }
        do {
            let store = try ReplicaStore.open(path: folder.node("n") + "/replica.sqlite")
            let author = try #require(ActorID(bytes: [UInt8](repeating: 9, count: 32)))
            try store.write { tx in
                try tx.saveDocument(
                    space: space, id: .main, appending: [TailChange(author: author, seq: 2, body: [0xFF, 0, 1])],
                    summary: DocumentSummary(
                        type: nil, title: "Falls audit", body: "", updatedAt: 1, updatedBy: author, updatedLamport: 1))
            }
        }
        let node = try Node.open(at: folder.node("n"), configuration: testConfiguration())
        let version = try node.version(of: space)
        #expect {
            _ = try node.document(.main, in: space)
        } throws: { error in
            (error as? SyncError)?.code == .storage && "\(error)".contains("changes since")
        }
        #expect {
            try node.transact(in: space, document: .main) { tx in try tx.insertText("y", at: 0, in: text) }
        } throws: { ($0 as? SyncError)?.code == .storage }
        #expect(try node.version(of: space) == version)
        #expect(try node.spaces().count == 1)
    }
}
