import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// Runs name actors by their index in the sequence's actor table; the table must give every actor one
/// stable index, whether it answers by scanning (up to 8 actors) or from its dictionary (beyond).
@Suite struct SequenceActorsTests {
    @Test func everyActorKeepsTheIndexItWasFirstGivenPastTheScanningLimit() {
        var random = SeededRandom(seed: 5)
        let actors = (0..<20).map { _ in ActorID.test(random.next()) }
        var table = SequenceActors()
        var given: [UInt32] = []
        for actor in actors {
            #expect(table.index(of: actor) == nil)
            given.append(table.intern(actor))
        }
        #expect(given == (0..<20).map { UInt32($0) })
        for _ in 0..<500 {
            let pick = random.below(actors.count)
            #expect(table.intern(actors[pick]) == given[pick])
            #expect(table.index(of: actors[pick]) == given[pick])
            #expect(table[given[pick]] == actors[pick])
            let id = OpID(counter: random.next() % 1_000 + 1, actor: actors[pick])
            #expect(table.compact(id).map { table.opID($0) } == id)
        }
        #expect(table.compact(OpID(counter: 1, actor: .test(random.next()))) == nil)
    }

    /// Twelve authors type into one text (more than the table scans); every replica agrees, and the
    /// snapshot, which writes full actor ids, loads to the same document.
    @Test func aTextWithMoreAuthorsThanTheScanLimitConvergesAndRoundTrips() throws {
        var first = ChangeLog()
        var text = ContainerID.root
        try first.transact(document: .main, actor: .test(100)) { tx in text = try tx.makeContainer(.text, at: "t") }
        var logs = [ChangeLog](repeating: first, count: 12)
        for (number, _) in logs.enumerated() {
            try logs[number].transact(document: .main, actor: .test(UInt64(number + 1))) { tx in
                try tx.insertText("<\(number)>", at: 0, in: text)
            }
        }
        var merged = first
        for log in logs { try deliver(log.changes(since: merged.version), to: &merged) }
        var reversed = first
        for log in logs.reversed() { try deliver(log.changes(since: reversed.version), to: &reversed) }
        let document = merged.document(.main)
        document._checkInvariants()
        #expect(document.count(of: text) == (0..<12).reduce(0) { $0 + "<\($1)>".count })
        #expect(document.text(of: text) == reversed.document(.main).text(of: text))
        let loaded = try Document(snapshot: document.snapshot())
        loaded._checkInvariants()
        #expect(loaded == document)
        #expect(loaded.text(of: text) == document.text(of: text))
    }

    /// One change that deletes text typed by twelve other authors names more actors than a change's
    /// actor table searches: it encodes, decodes to the same change, and deletes the same text on a
    /// replica that receives it.
    @Test func aChangeNamingMoreActorsThanTheScanLimitEncodesAndApplies() throws {
        var first = ChangeLog()
        var text = ContainerID.root
        try first.transact(document: .main, actor: .test(100)) { tx in text = try tx.makeContainer(.text, at: "t") }
        var merged = first
        for number in 0..<12 {
            var author = first
            try author.transact(document: .main, actor: .test(UInt64(number + 1))) { tx in
                try tx.insertText("<\(number)>", at: 0, in: text)
            }
            try deliver(author.changes(since: merged.version), to: &merged)
        }
        var receiver = merged
        let total = try #require(merged.document(.main).count(of: text))
        // Keeps the first and last characters, so the delete names every author but one end's.
        let deleting = try #require(
            try merged.transact(document: .main, actor: .test(200)) { tx in
                try tx.delete(at: 1, count: total - 2, in: text)
            })
        let decoded = try Change(encoded: deleting.encoded())
        #expect(decoded == deleting)
        try deliver([decoded], to: &receiver)
        #expect(receiver.document(.main).count(of: text) == 2)
        #expect(receiver.document(.main) == merged.document(.main))
    }
}
