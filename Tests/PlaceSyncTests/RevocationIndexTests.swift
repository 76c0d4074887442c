import PlaceCRDT
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

@testable import PlaceSync

/// The index of a member's counted revocations answers "the role for this envelope" exactly as walking
/// every revocation outside the envelope's past would, whatever order the revocations were counted in.
@Suite struct RevocationIndexTests {
    /// The rule the index implements, by walking every cap.
    static func walk(_ caps: [RevocationIndex.Cap], role: MemberRole, seq: UInt64, deps: VersionVector) -> MemberRole? {
        var result = role
        for cap in caps where deps[cap.author] < cap.seq && cap.lock < seq {
            guard let capped = cap.role else { return nil }
            result = result.lowest(capped)
        }
        return result
    }

    @Test(arguments: 0..<24 as Range<UInt64>)
    func theIndexAgreesWithWalkingEveryRevocation(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let authors = (1...Int.random(in: 1...4, using: &random)).map { ActorID.test(UInt64($0)) }
        var caps: [RevocationIndex.Cap] = []
        var keys = Set<MembershipEntry.Key>()
        for _ in 0..<Int.random(in: 1...60, using: &random) {
            let author = authors.randomElement(using: &random) ?? authors[0]
            let seq = UInt64.random(in: 1...40, using: &random)
            guard keys.insert(MembershipEntry.Key(author: author, seq: seq)).inserted else { continue }
            let role: MemberRole? =
                Int.random(in: 0..<6, using: &random) == 0 ? nil : MemberRole.allCases.randomElement(using: &random)
            caps.append(
                RevocationIndex.Cap(
                    author: author, seq: seq, lock: UInt64.random(in: 0...30, using: &random), role: role))
        }
        var index = RevocationIndex()
        var inserted: [RevocationIndex.Cap] = []
        for cap in caps.shuffled(using: &random) {
            index.insert(cap)
            inserted.append(cap)
            // Asked between inserts too, as the evaluator does while it decides revocations.
            for _ in 0..<8 {
                var deps = VersionVector()
                for author in authors where Bool.random(using: &random) {
                    deps[author] = UInt64.random(in: 0...40, using: &random)
                }
                let seq = UInt64.random(in: 1...32, using: &random)
                let role = MemberRole.allCases.randomElement(using: &random) ?? .admin
                #expect(
                    index.apply(to: role, seq: seq, deps: deps)
                        == Self.walk(inserted, role: role, seq: seq, deps: deps), "seed \(seed)")
            }
        }
        #expect(
            index.all.map { MembershipEntry.Key(author: $0.author, seq: $0.seq) }
                == caps.map { MembershipEntry.Key(author: $0.author, seq: $0.seq) }.sorted())
    }
}
