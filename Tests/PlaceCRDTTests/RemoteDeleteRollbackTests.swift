import PlaceCRDT
import Testing

/// A remote change that fails part-way is taken back: its deletes bring back exactly the elements they
/// hid, not elements another author had deleted before.
@Suite struct RemoteDeleteRollbackTests {
    /// Alice deletes "abcd" without having seen Bob delete "bc"; her change also carries an insert that
    /// names an element that does not exist, so Bob's replica refuses it and must still read "adef".
    @Test(arguments: [false, true])
    func aRefusedChangeLeavesWhatOthersHadDeletedDeleted(oneAtATime: Bool) throws {
        var logA = ChangeLog()
        var text = ContainerID.root
        try logA.transact(document: .main, actor: alice) { tx in text = try tx.makeContainer(.text, at: "t") }
        try logA.transact(document: .main, actor: alice) { tx in try tx.insertText("abcdef", at: 0, in: text) }
        var logB = ChangeLog()
        try syncBoth(&logA, &logB)
        try logB.transact(document: .main, actor: bob) { tx in try tx.delete(at: 1, count: 2, in: text) }
        #expect(logB.document(.main).text(of: text) == "adef")

        let deletion = try #require(
            try logA.transact(document: .main, actor: alice) { tx in try tx.delete(at: 0, count: 4, in: text) })
        let missing = OpID(counter: deletion.lamportEnd + 1_000, actor: alice)
        let forged = try Change(
            actor: alice, seq: deletion.seq, lamportStart: deletion.lamportStart, deps: deletion.deps,
            document: .main,
            operations: deletion.operations + [
                .insert(container: text, originLeft: missing, originRight: nil, content: .text("x"))
            ])

        if oneAtATime {
            #expect(throws: CRDTError.self) { _ = try logB.receive(forged) }
        } else {
            #expect(logB.receive([forged]).rejected.map(\.id) == [forged.id])
        }
        #expect(logB.document(.main).text(of: text) == "adef")
        // The genuine change still applies afterwards.
        try deliver([deletion], to: &logB)
        #expect(logB.document(.main).text(of: text) == "ef")
    }
}
