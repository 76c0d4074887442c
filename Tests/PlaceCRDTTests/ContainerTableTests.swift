import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// A document's container table searches in order while small and hashes once large; either way it
/// must hold exactly what a dictionary would.
@Suite struct ContainerTableTests {
    @Test func aContainerTableAgreesWithADictionaryThroughAddsRemovesAndUpdates() {
        var random = SeededRandom(seed: 23)
        let actors = (0..<3).map { _ in ActorID.test(random.next()) }
        // Adds and removals balance at about half of these ids present: around the linear limit.
        let ids = (0..<2 * ContainerTable<Int>.linearLimit).map { index in
            ContainerID(OpID(counter: UInt64(1 + index % 13), actor: actors[index % actors.count]))
        }
        var table = ContainerTable<Int>()
        var model: [ContainerID: Int] = [:]
        var crossings = 0
        for step in 0..<5_000 {
            let id = ids[random.below(ids.count)]
            let wasLarge = table.count > ContainerTable<Int>.linearLimit
            switch random.below(5) {
            case 0, 1:
                table.removeValue(forKey: id)
                model[id] = nil
            case 2:
                let changed = table.withValue(forKey: id) { value in
                    value += 1
                    return value
                }
                if let current = model[id] { model[id] = current + 1 }
                #expect(changed == model[id])
            default:
                table.updateValue(step, forKey: id)
                model[id] = step
            }
            if wasLarge != (table.count > ContainerTable<Int>.linearLimit) { crossings += 1 }
            #expect(table.count == model.count)
            let probe = ids[random.below(ids.count)]
            #expect(table[probe] == model[probe])
        }
        #expect(Set(table.keys) == Set(model.keys))
        for (id, value) in table { #expect(model[id] == value) }
        for id in ids { #expect(table[id] == model[id]) }
        #expect(crossings > 100)
    }

    struct Abort: Error {}

    /// A document that outgrows the in-order lookup: random edits (some taken back by a failed
    /// transaction) until it has three times the linear limit of containers; it must stay consistent,
    /// agree with a peer that received its changes, and survive a snapshot round trip.
    @Test func aDocumentWithManyContainersRollsBackSyncsAndRoundTrips() throws {
        var random = SeededRandom(seed: 41)
        var log = ChangeLog()
        var peer = ChangeLog()
        let enough = 3 * ContainerTable<Int>.linearLimit
        var rounds = 0
        while log.document(.main).containerIDs.count <= enough, rounds < 2_000 {
            rounds += 1
            let before = log.document(.main).snapshot()
            let fails = random.chance(30)
            var rng = random
            do {
                let change = try log.transact(document: .main, actor: alice) { tx in
                    for _ in 0...rng.below(4) { try RandomEdit.apply(to: &tx, random: &rng) }
                    if fails { throw Abort() }
                }
                if let change { try deliver([change], to: &peer) }
            } catch is Abort {
                #expect(log.document(.main).snapshot() == before, "round \(rounds): rollback left changes")
            }
            random = rng
        }
        let document = log.document(.main)
        #expect(document.containerIDs.count > enough)
        document._checkInvariants()
        #expect(document == peer.document(.main))
        #expect(try Document(snapshot: document.snapshot()) == document)
    }
}
