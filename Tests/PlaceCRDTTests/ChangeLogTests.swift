import PlaceCRDT
import PlaceTestSupport
import Testing

@Suite struct ChangeLogTests {
    func threeChanges() throws -> [Change] {
        var log = ChangeLog()
        var changes: [Change] = []
        for value in 1...3 {
            if let change = try log.transact(
                document: .main, actor: alice, { tx in try tx.set("n", .int(Int64(value))) })
            {
                changes.append(change)
            }
        }
        return changes
    }

    @Test func changesWithMissingDependenciesWaitAndApplyWhenTheyArrive() throws {
        let changes = try threeChanges()
        var log = ChangeLog()
        var outcome = try log.receive(changes[2])
        #expect(outcome.pending == [changes[2].id] && log.pendingCount == 1)
        outcome = try log.receive(changes[1])
        #expect(outcome.applied.isEmpty && log.pendingCount == 2)
        outcome = try log.receive(changes[0])
        #expect(outcome.applied == changes.map(\.id))
        #expect(log.pendingCount == 0 && log.version[alice] == 3)
        #expect(log.document(.main).value(forKey: "n") == .scalar(.int(3)))
    }

    @Test func duplicatesAreIgnored() throws {
        let changes = try threeChanges()
        var log = ChangeLog()
        try deliver(changes, to: &log)
        let before = log.document(.main).snapshot()
        for _ in 0..<5 {
            let outcome = try log.receive(changes[1])
            #expect(outcome.duplicates == [changes[1].id] && outcome.applied.isEmpty)
        }
        #expect(log.document(.main).snapshot() == before)
    }

    @Test func aDifferentChangeWithAUsedSequenceNumberIsRefused() throws {
        let changes = try threeChanges()
        var other = ChangeLog()
        let forged = try #require(try other.transact(document: .main, actor: alice) { tx in try tx.set("n", .int(99)) })
        var log = ChangeLog()
        try deliver(changes, to: &log)
        #expect(throws: CRDTError.self) { try log.receive(forged) }
        #expect(log.document(.main).value(forKey: "n") == .scalar(.int(3)))
    }

    @Test func aChangeWhoseLamportStartIsNotOneAboveItsDependenciesIsRejected() throws {
        let changes = try threeChanges()
        var log = ChangeLog()
        try deliver([changes[0]], to: &log)
        for wrongStart in [changes[1].lamportStart + 1, changes[1].lamportStart + 1_000, changes[1].lamportStart - 1] {
            let bad = try Change(
                actor: alice, seq: 2, lamportStart: wrongStart, deps: changes[1].deps, document: .main,
                operations: changes[1].operations)
            do {
                _ = try log.receive(bad)
                Issue.record("Lamport start \(wrongStart) was accepted")
            } catch {
                #expect(error.code == .lamportMismatch)
            }
        }
        #expect(log.version[alice] == 1)
        #expect(try log.receive(changes[1]).applied == [changes[1].id])
    }

    @Test func aPendingChangeWithAWrongLamportIsRejectedWhenItsDependenciesArrive() throws {
        let changes = try threeChanges()
        let bad = try Change(
            actor: alice, seq: 2, lamportStart: 50, deps: changes[1].deps, document: .main,
            operations: changes[1].operations)
        var log = ChangeLog()
        _ = try log.receive(bad)
        let outcome = try log.receive(changes[0])
        #expect(outcome.rejected.map(\.id) == [bad.id])
        #expect(log.version[alice] == 1 && log.pendingCount == 0)
    }

    @Test func changesSinceAVectorAreWhatThePeerLacksInApplicableOrder() throws {
        var a = ChangeLog()
        var b = ChangeLog()
        try a.transact(document: .main, actor: alice) { tx in try tx.set("x", .int(1)) }
        try syncBoth(&a, &b)
        try b.transact(document: .main, actor: bob) { tx in try tx.set("y", .int(2)) }
        try a.transact(document: .test(9), actor: alice) { tx in try tx.set("z", .int(3)) }
        try syncBoth(&a, &b)
        try a.transact(document: .main, actor: alice) { tx in try tx.set("x", .int(4)) }
        let missing = a.changes(since: b.version)
        #expect(missing.map(\.id) == [Change.ID(actor: alice, seq: 3)])
        #expect(a.changes(since: VersionVector()).count == 4)
        var fresh = ChangeLog()
        let outcome = fresh.receive(a.changes(since: VersionVector()))
        #expect(outcome.pending.isEmpty && outcome.applied.count == 4)
    }

    @Test func seqCountsAcrossDocumentsOfTheLog() throws {
        var log = ChangeLog()
        let first = try #require(try log.transact(document: .test(1), actor: alice) { tx in try tx.set("a", .null) })
        let second = try #require(try log.transact(document: .test(2), actor: alice) { tx in try tx.set("a", .null) })
        #expect(first.seq == 1 && second.seq == 2)
        #expect(second.deps[alice] == 1 && second.lamportStart == first.lamportEnd + 1)
    }

