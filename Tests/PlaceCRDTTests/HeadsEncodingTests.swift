import Foundation
import PlaceCRDT
import PlaceTestSupport
import Testing

/// Change encoding 3 (`Protocol/DOCUMENT-FORMAT.md` §3): a change names its heads, not its whole
/// dependencies, and a log resolves them — so a change's size does not grow with the actors in its past.
@Suite struct HeadsEncodingTests {
    /// The log that made `FormatVectorTests.history()`: alice's two changes and bob's concurrent one.
    static func historyLog() throws -> (log: ChangeLog, changes: [Change]) {
        let (changes, _) = try FormatVectorTests.history()
        var log = ChangeLog()
        _ = log.receive(changes)
        return (log, changes)
    }

    @Test func theCommittedVersionThreeVectorsMatchAndResolveToTheChanges() throws {
        let (log, changes) = try Self.historyLog()
        let files = try changes.enumerated().map {
            ("change-v3-\($0.offset + 1).hex", try #require(log.encodedWithHeads($0.element.id)))
        }
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            for (name, bytes) in files {
                try (FormatVectorTests.hex(bytes) + "\n").write(
                    to: FormatVectorTests.directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        for (name, bytes) in files {
            #expect(try FormatVectorTests.read(name) == bytes, "\(name) no longer matches the encoder")
        }
        // Bob's change follows alice's first: version 2 names it too (one entry); version 3 names it as
        // its one head. Alice's second names nothing in either.
        #expect(files[2].1.count == changes[2].encoded().count)
        #expect(files[1].1.count == changes[1].encoded().count)
        // Read back in reverse order by a fresh log: the changes, whole dependencies included.
        var fresh = ChangeLog()
        let outcome = try fresh.receive(encoded: files.reversed().map(\.1))
        #expect(outcome.applied.count == 3 && outcome.rejected.isEmpty)
        for change in changes { #expect(fresh.change(change.id) == change) }
        #expect(fresh.unresolvedCount == 0 && fresh.pendingCount == 0)
        // A lone change that names heads cannot be read without a log.
        #expect(throws: CRDTError.self) { try Change(encoded: files[2].1) }
    }

    /// 300 actors each type a word concurrently; one merges them all and types on. Its first change
    /// after the merge names the 300 as heads (that is what it follows); the next names none, where
    /// version 2 still carries all 300 dependencies.
    @Test func aChangeAfterAMergeOf300ActorsNamesNoneOfThemOnceItTypesOn() throws {
        var merger = ChangeLog()
        let me = ActorID.test(1_000)
        var text = ContainerID.root
        let base = try #require(
            try merger.transact(document: .main, actor: me) { tx in
                text = try tx.makeContainer(.text, at: "body")
                try tx.insertText("Falls audit", at: 0, in: text)
            })
        var concurrent: [Change] = []
        for index in 1...300 {
            var log = ChangeLog()
            _ = try log.receive(base)
            concurrent.append(
                try #require(
                    try log.transact(document: .main, actor: .test(UInt64(index))) { tx in
                        try tx.insertText("word ", at: 0, in: text)
                    }))
        }
        #expect(merger.receive(concurrent).applied.count == 300)
        let afterMerge = try #require(
            try merger.transact(document: .main, actor: me) { tx in try tx.insertText("audit ", at: 0, in: text) })
        let steady = try #require(
            try merger.transact(document: .main, actor: me) { tx in try tx.insertText("audit ", at: 0, in: text) })
        let mergedBytes = try #require(merger.encodedWithHeads(afterMerge.id))
        let steadyBytes = try #require(merger.encodedWithHeads(steady.id))
        #expect(mergedBytes.count > 300 * 33)
        #expect(steady.encoded().count > 300 * 33, "version 2 carries every dependency")
        #expect(steadyBytes.count == steady.encoded().count - 300 * 33 - 1, "\(steadyBytes.count)")
        #expect(steadyBytes.count < 100)
        // A peer that has the base resolves both to the same whole dependencies.
        var peer = ChangeLog()
        _ = try peer.receive(base)
        let outcome = try peer.receive(encoded: [steadyBytes, mergedBytes] + concurrent.map { $0.encoded() })
        #expect(outcome.rejected.isEmpty && peer.unresolvedCount == 0)
        #expect(peer.change(steady.id) == steady && peer.change(afterMerge.id) == afterMerge)
        #expect(peer.document(.main).snapshot() == merger.document(.main).snapshot())
    }

