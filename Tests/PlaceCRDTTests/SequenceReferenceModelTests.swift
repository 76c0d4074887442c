import PlaceCRDT
import PlaceTestSupport
import Testing

/// The chunked sequence agrees with a plain array after every step of long random edit sequences.
@Suite struct SequenceReferenceModelTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func localTextEditsMatchAPlainArray(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var log = ChangeLog()
        var text = ContainerID.root
        try log.transact(document: .main, actor: alice) { tx in text = try tx.makeContainer(.text, at: "t") }
        var model: [Unicode.Scalar] = []
        for _ in 0..<1_500 {
            let length = model.count
            try log.transact(document: .main, actor: alice) { tx in
                if length > 0 && random.chance(30) {
                    let start = random.below(length)
                    let count = 1 + random.below(min(40, length - start))
                    try tx.delete(at: start, count: count, in: text)
                    model.removeSubrange(start..<(start + count))
                } else {
                    let position = random.below(length + 1)
                    let insert = String(repeating: "é🙂ab"[random.below(4)], count: 1 + random.below(20))
                    try tx.insertText(insert, at: position, in: text)
                    model.insert(contentsOf: insert.unicodeScalars, at: position)
                }
            }
            let document = log.document(.main)
            #expect(document.count(of: text) == model.count)
        }
        let document = log.document(.main)
        document._checkInvariants()
        var expected = String.UnicodeScalarView()
        expected.append(contentsOf: model)
        #expect(document.text(of: text) == String(expected))
    }

    @Test func mergedListEditsMatchTheSameEditsReplayedInOneOrder() throws {
        var random = SeededRandom(seed: 11)
        var a = ChangeLog()
        var b = ChangeLog()
        var list = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in list = try tx.makeContainer(.list, at: "l") }
        try syncBoth(&a, &b)
        for round in 0..<300 {
            for (index, actor) in [alice, bob].enumerated() {
                let edit: (inout Transaction) throws -> Void = { tx in
                    let length = tx.document.count(of: list) ?? 0
                    if length > 0 && random.chance(25) {
                        try tx.delete(at: random.below(length), count: 1, in: list)
                    } else {
                        try tx.insert([.int(Int64(round))], at: random.below(length + 1), in: list)
                    }
                }
                if index == 0 {
                    try a.transact(document: .main, actor: actor, edit)
                } else {
                    try b.transact(document: .main, actor: actor, edit)
                }
            }
            if random.chance(20) { try syncBoth(&a, &b) }
        }
        try syncBoth(&a, &b)
        #expect(a.document(.main) == b.document(.main))
        var replay = ChangeLog()
        try deliver(a.changes(since: VersionVector()).reversed(), to: &replay)
        #expect(replay.document(.main) == a.document(.main))
        a.document(.main)._checkInvariants()
    }
}

extension String {
    fileprivate subscript(index: Int) -> Character { self[self.index(startIndex, offsetBy: index)] }
}

/// Three replicas type into one text concurrently; every change, local or merged, is also applied to a
/// naive flat-array model per replica, and the two must agree after every step.
@Suite struct MergedSequenceReferenceModelTests {
    @Test(arguments: [21, 22, 23, 24] as [UInt64])
    func mergedTextEditsMatchAFlatArrayAfterEveryStep(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let actors = [alice, bob, carol]
        var logs = [ChangeLog(), ChangeLog(), ChangeLog()]
        var models = [ReferenceSequence(), ReferenceSequence(), ReferenceSequence()]
        var text = ContainerID.root
        let first = try #require(
            try logs[0].transact(document: .main, actor: alice) { tx in
                text = try tx.makeContainer(.text, at: "t")
            })
        for index in 1..<3 { try deliver([first], to: &logs[index]) }
        var inboxes: [[Change]] = [[], [], []]
        for step in 0..<400 {
            let index = random.below(3)
            if random.chance(60) {
                let length = logs[index].document(.main).count(of: text) ?? 0
                var rng = random
                let change = try logs[index].transact(document: .main, actor: actors[index]) { tx in
                    if length > 0 && rng.chance(30) {
                        let start = rng.below(length)
                        try tx.delete(at: start, count: 1 + rng.below(min(5, length - start)), in: text)
                    } else {
                        let words = ["a", "bc", "déf", "🙂", "ghij"]
                        try tx.insertText(words[rng.below(words.count)], at: rng.below(length + 1), in: text)
                    }
                }
                random = rng
                if let change {
                    models[index].apply(change, container: text)
                    for other in 0..<3 where other != index { inboxes[other].append(change) }
                }
            } else if !inboxes[index].isEmpty {
                // Deliver in causal order (what sync does); the model has no pending set of its own.
                let change = inboxes[index].removeFirst()
                let outcome = try logs[index].receive(change)
                for id in outcome.applied {
                    if let applied = logs[index].change(id) { models[index].apply(applied, container: text) }
                }
            }
            let actual = logs[index].document(.main).text(of: text)
            #expect(actual == models[index].text, "seed \(seed), step \(step), replica \(index)")
            if actual != models[index].text { return }
        }
    }
}
