import PlaceCRDT
import PlaceTestSupport
import Testing

/// The batch path of `receive(_: [Change])` (stretches of one author, keystroke changes combined into one
/// run, merged patches) must do exactly what receiving the same changes one at a time does.
@Suite struct BatchReceiveTests {
    /// Three writers type, backspace and select-delete in one note, one change per keystroke, often at
    /// the same spot while out of touch (so concurrent runs meet at shared origins).
    static func typingHistory(seed: UInt64, rounds: Int = 40) throws -> (logs: [ChangeLog], text: ContainerID) {
        var random = SeededRandom(seed: seed)
        let actors = [ActorID.test(1), ActorID.test(2), ActorID.test(3)]
        var first = ChangeLog()
        var text = ContainerID.root
        try first.transact(document: .main, actor: actors[0]) { tx in
            text = try tx.makeContainer(.text, at: "body")
            try tx.insertText("Falls audit: baseline", at: 0, in: text)
        }
        var logs = [first, first, first]
        let words = ["PDSA ", "cycle", "é", "🙂", "run chart ", "x", "a\u{0}b"]
        for _ in 0..<rounds {
            let writer = random.below(3)
            let length = logs[writer].document(.main).count(of: text) ?? 0
            // Everyone tends to edit near the end, so concurrent sessions share origins.
            var cursor = random.chance(60) ? max(0, length - random.below(3)) : random.below(length + 1)
            for scalar in words[random.below(words.count)].unicodeScalars {
                try logs[writer].transact(document: .main, actor: actors[writer]) { tx in
                    try tx.insertText(String(scalar), at: cursor, in: text)
                }
                cursor += 1
                // Now and then a sync lands mid-word: what another writer typed at this spot may now
                // sit right of the cursor, and the next keystroke gets another right origin.
                if random.chance(10) {
                    let other = (writer + 1 + random.below(2)) % 3
                    let before = logs[writer].document(.main).count(of: text) ?? 0
                    try deliver(logs[other].changes(since: logs[writer].version), to: &logs[writer])
                    let after = logs[writer].document(.main).count(of: text) ?? 0
                    cursor = min(cursor, after)
                    _ = before
                }
            }
            for _ in 0..<random.below(4) where cursor > 0 {
                cursor -= 1
                try logs[writer].transact(document: .main, actor: actors[writer]) { tx in
                    try tx.delete(at: cursor, count: 1, in: text)
                }
            }
            if random.chance(20) {
                let current = logs[writer].document(.main).count(of: text) ?? 0
                if current > 3 {
                    let start = random.below(current - 2)
                    try logs[writer].transact(document: .main, actor: actors[writer]) { tx in
                        try tx.delete(at: start, count: 2, in: text)
                    }
                }
            }
            if random.chance(15) {
                try logs[writer].transact(document: .main, actor: actors[writer]) { tx in
                    try tx.set("status", .string("round \(random.below(100))"))
                }
            }
            if random.chance(25) {
                let other = (writer + 1 + random.below(2)) % 3
                var a = logs[writer]
                var b = logs[other]
                try syncBoth(&a, &b)
                logs[writer] = a
                logs[other] = b
            }
        }
        return (logs, text)
    }

    /// Receives one change at a time, in order, collecting the outcome the batch path should match.
    static func receiveOneByOne(_ changes: [Change], into log: inout ChangeLog) -> ReceiveOutcome {
        var outcome = ReceiveOutcome()
        for change in changes {
            do {
                let single = try log.receive(change)
                outcome.applied += single.applied
                outcome.pending += single.pending
                outcome.duplicates += single.duplicates
                outcome.rejected += single.rejected
            } catch {
                outcome.rejected.append((id: change.id, error: error))
            }
        }
        return outcome
    }

    /// Receives `changes` in one batch and one at a time: both must refuse exactly `refused` and end with
    /// the same document.
    static func expectRefusedInABatchAsAlone(
        _ refused: Change.ID, in changes: [Change], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var batch = ChangeLog()
        var single = ChangeLog()
        let batchOutcome = batch.receive(changes)
        let singleOutcome = receiveOneByOne(changes, into: &single)
        #expect(singleOutcome.rejected.map(\.id) == [refused], sourceLocation: sourceLocation)
        #expect(batchOutcome.rejected.map(\.id) == [refused], sourceLocation: sourceLocation)
        #expect(batch.document(.main) == single.document(.main), sourceLocation: sourceLocation)
    }