    @Test func writingWithAnActorWhoseLaterChangesArePendingIsRefused() throws {
        let changes = try threeChanges()
        var log = ChangeLog()
        _ = try log.receive(changes[2])
        #expect(throws: CRDTError.self) {
            try log.transact(document: .main, actor: alice) { tx in try tx.set("n", .int(7)) }
        }
    }

    @Test func aThrowingTransactionChangesNothing() throws {
        var log = ChangeLog()
        try log.transact(document: .main, actor: alice) { tx in try tx.set("kept", .int(1)) }
        let before = log.document(.main)
        #expect(throws: CRDTError.self) {
            try log.transact(document: .main, actor: alice) { tx in
                try tx.set("lost", .int(2))
                try tx.insertText("x", at: 0, in: .root)
            }
        }
        #expect(log.document(.main) == before && log.version[alice] == 1)
    }

    @Test func changeHeadersMustBeConsistent() {
        let op = Operation.increment(container: .root, delta: 1)
        #expect(throws: CRDTError.self) {
            try Change(actor: alice, seq: 0, lamportStart: 1, deps: VersionVector(), document: .main, operations: [op])
        }
        #expect(throws: CRDTError.self) {
            try Change(actor: alice, seq: 2, lamportStart: 1, deps: VersionVector(), document: .main, operations: [op])
        }
        #expect(throws: CRDTError.self) {
            try Change(actor: alice, seq: 1, lamportStart: 1, deps: VersionVector(), document: .main, operations: [])
        }
    }

    @Test func operationsNamingIdsOutsideTheirCausalPastAreRejected() throws {
        var a = ChangeLog()
        var text = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in text = try tx.makeContainer(.text, at: "t") }
        var b = ChangeLog()
        try syncBoth(&a, &b)
        // A forged change by bob that names alice's container but depends on nothing.
        let forged = try Change(
            actor: bob, seq: 1, lamportStart: 1, deps: VersionVector(), document: .main,
            operations: [.insert(container: text, originLeft: nil, originRight: nil, content: .text("x"))])
        #expect(throws: CRDTError.self) { try b.receive(forged) }
        #expect(b.version[bob] == 0)
    }

    @Test func aChangeWhoseLastOperationIsInvalidIsRolledBackCompletely() throws {
        var a = ChangeLog()
        var text = ContainerID.root
        var list = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in
            text = try tx.makeContainer(.text, at: "t")
            list = try tx.makeContainer(.list, at: "l")
            try tx.insertText("hello", at: 0, in: text)
        }
        var b = ChangeLog()
        try syncBoth(&a, &b)
        let before = b.document(.main).snapshot()
        let first = try #require(a.change(Change.ID(actor: alice, seq: 1)))
        let change = try Change(
            actor: bob, seq: 1, lamportStart: first.lamportEnd + 1, deps: VersionVector([alice: 1]), document: .main,
            operations: [
                .mapSet(container: .root, key: "new", value: .newContainer(.counter), pred: []),
                .insert(container: text, originLeft: nil, originRight: nil, content: .text("XY")),
                .insert(container: list, originLeft: nil, originRight: nil, content: .values([.newContainer(.map)])),
                .delete(
                    container: text, targets: [IDRange(start: OpID(counter: first.lamportEnd, actor: alice), count: 1)]),
                .increment(container: .root, delta: 1),  // the root is a map: this op is invalid
            ])
        #expect(throws: CRDTError.self) { try b.receive(change) }
        #expect(b.document(.main).snapshot() == before)
        #expect(b.version[bob] == 0)
    }

    @Test func aDeleteThatNamesAMissingElementAfterExistingOnesChangesNothing() throws {
        var a = ChangeLog()
        var text = ContainerID.root
        try a.transact(document: .main, actor: alice) { tx in text = try tx.makeContainer(.text, at: "t") }
        let typed = try #require(
            try a.transact(document: .main, actor: alice) { tx in try tx.insertText("hello", at: 0, in: text) })
        let mapWrite = try #require(
            try a.transact(document: .main, actor: alice) { tx in try tx.set("title", .string("x")) })
        let more = try #require(
            try a.transact(document: .main, actor: alice) { tx in try tx.insertText("w", at: 5, in: text) })
        var b = ChangeLog()
        try syncBoth(&a, &b)
        let before = b.document(.main).snapshot()
        // One range over "lo", the map write's id (not an element of the text) and "w": both ends are known.
        let start = OpID(counter: typed.lamportStart + 3, actor: alice)
        #expect(mapWrite.lamportStart == typed.lamportEnd + 1 && more.lamportStart == mapWrite.lamportEnd + 1)
        let forged = try Change(
            actor: bob, seq: 1, lamportStart: more.lamportEnd + 1, deps: VersionVector([alice: 4]), document: .main,
            operations: [
                .delete(container: text, targets: [IDRange(start: start, count: more.lamportEnd - start.counter + 1)])
            ])
        #expect(throws: CRDTError.self) { try b.receive(forged) }
        #expect(b.document(.main).snapshot() == before)
        #expect(b.document(.main).text(of: text) == "hellow")
        b.document(.main)._checkInvariants()
    }
}
