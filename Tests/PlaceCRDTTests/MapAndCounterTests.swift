import PlaceCRDT
import PlaceTestSupport
import Testing

@Suite struct MapAndCounterTests {
    @Test func concurrentWritesToOneKeyAreKeptAsConflictsWithOneWinnerEverywhere() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        try a.transact(document: .main, actor: alice) { tx in try tx.set("status", .string("planned")) }
        try syncBoth(&a, &b)
        try a.transact(document: .main, actor: alice) { tx in try tx.set("status", .string("doing")) }
        try b.transact(document: .main, actor: bob) { tx in try tx.set("status", .string("done")) }
        try syncBoth(&a, &b)
        let conflicts = a.document(.main).conflicts(forKey: "status")
        #expect(conflicts.count == 2)
        #expect(a.document(.main).value(forKey: "status") == b.document(.main).value(forKey: "status"))
        // Same Lamport counter: the higher actor id wins.
        #expect(a.document(.main).value(forKey: "status") == .scalar(.string("done")))
        // A later write that saw both resolves the conflict.
        try a.transact(document: .main, actor: alice) { tx in try tx.set("status", .string("study")) }
        try syncBoth(&a, &b)
        #expect(b.document(.main).conflicts(forKey: "status").count == 1)
    }

    @Test func aDeleteRemovesOnlyTheValuesItSaw() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        try a.transact(document: .main, actor: alice) { tx in try tx.set("k", .int(1)) }
        try syncBoth(&a, &b)
        try a.transact(document: .main, actor: alice) { tx in try tx.removeKey("k") }
        try b.transact(document: .main, actor: bob) { tx in try tx.set("k", .int(2)) }
        try syncBoth(&a, &b)
        #expect(a.document(.main).value(forKey: "k") == .scalar(.int(2)))
        #expect(a.document(.main) == b.document(.main))
    }

    @Test func concurrentIncrementsAddUp() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        var counter = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in counter = try tx.makeContainer(.counter, at: "visits") }
        try syncBoth(&a, &b)
        try a.transact(document: .main, actor: alice) { tx in try tx.increment(counter, by: 5) }
        try b.transact(document: .main, actor: bob) { tx in try tx.increment(counter, by: -2) }
        try b.transact(document: .main, actor: bob) { tx in try tx.increment(counter, by: 10) }
        try syncBoth(&a, &b)
        #expect(a.document(.main).counterValue(counter) == 13)
        #expect(b.document(.main).json.jsonText == #"{"visits":13}"#)
    }

    @Test func patchesReportWhatBecameVisible() throws {
        var a = ChangeLog()
        var text = ContainerID.root
        let first = try #require(
            try a.transact(document: .main, actor: alice) { tx in
                try tx.set("title", .string("Frailty"))
                text = try tx.makeContainer(.text, at: "body")
                try tx.insertText("abc", at: 0, in: text)
            })
        let second = try #require(
            try a.transact(document: .main, actor: alice) { tx in try tx.delete(at: 1, count: 1, in: text) })
        var b = ChangeLog()
        let outcome = b.receive([first, second])
        let patches = try #require(outcome.patches[.main])
        #expect(
            patches.contains(
                Patch(container: .root, action: .put(key: "title", value: .scalar(.string("Frailty")), conflicts: 0))))
        #expect(patches.contains(Patch(container: text, action: .insertText(index: 0, text: "abc"))))
        #expect(patches.last == Patch(container: text, action: .delete(index: 1, count: 1)))
        #expect(b.document(.main).path(of: text) == [.key("body")])
    }
}