    /// Applies patches for one text container to a plain array of scalars.
    static func applyTextPatches(_ patches: [Patch], of text: ContainerID, to mirror: inout [Unicode.Scalar]) {
        for patch in patches where patch.container == text {
            switch patch.action {
            case let .insertText(index, inserted):
                mirror.insert(contentsOf: inserted.unicodeScalars, at: index)
            case let .delete(index, count):
                mirror.removeSubrange(index..<(index + count))
            default:
                break
            }
        }
    }

    @Test(arguments: 0..<12 as Range<UInt64>)
    func aBatchDoesWhatOneChangeAtATimeDoes(seed: UInt64) throws {
        let (logs, text) = try Self.typingHistory(seed: seed)
        // Receivers: an empty replica, and each writer (which holds concurrent edits of its own).
        let receivers = [ChangeLog()] + logs
        for index in receivers.indices {
            var everything: [Change] = []
            for source in logs {
                everything += source.changes(since: receivers[index].version)
            }
            // Causal order per source, sources one after the other: long stretches, and changes that
            // must wait for another source's.
            var batch = receivers[index]
            var single = receivers[index]
            let before = batch.document(.main).text(of: text).map { Array($0.unicodeScalars) } ?? []
            let batchOutcome = batch.receive(everything)
            let singleOutcome = Self.receiveOneByOne(everything, into: &single)
            #expect(batch.document(.main) == single.document(.main), "seed \(seed), receiver \(index)")
            #expect(batch.version == single.version)
            // The histories (what sync serves, what a saved log holds) are the same change for change.
            #expect(batch.changes(since: VersionVector()) == single.changes(since: VersionVector()))
            #expect(batch.pendingCount == single.pendingCount)
            #expect(Set(batchOutcome.applied) == Set(singleOutcome.applied))
            #expect(batchOutcome.rejected.isEmpty && singleOutcome.rejected.isEmpty)
            batch.document(.main)._checkInvariants()
            // The merged patches, applied in order, turn the text before into the text after.
            var mirror = before
            Self.applyTextPatches(batchOutcome.patches[.main] ?? [], of: text, to: &mirror)
            #expect(String(String.UnicodeScalarView(mirror)) == batch.document(.main).text(of: text))
        }
    }

    /// Keystrokes only combine while they share a right origin: "c", typed after "ab" once a concurrent
    /// "X" landed right of "b", keeps "X" as its right origin and must stay a run of its own.
    @Test func keystrokesWithAnotherRightOriginAreNotCombined() throws {
        let (a, b) = (ActorID.test(2), ActorID.test(3))
        var logA = ChangeLog()
        var logB = ChangeLog()
        var text = ContainerID.root
        try logA.transact(document: .main, actor: a) { tx in text = try tx.makeContainer(.text, at: "t") }
        try syncBoth(&logA, &logB)
        try logB.transact(document: .main, actor: b) { tx in try tx.insertText("X", at: 0, in: text) }
        for (index, letter) in ["a", "b"].enumerated() {
            try logA.transact(document: .main, actor: a) { tx in try tx.insertText(letter, at: index, in: text) }
        }
        try deliver(logB.changes(since: logA.version), to: &logA)
        #expect(logA.document(.main).text(of: text) == "abX")
        try logA.transact(document: .main, actor: a) { tx in try tx.insertText("c", at: 2, in: text) }
        let everything = logA.changes(since: VersionVector())
        var batch = ChangeLog()
        var single = ChangeLog()
        _ = batch.receive(everything)
        _ = Self.receiveOneByOne(everything, into: &single)
        #expect(batch.document(.main).text(of: text) == "abcX")
        #expect(batch.document(.main) == single.document(.main))
        #expect(batch.document(.main) == logA.document(.main))
    }

