import PlaceCRDT
import PlaceTestSupport
import Testing

/// The change decoder's checks on the actor table and the dependencies, and rebuilding stored changes
/// with their dependencies in canonical order.
@Suite struct ChangeDecodingTests {
    static let text = ContainerID.root

    /// A change by `alice` deleting one element by each of `others` (so its actor table names them all),
    /// or incrementing a counter when there are none (its table is empty).
    static func deleteNaming(_ others: [ActorID]) throws -> Change {
        let targets = others.map { IDRange(start: OpID(counter: 5, actor: $0), count: 1) }
        return try Change(
            actor: alice, seq: 1, lamportStart: 9, deps: VersionVector(), document: .main,
            operations: [
                targets.isEmpty ? .increment(container: text, delta: 1) : .delete(container: text, targets: targets)
            ])
    }

    /// `body` with `extra` added to the end of its actor table (which must sort after every actor in
    /// it, and stay under 128 entries so that the count is one byte).
    static func body(_ body: [UInt8], addingToTable extra: ActorID, tableCount: Int) -> [UInt8] {
        // Version byte, 16-byte document id, one-byte Lamport start (9), then the table's count.
        let countAt = 1 + 16 + 1
        #expect(Int(body[countAt]) == tableCount)
        var patched = body
        patched[countAt] = UInt8(tableCount + 1)
        let end = countAt + 1 + tableCount * ActorID.byteCount
        patched.insert(contentsOf: extra.bytes, at: end)
        return patched
    }

    /// An actor that sorts after every test actor.
    static let last = ActorID(bytes: [UInt8](repeating: 0xFF, count: 32))!

    @Test(arguments: [0, 1, 64, 65, 100])
    func aTableNamingEveryActorItsOperationsUseDecodes(others count: Int) throws {
        let change = try Self.deleteNaming((0..<count).map { ActorID.test(UInt64(101 + $0)) })
        let decoded = try Change(actor: alice, seq: 1, deps: VersionVector(), body: change.encodedBody())
        #expect(decoded == change)
    }

    @Test(arguments: [0, 1, 63, 64, 65, 100])
    func aTableNamingAnActorNoOperationUsesIsRefused(others count: Int) throws {
        let change = try Self.deleteNaming((0..<count).map { ActorID.test(UInt64(101 + $0)) })
        let body = Self.body(change.encodedBody(), addingToTable: Self.last, tableCount: count)
        #expect {
            _ = try Change(actor: alice, seq: 1, deps: VersionVector(), body: body)
        } throws: { error in
            (error as? CRDTError)?.code == .malformedEncoding
        }
    }

    @Test func dependenciesOutOfOrderOrRepeatedAreRefused() throws {
        let change = try Change(
            actor: alice, seq: 1, lamportStart: 1, deps: VersionVector(), document: .main,
            operations: [.increment(container: Self.text, delta: 1)])
        // Version, the author, seq 1, then two dependencies written in the order given.
        func encoded(_ deps: [(ActorID, UInt8)]) -> [UInt8] {
            var bytes: [UInt8] = [Change.encodingVersion] + alice.bytes + [1, UInt8(deps.count)]
            for (actor, seq) in deps { bytes += actor.bytes + [seq] }
            return bytes + change.encodedBody()
        }
        let sorted = try Change(encoded: encoded([(bob, 3), (carol, 4)]))
        #expect(sorted.deps[bob] == 3 && sorted.deps[carol] == 4 && sorted.deps.count == 2)
        let refused: [[(ActorID, UInt8)]] = [[(carol, 4), (bob, 3)], [(bob, 3), (bob, 4)]]
        for deps in refused {
            #expect {
                _ = try Change(encoded: encoded(deps))
            } throws: { error in
                (error as? CRDTError)?.code == .malformedEncoding
            }
        }
    }

    /// Stored changes are rebuilt with the author's own entry among the others' in actor order,
    /// whether it sorts before, between or after them.
    @Test func changesRebuiltFromTheLogEqualTheOnesReceived() throws {
        let authors = [ActorID.test(1), ActorID.test(5), ActorID.test(9)]
        var logs = authors.map { _ in ChangeLog() }
        var sent: [Change] = []
        for round in 0..<12 {
            let index = round % 3
            let change = try logs[index].transact(document: .main, actor: authors[index]) { tx in
                try tx.set("n", .int(Int64(round)))
            }
            if let change { sent.append(change) }
            for other in logs.indices where other != index { try deliver(sent, to: &logs[other]) }
        }
        var receiver = ChangeLog()
        try deliver(sent, to: &receiver)
        let rebuilt = receiver.changes(since: VersionVector())
        #expect(Set(rebuilt) == Set(sent))
        #expect(rebuilt.contains { $0.deps.count == 3 })
        for change in rebuilt { #expect(change.deps.actors == change.deps.actors.sorted()) }
    }
}
