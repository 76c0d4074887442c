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