    /// Five actors edit and sync among themselves in random order, in encodings 2 and 3 mixed, in
    /// shuffled batches (heads arrive before what they name); then a fresh log takes everything shuffled.
    /// Every log ends with the same documents, and every change with the same whole dependencies.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomHistoriesResolveToTheSameChanges(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var logs = [ChangeLog](repeating: ChangeLog(), count: 5)
        var text = ContainerID.root
        _ = try logs[0].transact(document: .main, actor: .test(1)) { tx in
            text = try tx.makeContainer(.text, at: "body")
            try tx.insertText("start", at: 0, in: text)
        }
        var waited = 0
        func sync(_ from: Int, _ to: Int) throws {
            var batch = logs[from].encodedChanges(since: logs[to].version)
            if random.chance(30) { batch = logs[from].changes(since: logs[to].version).map { $0.encoded() } }
            batch.shuffle(using: &random)
            while !batch.isEmpty {
                let part = Array(batch.prefix(1 + random.below(5)))
                batch.removeFirst(part.count)
                let outcome = try logs[to].receive(encoded: part)
                #expect(outcome.rejected.isEmpty, "\(outcome.rejected)")
                waited += logs[to].unresolvedCount
            }
        }
        try sync(0, 1)
        try sync(0, 2)
        try sync(0, 3)
        try sync(0, 4)
        for _ in 0..<200 {
            let who = random.below(5)
            if random.chance(35) {
                try sync(random.below(5), who)
                continue
            }
            let length = logs[who].document(.main).text(of: text)?.count ?? 0
            _ = try logs[who].transact(document: .main, actor: .test(UInt64(who + 1))) { tx in
                if length > 3 && random.chance(30) {
                    try tx.delete(at: random.below(length - 1), count: 1, in: text)
                } else {
                    try tx.insertText("w\(random.below(100)) ", at: random.below(length + 1), in: text)
                }
            }
        }
        for from in 0..<5 { for to in 0..<5 where from != to { try sync(from, to) } }
        let reference = logs[0]
        var fresh = ChangeLog()
        var everything = reference.encodedChanges(since: VersionVector())
        everything.shuffle(using: &random)
        _ = try fresh.receive(encoded: everything)
        for log in logs + [fresh] {
            #expect(log.version == reference.version && log.unresolvedCount == 0 && log.pendingCount == 0)
            #expect(log.document(.main).snapshot() == reference.document(.main).snapshot())
        }
        for change in reference.changes(since: VersionVector()) { #expect(fresh.change(change.id) == change) }
        #expect(waited > 0, "some changes arrived before their heads")
        #expect(reference.changes(since: VersionVector()).count > 100)
    }

