import PlaceCRDT
import PlaceTestSupport
import Testing

/// Edge cases of run-length storage: a run may only absorb the next insert when that insert's right
/// origin is the run's own. Typing on at the end of one's own run after a concurrent insert landed
/// there keeps a different right origin, which later concurrent inserts depend on.
@Suite struct RunBoundaryTests {
    @Test func typingOnAfterAConcurrentInsertKeepsItsOwnRightOrigin() throws {
        let (a, b, c) = (ActorID.test(2), ActorID.test(3), ActorID.test(1))
        var logA = ChangeLog()
        var logB = ChangeLog()
        var logC = ChangeLog()
        var text = ContainerID.root
        try logA.transact(document: .main, actor: a) { tx in text = try tx.makeContainer(.text, at: "t") }
        try syncBoth(&logA, &logB)
        try syncBoth(&logA, &logC)
        let x = try #require(
            try logB.transact(document: .main, actor: b) { tx in try tx.insertText("X", at: 0, in: text) })
        try logA.transact(document: .main, actor: a) { tx in try tx.insertText("ab", at: 0, in: text) }
        try deliver([x], to: &logA)
        try syncBoth(&logA, &logC)
        #expect(logA.document(.main).text(of: text) == "abX")
        // A types on right after "b": consecutive ids, but its right origin is X, not the run's.
        try logA.transact(document: .main, actor: a) { tx in try tx.insertText("c", at: 2, in: text) }
        // C, not having seen "c", inserts between "b" and "X".
        try logC.transact(document: .main, actor: c) { tx in try tx.insertText("Z", at: 2, in: text) }
        try syncBoth(&logA, &logC)
        #expect(logA.document(.main).text(of: text) == logC.document(.main).text(of: text))
        #expect(logA.document(.main).text(of: text) == "abZcX")
        #expect(logA.document(.main) == logC.document(.main))
    }
}
