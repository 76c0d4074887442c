import Foundation
import PlaceCRDT
import PlaceTestSupport
import Testing

@testable import PlaceStore

private let vocabulary = [
    "audit", "falls", "baseline", "screening", "uptake", "practice", "cycle", "PDSA", "hba1c", "café", "naïve",
    "über", "日本語", "🙂", "\t", "—", "a", "the", "of",
]

/// Random text of about `length` scalars: words, spaces, line ends and the odd long run without spaces.
private func randomText(_ random: inout SeededRandom, length: Int) -> String {
    var text = ""
    while text.unicodeScalars.count < length {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<8: text += "\n"
        case 8: text += String(repeating: "x", count: Int.random(in: 1..<20_000, using: &random))
        case 9: text += String(repeating: "é", count: Int.random(in: 1..<10_000, using: &random))
        default: text += vocabulary[Int.random(in: 0..<vocabulary.count, using: &random)] + " "
        }
    }
    return text
}

private func summary(title: String?, body: String) -> DocumentSummary {
    DocumentSummary(type: "note", title: title, body: body, updatedAt: 1, updatedBy: author, updatedLamport: 1)
}

private func paragraphs(_ count: Int, seed: Int) -> String {
    (0..<count).map { paragraph in
        (0..<150).map { "\(vocabulary[($0 * 7 + paragraph + seed) % 12])\($0 % 10)" }.joined(separator: " ")
    }.joined(separator: "\n")
}

@Suite struct IncrementalIndexTests {
    @Test func piecesJoinBackToTheTextAndStayWithinTheirLimit() {
        var random = SeededRandom(seed: 24)
        for round in 0..<200 {
            let text = randomText(&random, length: round < 20 ? round : Int.random(in: 0..<60_000, using: &random))
            let pieces = TextChunks.split(text)
            #expect(pieces.joined() == text, "round \(round)")
            for piece in pieces {
                #expect(!piece.isEmpty)
                #expect(piece.utf8.count <= TextChunks.hardLimitBytes + TextChunks.maximumBytes)
            }
        }
    }

    @Test func anEditInsideALongTextChangesOnlyThePiecesAroundIt() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<50 {
            let text = paragraphs(150, seed: Int.random(in: 0..<100, using: &random))
            let before = TextChunks.split(text)
            let at = text.index(text.startIndex, offsetBy: Int.random(in: 0..<text.count, using: &random))
            var edited = text
            edited.insert("x", at: at)
            let after = TextChunks.split(edited)
            // What a save re-indexes: the pieces that are new.
            let changed = Set(after).subtracting(Set(before)).reduce(0) { $0 + $1.utf8.count }
            #expect(before.count > 20)
            #expect(
                changed <= 16_384,
                "one inserted character re-indexes \(changed) of \(edited.utf8.count) bytes")
        }
    }

    @Test func searchFindsWordsFromDifferentPiecesAndForgetsRemovedText() throws {
        let store = try ReplicaStore.inMemory()
        let long = "opening words about falls\n" + paragraphs(100, seed: 3) + "\nclosing remark on hypertension"
        try store.write { tx throws in
            try tx.saveDocument(space: space, id: .main, snapshot: [0], summary: summary(title: "Audit", body: long))
        }
        try store.read { tx throws in
            let pieces = try #require(try tx.indexedPieces(space: space, id: .main))
            #expect(pieces.count > 10)
            #expect(pieces.first == "Audit")
            // "falls" is in the first piece, "hypertension" in the last: both must match the document.
            #expect(try tx.search("falls hypertension").map(\.document) == [.main])
            #expect(try tx.search("audit hypertension").map(\.document) == [.main])
            #expect(try tx.search("hypertension").first?.excerpt.contains("[hypertension]") == true)
            #expect(try tx.search("falls nothingsuch").isEmpty)
        }
        try store.write { tx throws in
            try tx.saveDocument(
                space: space, id: .main, appending: [TailChange(author: author, seq: 2, body: [1])],
                summary: summary(title: "Audit", body: long.replacingOccurrences(of: "hypertension", with: "asthma")))
        }
        try store.read { tx throws in
            #expect(try tx.search("hypertension").isEmpty)
            #expect(try tx.search("asthma falls").map(\.document) == [.main])
        }
    }

    @Test func aSmallEditReindexesOnlyThePiecesItTouched() throws {
        let store = try ReplicaStore.inMemory()
        let text = paragraphs(150, seed: 1)
        var edited = text
        edited.insert(contentsOf: " zebra ", at: edited.index(edited.startIndex, offsetBy: text.count / 2))
        var before: [String] = []
        try store.write { tx throws in
            try tx.saveDocument(space: space, id: .main, snapshot: [0], summary: summary(title: "T", body: text))
            before = try #require(try tx.indexedPieces(space: space, id: .main))
            try tx.saveDocument(
                space: space, id: .main, appending: [TailChange(author: author, seq: 2, body: [1])],
                summary: summary(title: "T", body: edited))
        }
        try store.read { tx throws in
            let after = try #require(try tx.indexedPieces(space: space, id: .main))
            #expect(Set(after).subtracting(before).count <= 4)
            #expect(Set(before).subtracting(after).count <= 4)
            #expect(after.count > 30)
            // Every piece of the new text is indexed, and nothing else.
            #expect(after.dropFirst().sorted() == TextChunks.split(edited).map(String.init).sorted())
            #expect(try tx.search("zebra").map(\.document) == [.main])
        }
    }

    @Test func theTailGrowsWithAppendsAndAWholeSaveClearsIt() throws {
        let store = try ReplicaStore.inMemory()
        try store.write { tx throws in
            #expect(try tx.documentTail(space: space, id: .main) == nil)
            #expect(
                throws: StoreError.self,
                performing: {
                    try tx.saveDocument(
                        space: space, id: .main, appending: [TailChange(author: author, seq: 1, body: [1])],
                        summary: summary(title: nil, body: ""))
                })
            try tx.saveDocument(space: space, id: .main, snapshot: [9], summary: summary(title: nil, body: "a"))
            for seq in 2...4 {
                try tx.saveDocument(
                    space: space, id: .main,
                    appending: [TailChange(author: author, seq: UInt64(seq), body: [UInt8](repeating: 1, count: seq))],
                    summary: summary(title: nil, body: "a"))
            }
        }
        try store.read { tx throws in
            let tail = try #require(try tx.documentTail(space: space, id: .main))
            #expect(tail.changes == 3 && tail.bytes == 9)
            let stored = try #require(try tx.document(space: space, id: .main))
            #expect(stored.snapshot == [9] && stored.revision == 4)
            #expect(stored.tail.map(\.seq) == [2, 3, 4])
        }
        try store.write { tx throws in
            try tx.saveDocument(space: space, id: .main, snapshot: [8], summary: summary(title: nil, body: "a"))
            let tail = try #require(try tx.documentTail(space: space, id: .main))
            #expect(tail.changes == 0 && tail.bytes == 0)
            #expect(try tx.document(space: space, id: .main)?.tail.isEmpty == true)
        }
    }
}