    /// An author that names another right origin for its next keystroke without any new dependency
    /// (no honest editor does, but any author can) must not have it merged into the previous run.
    @Test func aKeystrokeNamingAnotherRightOriginWithTheSameDepsStaysApart() throws {
        let author = ActorID.test(4)
        var log = ChangeLog()
        var text = ContainerID.root
        let base = try #require(
            try log.transact(document: .main, actor: author) { tx in
                text = try tx.makeContainer(.text, at: "t")
                try tx.insertText("X", at: 0, in: text)
            })
        let x = OpID(counter: base.lamportEnd, actor: author)
        func keystroke(_ seq: UInt64, _ lamport: UInt64, _ letter: String, left: OpID?, right: OpID?) throws -> Change {
            try Change(
                actor: author, seq: seq, lamportStart: lamport, deps: VersionVector([author: seq - 1]),
                document: .main,
                operations: [.insert(container: text, originLeft: left, originRight: right, content: .text(letter))])
        }
        let a = try keystroke(2, base.lamportEnd + 1, "a", left: nil, right: x)
        let aID = OpID(counter: base.lamportEnd + 1, actor: author)
        let b = try keystroke(3, base.lamportEnd + 2, "b", left: aID, right: nil)
        let changes = [base, a, b]
        var batch = ChangeLog()
        var single = ChangeLog()
        _ = batch.receive(changes)
        _ = Self.receiveOneByOne(changes, into: &single)
        #expect(single.document(.main).text(of: text) == "abX")
        #expect(batch.document(.main) == single.document(.main))
    }

    /// A keystroke whose dependencies drop the author the shared right origin belongs to names an id
    /// outside its causal past: refused alone, so it must not ride along in a combined run.
    @Test func aKeystrokeThatDropsADependencyIsRefusedAsItWouldBeAlone() throws {
        let (author, other) = (ActorID.test(4), ActorID.test(5))
        var logA = ChangeLog()
        var logB = ChangeLog()
        var text = ContainerID.root
        try logA.transact(document: .main, actor: author) { tx in text = try tx.makeContainer(.text, at: "t") }
        try syncBoth(&logA, &logB)
        try logB.transact(document: .main, actor: other) { tx in try tx.insertText("X", at: 0, in: text) }
        try syncBoth(&logA, &logB)
        let typed = try #require(
            try logA.transact(document: .main, actor: author) { tx in try tx.insertText("a", at: 0, in: text) })
        guard case .insert(let insert) = typed.operations[0], let right = insert.originRight, right.actor == other
        else {
            Issue.record("expected a keystroke left of X")
            return
        }
        let forged = try Change(
            actor: author, seq: typed.seq + 1, lamportStart: typed.lamportEnd + 1,
            deps: VersionVector([author: typed.seq]), document: .main,
            operations: [
                .insert(
                    container: text, originLeft: OpID(counter: typed.lamportEnd, actor: author), originRight: right,
                    content: .text("b"))
            ])
        let changes = logA.changes(since: VersionVector()) + [forged]
        Self.expectRefusedInABatchAsAlone(forged.id, in: changes)
    }

    /// Consecutive changes of one author that name different changes of another author do not share
    /// what the stretch worked out for the first: a change that moves its dependency on to a later
    /// change but keeps its clock low breaks the Lamport rule, in a batch as alone.
    @Test func aChangeWhoseClockIgnoresANewerDependencyIsRefusedInAStretch() throws {
        let (author, other) = (ActorID.test(6), ActorID.test(7))
        var logA = ChangeLog()
        var text = ContainerID.root
        try logA.transact(document: .main, actor: other) { tx in text = try tx.makeContainer(.text, at: "t") }
        let typed = try #require(
            try logA.transact(document: .main, actor: other) { tx in
                try tx.insertText(String(repeating: "x", count: 50), at: 0, in: text)
            })
        let first = try Change(
            actor: author, seq: 1, lamportStart: 2, deps: VersionVector([other: 1]), document: .main,
            operations: [.insert(container: text, originLeft: nil, originRight: nil, content: .text("b"))])
        let forged = try Change(
            actor: author, seq: 2, lamportStart: first.lamportEnd + 1, deps: VersionVector([other: 2, author: 1]),
            document: .main,
            operations: [
                .insert(
                    container: text, originLeft: OpID(counter: first.lamportEnd, actor: author), originRight: nil,
                    content: .text("c"))
            ])
        #expect(forged.lamportStart <= typed.lamportEnd)
        let changes = logA.changes(since: VersionVector()) + [first, forged]
        Self.expectRefusedInABatchAsAlone(forged.id, in: changes)
    }

    @Test func aForgedKeystrokeInTheMiddleOfARunIsRejectedAndTheRestMatches() throws {
        let (logs, text) = try Self.typingHistory(seed: 77, rounds: 12)
        var changes = logs[0].changes(since: VersionVector())
        // Forge a keystroke of writer 1 whose left origin names an id that does not exist yet.
        let victimIndex = try #require(
            changes.indices.dropFirst(3).first { index in
                if case .insert = changes[index].operations[0], changes[index].operations.count == 1 { return true }
                return false
            })
        let victim = changes[victimIndex]
        guard case .insert(let insert) = victim.operations[0] else { return }
        let (container, right, content) = (insert.container, insert.originRight, insert.content)
        let unknown = OpID(counter: victim.lamportEnd + 1_000, actor: victim.actor)
        changes[victimIndex] = try Change(
            actor: victim.actor, seq: victim.seq, lamportStart: victim.lamportStart, deps: victim.deps,
            document: victim.document,
            operations: [.insert(container: container, originLeft: unknown, originRight: right, content: content)])
        var batch = ChangeLog()
        var single = ChangeLog()
        let batchOutcome = batch.receive(changes)
        let singleOutcome = Self.receiveOneByOne(changes, into: &single)
        #expect(batchOutcome.rejected.map(\.id) == [victim.id])
        #expect(singleOutcome.rejected.map(\.id) == [victim.id])
        #expect(Set(batchOutcome.applied) == Set(singleOutcome.applied))
        #expect(Set(batchOutcome.pending) == Set(singleOutcome.pending))
        #expect(batch.version == single.version)
        #expect(batch.document(.main) == single.document(.main))
        #expect(batch.document(.main).text(of: text) == single.document(.main).text(of: text))
    }

    @Test func aDuplicatedOrEquivocatingChangeInsideAStretchIsHandledAsAlone() throws {
        let (logs, _) = try Self.typingHistory(seed: 5, rounds: 6)
        let changes = logs[0].changes(since: VersionVector())
        var batch = ChangeLog()
        let outcome = batch.receive(changes + changes.prefix(5))
        #expect(outcome.duplicates.count == 5)
        #expect(outcome.rejected.isEmpty)
        #expect(batch.version == logs[0].version)
    }

    @Test func chunkCountTreeAgreesWithPlainSums() {
        var random = SeededRandom(seed: 9)
        var counts = (0..<100).map { _ in random.below(50) }
        var tree = ChunkCountTree(counts)
        var chunk = 0
        for _ in 0..<2_000 {
            // Often the same chunk again (as consecutive edits are): the tree holds those changes back.
            if random.below(2) == 0 { chunk = random.below(counts.count) }
            let delta = random.below(counts[chunk] + 10) - counts[chunk]
            counts[chunk] += delta
            tree.add(delta, at: chunk)
            let probe = random.below(counts.count + 1)
            #expect(tree.sum(before: probe) == counts.prefix(probe).reduce(0, +))
            let total = counts.reduce(0, +)
            guard total > 0 else { continue }
            let index = random.below(total)
            let (found, offset) = tree.locate(index)
            #expect(counts.prefix(found).reduce(0, +) + offset == index)
            #expect(offset < counts[found])
        }
    }

    /// Rebuilding from a position on (after a chunk is split or removed there) gives the tree a full
    /// rebuild gives.
    @Test func aChunkCountTreeRebuiltFromAPositionOnAgreesWithPlainSums() {
        var random = SeededRandom(seed: 12)
        var counts = (0..<40).map { _ in random.below(50) }
        var tree = ChunkCountTree(counts)
        for _ in 0..<500 {
            // A change to one count, carried up the tree only by a later change elsewhere or the rebuild.
            let changed = random.below(counts.count)
            let delta = random.below(10)
            counts[changed] += delta
            tree.add(delta, at: changed)
            let position = random.below(counts.count)
            if random.below(2) == 0 || counts.count < 3 {
                // A split: position's count is shared with a new position after it.
                let head = random.below(counts[position] + 1)
                counts.insert(counts[position] - head, at: position + 1)
                counts[position] = head
            } else {
                counts.remove(at: position)
            }
            tree.rebuild(from: position, count: counts.count) { counts[$0] }
            for probe in 0...counts.count {
                #expect(tree.sum(before: probe) == counts.prefix(probe).reduce(0, +))
            }
            let total = counts.reduce(0, +)
            if total > 0 {
                let index = random.below(total)
                let (found, offset) = tree.locate(index)
                #expect(counts.prefix(found).reduce(0, +) + offset == index)
                #expect(offset < counts[found])
            }
        }
    }
}
