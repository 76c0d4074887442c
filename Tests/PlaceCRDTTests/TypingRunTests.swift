import PlaceCRDT
import PlaceTestSupport
import Testing

/// Typing within one transaction is recorded as runs: an insert right after the one before it, with the
/// same right origin, extends that insert instead of adding an operation per keystroke. The elements,
/// their ids and origins are those of the keystrokes, so every replica ends where it would have.
@Suite struct TypingRunTests {
    func textLog() throws -> (ChangeLog, ContainerID) {
        var log = ChangeLog()
        var text = ContainerID.root
        try log.transact(document: .main, actor: alice) { tx in
            text = try tx.makeContainer(.text, at: "t")
            try tx.insertText("Falls audit", at: 0, in: text)
        }
        return (log, text)
    }

    @Test func keystrokesTypedOnAreOneInsert() throws {
        var (log, text) = try textLog()
        var other = ChangeLog()
        try syncBoth(&log, &other)
        let change = try #require(
            try log.transact(document: .main, actor: bob) { tx in
                for (offset, character) in " — PDSA 2 ✓".unicodeScalars.enumerated() {
                    try tx.insertText(String(character), at: 11 + offset, in: text)
                }
            })
        #expect(change.operations.count == 1)
        #expect(log.document(.main).text(of: text) == "Falls audit — PDSA 2 ✓")
        try deliver([change], to: &other)
        #expect(other.document(.main) == log.document(.main))
    }

    @Test func aJumpOrADeleteStartsAnotherOperation() throws {
        var (log, text) = try textLog()
        var other = ChangeLog()
        try syncBoth(&log, &other)
        let change = try #require(
            try log.transact(document: .main, actor: bob) { tx in
                try tx.insertText("a", at: 0, in: text)
                try tx.insertText("b", at: 1, in: text)  // typed on: same insert
                try tx.insertText("x", at: 5, in: text)  // a jump: a new one
                try tx.delete(at: 5, count: 1, in: text)  // backspace
                try tx.insertText("y", at: 5, in: text)  // after a delete: a new one
                try tx.insertText("z", at: 6, in: text)  // typed on
            })
        #expect(change.operations.count == 4)
        try deliver([change], to: &other)
        #expect(other.document(.main) == log.document(.main))
        #expect(log.document(.main).text(of: text) == "abFalyzls audit")
    }

    /// Random typing sessions — runs, jumps, backspaces — in single transactions on two replicas at once,
    /// then exchanged: both converge, and no session has more operations than edits.
    @Test(arguments: 0..<60) func randomTypingSessionsConverge(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        var (a, text) = try textLog()
        var b = ChangeLog()
        try syncBoth(&a, &b)
        for round in 0..<4 {
            for (index, actor) in [bob, carol].enumerated() {
                var edits = 0
                func session(_ tx: inout Transaction) throws {
                    var cursor = random.below((tx.document.count(of: text) ?? 0) + 1)
                    for _ in 0..<random.below(40) {
                        let length = tx.document.count(of: text) ?? 0
                        edits += 1
                        if random.chance(10) && length > 0 {
                            cursor = random.below(length + 1)
                        } else if random.chance(10) && cursor > 0 {
                            try tx.delete(at: cursor - 1, count: 1, in: text)
                            cursor -= 1
                        } else {
                            let pick = ["a", "é", " ", "🙂", "Q", "\n"][random.below(6)]
                            try tx.insertText(pick, at: cursor, in: text)
                            cursor += 1
                        }
                    }
                }
                let change =
                    index == 0
                    ? try a.transact(document: .main, actor: actor, session)
                    : try b.transact(document: .main, actor: actor, session)
                if let change { #expect(change.operations.count <= edits, "round \(round)") }
            }
            try syncBoth(&a, &b)
            #expect(a.document(.main) == b.document(.main))
            #expect(a.document(.main).snapshot() == b.document(.main).snapshot())
        }
    }
}
