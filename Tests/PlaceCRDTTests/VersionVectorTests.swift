import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// The sorted-entry version vector against a plain dictionary model, over random edits.
@Suite struct VersionVectorTests {
    @Test(arguments: 0..<20 as Range<UInt64>)
    func behavesLikeADictionaryOfSeqs(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        // Up to 20 actors, so both the short scan (8 or fewer entries) and the binary search run.
        let actors = (0..<20).map { _ in ActorID.test(random.next()) }
        var vector = VersionVector()
        var model: [ActorID: UInt64] = [:]
        for _ in 0..<400 {
            let actor = actors[random.below(actors.count)]
            switch random.below(4) {
            case 0:
                let seq = UInt64(random.below(3))
                vector[actor] = seq
                model[actor] = seq == 0 ? nil : seq
            case 1:
                var other = VersionVector()
                var otherModel: [ActorID: UInt64] = [:]
                for _ in 0..<random.below(6) {
                    let otherActor = actors[random.below(actors.count)]
                    let seq = UInt64(1 + random.below(9))
                    other[otherActor] = seq
                    otherModel[otherActor] = seq
                }
                #expect(vector.includes(other) == otherModel.allSatisfy { (model[$0.key] ?? 0) >= $0.value })
                vector.formUnion(other)
                model.merge(otherModel) { max($0, $1) }
            default:
                #expect(vector[actor] == model[actor] ?? 0)
            }
            #expect(vector.count == model.count)
            #expect(vector.entries.map(\.actor) == model.keys.sorted())
            #expect(vector.entries.allSatisfy { model[$0.actor] == $0.seq })
            #expect(vector == VersionVector(model))
            #expect(vector.hashValue == VersionVector(model).hashValue)
            var withoutActor = model
            withoutActor[actor] = 99
            let other = VersionVector(withoutActor)
            #expect(vector.equalsIgnoring(actor, other))
            if let someone = model.keys.first(where: { $0 != actor }) {
                var changed = withoutActor
                changed[someone] = (changed[someone] ?? 0) + 1
                #expect(!vector.equalsIgnoring(actor, VersionVector(changed)))
            }
        }
    }
}