    /// A change waiting for its heads survives a saved log, and applies once they arrive.
    @Test func aChangeWaitingForItsHeadsIsSavedAndAppliesLater() throws {
        let (log, changes) = try Self.historyLog()
        var waiting = ChangeLog()
        let bobs = try #require(log.encodedWithHeads(changes[2].id))
        let outcome = try waiting.receive(encoded: [bobs])
        #expect(outcome.pending == [changes[2].id] && waiting.unresolvedCount == 1)
        #expect(try waiting.receive(encoded: [bobs]).applied.isEmpty, "the same change again waits once")
        #expect(waiting.unresolvedCount == 1)
        var reopened = try ChangeLog(encoded: waiting.encoded())
        #expect(reopened.unresolvedCount == 1)
        let rest = try changes.prefix(2).map { try #require(log.encodedWithHeads($0.id)) }
        #expect(try reopened.receive(encoded: rest).applied.count == 3)
        #expect(reopened.unresolvedCount == 0 && reopened.document(.main).snapshot() == log.document(.main).snapshot())
    }

    /// A head that was waiting in the log (sent in version 2 before what it depends on) applies in the
    /// middle of a batch; the change naming it resolves in the same call.
    @Test func aHeadThatAppliesMidBatchResolvesWhatNamesIt() throws {
        let (log, changes) = try Self.historyLog()
        var carolsLog = log
        let carols = try #require(
            try carolsLog.transact(document: .main, actor: .test(3)) { tx in try tx.set("by", .string("carol")) })
        let named = try #require(carolsLog.encodedWithHeads(carols.id))
        #expect(named.count == carols.encoded().count, "two heads, as version 2 names two dependencies")
        var target = ChangeLog()
        #expect(try target.receive(encoded: [changes[2].encoded()]).pending == [changes[2].id])
        let batch = try changes.prefix(2).map { try #require(log.encodedWithHeads($0.id)) } + [named]
        let outcome = try target.receive(encoded: batch)
        #expect(outcome.applied.count == 4 && target.unresolvedCount == 0 && target.pendingCount == 0)
        #expect(target.change(carols.id) == carols)
    }

    /// A change waiting for its head applies when the head arrives as a plain `Change` value.
    @Test func aHeadReceivedAsAChangeValueLetsWhatNamesItApply() throws {
        let (log, changes) = try Self.historyLog()
        var target = ChangeLog()
        _ = try target.receive(encoded: [try #require(log.encodedWithHeads(changes[2].id))])
        #expect(target.unresolvedCount == 1)
        let outcome = try target.receive(changes[0])
        #expect(outcome.applied == [changes[0].id, changes[2].id] && target.unresolvedCount == 0)
        #expect(target.change(changes[2].id) == changes[2])
        #expect(target.receive([changes[1]]).applied == [changes[1].id])
        #expect(target.document(.main).snapshot() == log.document(.main).snapshot())
    }

    /// Bad bytes: an error that names the change, and nothing of the batch is received.
    @Test func badBytesAreRefusedAndChangeNothing() throws {
        let (log, changes) = try Self.historyLog()
        let good = try changes.map { try #require(log.encodedWithHeads($0.id)) }
        var target = ChangeLog()
        #expect(throws: CRDTError.self) { try target.receive(encoded: [good[0], Array(good[1].prefix(20))]) }
        #expect(target.version == VersionVector() && target.unresolvedCount == 0)
        // A head naming the author itself: bob's change with its head's actor bytes replaced by bob's.
        var namesAuthor = good[2]
        let headAt = 1 + 32 + 1 + 1
        namesAuthor.replaceSubrange(headAt..<(headAt + 32), with: Array(namesAuthor[1..<33]))
        #expect(throws: CRDTError.self) { try target.receive(encoded: [namesAuthor]) }
        var random = SeededRandom(seed: 33)
        for _ in 0..<10_000 {
            var bytes = good[random.below(3)]
            switch random.below(3) {
            case 0: bytes[random.below(bytes.count)] = UInt8(random.below(256))
            case 1: bytes.removeLast(random.below(bytes.count))
            default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count))
            }
            var scratch = ChangeLog()
            _ = try? scratch.receive(encoded: [bytes])
        }
        // Another change under a waiting one's id is an equivocation, not a duplicate.
        var other = ChangeLog()
        _ = try other.receive(changes[0])
        let forged = try #require(
            try other.transact(document: .main, actor: bob) { tx in try tx.set("title", .string("forged")) })
        var holder = ChangeLog()
        _ = try holder.receive(encoded: [good[2]])
        let conflict = try holder.receive(encoded: [try #require(other.encodedWithHeads(forged.id))])
        #expect(conflict.rejected.map(\.error.code) == [.conflictingChange])
    }
}
