import PlaceCRDT
import PlaceTestSupport
import Testing

/// Deleting a container concurrently with edits inside it: the container disappears everywhere, the
/// edits apply to it invisibly, and every replica ends identical (D17's rule for containers).
@Suite struct ContainerDeletionTests {
    @Test func editsInsideAConcurrentlyDeletedMapValueStayInvisibleAndConverge() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        var notes = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in
            notes = try tx.makeContainer(.text, at: "notes")
            try tx.insertText("draft", at: 0, in: notes)
        }
        try syncBoth(&a, &b)
        try a.transact(document: .main, actor: alice) { tx in try tx.removeKey("notes") }
        try b.transact(document: .main, actor: bob) { tx in try tx.insertText(" v2", at: 5, in: notes) }
        try syncBoth(&a, &b)
        #expect(a.document(.main) == b.document(.main))
        #expect(a.document(.main).value(forKey: "notes") == nil)
        #expect(a.document(.main).path(of: notes) == nil)
        #expect(a.document(.main).text(of: notes) == "draft v2")
    }

    @Test func deletingAListElementThatHoldsAContainerBeingEditedConverges() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        var list = ContainerID.root
        var item = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in
            list = try tx.makeContainer(.list, at: "cycles")
            item = try tx.insertContainer(.map, at: 0, in: list)
            try tx.set("plan", .string("audit"), in: item)
        }
        try syncBoth(&a, &b)
        try a.transact(document: .main, actor: alice) { tx in try tx.delete(at: 0, count: 1, in: list) }
        try b.transact(document: .main, actor: bob) { tx in try tx.set("act", .string("adopt"), in: item) }
        try syncBoth(&a, &b)
        #expect(a.document(.main) == b.document(.main))
        #expect(a.document(.main).json.jsonText == #"{"cycles":[]}"#)
        let reloaded = try Document(snapshot: a.document(.main).snapshot())
        #expect(reloaded == a.document(.main))
    }

    @Test func concurrentReplacementOfAContainerKeepsBothAsConflicts() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        try a.transact(document: .main, actor: alice) { tx in try tx.makeContainer(.list, at: "data") }
        try b.transact(document: .main, actor: bob) { tx in try tx.makeContainer(.map, at: "data") }
        try syncBoth(&a, &b)
        #expect(a.document(.main).conflicts(forKey: "data").count == 2)
        #expect(a.document(.main).json == b.document(.main).json)
    }
}

@Suite struct NestingTests {
    /// A hostile member can nest containers very deeply; readers must not exhaust their stack.
    @Test func veryDeepNestingReadsWithoutExhaustingTheStack() throws {
        var log = ChangeLog()
        try log.transact(document: .main, actor: alice) { tx in
            var map = ContainerID.root
            for _ in 0..<3_000 { map = try tx.makeContainer(.map, at: "next", in: map) }
            try tx.set("leaf", .int(1), in: map)
        }
        let document = log.document(.main)
        var value = document.json
        var depth = 0
        while case .object(let members) = value, let next = members["next"] {
            value = next
            depth += 1
        }
        #expect(depth == Document.maxJSONDepth)
        #expect(!document.json.jsonText.isEmpty)
        #expect(try Document(snapshot: document.snapshot()) == document)
    }
}
