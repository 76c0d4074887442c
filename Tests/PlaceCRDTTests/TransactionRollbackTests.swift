import PlaceCRDT
import PlaceTestSupport
import Testing

/// A transaction that throws part-way leaves the document exactly as it was (it is rolled back step by
/// step, not copied up front), and the log can keep writing afterwards.
@Suite struct TransactionRollbackTests {
    struct Abort: Error {}

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func aTransactionThatThrowsAfterRandomEditsChangesNothing(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var log = ChangeLog()
        var peer = ChangeLog()
        for round in 0..<300 {
            let before = log.document(.main).snapshot()
            let version = log.version
            let fails = random.chance(40)
            var rng = random
            do {
                let change = try log.transact(document: .main, actor: alice) { tx in
                    for _ in 0...rng.below(6) { try RandomEdit.apply(to: &tx, random: &rng) }
                    if fails { throw Abort() }
                }
                if let change { try deliver([change], to: &peer) }
                #expect(!fails)
            } catch is Abort {
                #expect(fails)
                #expect(log.document(.main).snapshot() == before, "round \(round): rollback left changes")
                #expect(log.version == version)
            }
            random = rng
            log.document(.main)._checkInvariants()
        }
        #expect(log.document(.main) == peer.document(.main))
    }

    @Test func aFailedFirstTransactionLeavesNoDocument() throws {
        var log = ChangeLog()
        #expect(throws: Abort.self) {
            try log.transact(document: .test(7), actor: alice) { tx in
                try tx.makeContainer(.text, at: "t")
                throw Abort()
            }
        }
        #expect(log.documentIDs.isEmpty)
    }

    /// The same through `Document.transact(id:…)`, the path a node writes through: the document is
    /// moved into the transaction and back, and an aborted transaction leaves it as it was.
    @Test func aDocumentTransactionThatThrowsChangesNothing() throws {
        var random = SeededRandom(seed: 11)
        var document = Document()
        var peer = ChangeLog()
        var seq: UInt64 = 0
        var lamport: UInt64 = 0
        for round in 0..<300 {
            let before = document.snapshot()
            let fails = random.chance(40)
            var rng = random
            do {
                let change = try document.transact(
                    id: .main, actor: alice, seq: seq + 1, deps: VersionVector([alice: seq]), lamportStart: lamport + 1
                ) { tx in
                    for _ in 0...rng.below(6) { try RandomEdit.apply(to: &tx, random: &rng) }
                    if fails { throw Abort() }
                }
                if let change {
                    seq += 1
                    lamport = change.lamportEnd
                    try deliver([change], to: &peer)
                }
                #expect(!fails)
            } catch is Abort {
                #expect(fails)
                #expect(document.snapshot() == before, "round \(round): rollback left changes")
            }
            random = rng
            document._checkInvariants()
        }
        #expect(seq > 100)
        #expect(document == peer.document(.main))
    }
}
