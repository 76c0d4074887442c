import PlaceCRDT
import PlaceTestSupport
import Testing

@Suite struct NonInterleavingTests {
    /// Two replicas type different words at the same position, one character per change; after merging,
    /// each word is intact.
    @Test func concurrentTypingAtOnePositionDoesNotInterleave() throws {
        for (first, second) in [("hello", "world"), ("PDSA", "cycle"), ("🙂🙂", "ab")] {
            var a = ChangeLog()
            var b = ChangeLog()
            var text = ContainerID.root
            try a.transact(document: .main, actor: alice) { tx in
                text = try tx.makeContainer(.text, at: "note")
                try tx.insertText("[]", at: 0, in: text)
            }
            try syncBoth(&a, &b)
            for (offset, scalar) in first.unicodeScalars.enumerated() {
                try a.transact(document: .main, actor: alice) { tx in
                    try tx.insertText(String(scalar), at: 1 + offset, in: text)
                }
            }
            for (offset, scalar) in second.unicodeScalars.enumerated() {
                try b.transact(document: .main, actor: bob) { tx in
                    try tx.insertText(String(scalar), at: 1 + offset, in: text)
                }
            }
            try syncBoth(&a, &b)
            let merged = try #require(a.document(.main).text(of: text))
            #expect(merged == b.document(.main).text(of: text))
            #expect(merged == "[\(first)\(second)]" || merged == "[\(second)\(first)]", "interleaved: \(merged)")
        }
    }

    @Test func concurrentTypingAtTheStartAndInsideWordsStaysTogether() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        var c = ChangeLog()
        var text = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in text = try tx.makeContainer(.text, at: "note") }
        try syncBoth(&a, &b)
        try syncBoth(&a, &c)
        for (log, actor, word) in [(0, alice, "alpha "), (1, bob, "beta "), (2, carol, "gamma ")] {
            for (offset, scalar) in word.unicodeScalars.enumerated() {
                let edit: (inout Transaction) throws -> Void = { tx in
                    try tx.insertText(String(scalar), at: offset, in: text)
                }
                switch log {
                case 0: try a.transact(document: .main, actor: actor, edit)
                case 1: try b.transact(document: .main, actor: actor, edit)
                default: try c.transact(document: .main, actor: actor, edit)
                }
            }
        }
        try syncBoth(&a, &b)
        try syncBoth(&b, &c)
        try syncBoth(&a, &c)
        let merged = try #require(a.document(.main).text(of: text))
        #expect(merged == c.document(.main).text(of: text))
        for word in ["alpha ", "beta ", "gamma "] { #expect(merged.contains(word), "\(merged)") }
    }
}
