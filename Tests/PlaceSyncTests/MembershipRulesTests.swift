import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// The membership rules (`Protocol/MEMBERSHIP.md` §3), on entries built by hand: who may do what, and
/// how concurrent conflicting entries resolve — the same way whatever order they are evaluated in.
@Suite struct MembershipRulesTests {
    static let creator = ActorID.test(1)
    static let bob = ActorID.test(2)
    static let carol = ActorID.test(3)
    static let dave = ActorID.test(4)
    static let nonce = [UInt8](repeating: 7, count: 16)
    static var space: SpaceID { Membership.spaceID(creator: creator, nonce: nonce)! }

    /// Builds entries the way one author's log does: seq counting up, deps = what it had seen.
    struct LogBuilder {
        var seqs: [ActorID: UInt64] = [:]
        var entries: [MembershipEntry] = []

        @discardableResult
        mutating func write(
            _ author: ActorID, _ operation: MembershipOperation, seeing seen: [MembershipEntry]? = nil,
            alsoSeen: [ActorID: UInt64] = [:]
        ) -> MembershipEntry {
            let seq = (seqs[author] ?? 0) + 1
            seqs[author] = seq
            var deps = VersionVector()
            for entry in seen ?? entries { deps[entry.author] = max(deps[entry.author], entry.seq) }
            for (other, seq) in alsoSeen { deps[other] = max(deps[other], seq) }
            deps[author] = seq - 1
            let entry = MembershipEntry(author: author, seq: seq, deps: deps, operation: operation)
            entries.append(entry)
            return entry
        }
    }

    static func started() -> LogBuilder {
        var log = LogBuilder()
        log.write(creator, .genesis(nonce: nonce, sealedName: []))
        return log
    }

    /// Evaluates `entries` in every given order and checks all agree; returns the result.
    static func evaluateShuffled(_ entries: [MembershipEntry], seed: UInt64 = 1) -> Membership {
        let reference = Membership.evaluate(entries, space: space)
        #expect(Membership.evaluateWithoutShortcuts(entries, space: space) == reference)
        var random = SeededRandom(seed: seed)
        for _ in 0..<20 {
            #expect(Membership.evaluate(entries.shuffled(using: &random), space: space) == reference)
        }
        return reference
    }

    @Test func theCreatorIsTheFirstAdminAndAddsMembers() {
        var log = Self.started()
        log.write(Self.creator, .add(member: Self.bob, role: .writer, sealedName: []))
        log.write(Self.creator, .add(member: Self.carol, role: .relay, sealedName: []))
        let membership = Self.evaluateShuffled(log.entries)
        #expect(membership.creator == Self.creator)
        #expect(membership.roles == [Self.creator: .admin, Self.bob: .writer, Self.carol: .relay])
        #expect(membership.mayWrite(Self.bob, seq: 10))
        #expect(!membership.mayWrite(Self.carol, seq: 1))
    }

    @Test func aGenesisForAnotherSpaceOrByAnotherKeyCountsForNothing() {
        var log = LogBuilder()
        log.write(Self.bob, .genesis(nonce: Self.nonce, sealedName: []))  // bob cannot claim the creator's space
        log.write(Self.bob, .add(member: Self.dave, role: .admin, sealedName: []))
        let membership = Membership.evaluate(log.entries, space: Self.space)
        #expect(membership.creator == nil && membership.roles.isEmpty)
    }

    @Test func entriesByNonAdminsOrByAnAdminRemovedEarlierChangeNothing() {
        var log = Self.started()
        log.write(Self.creator, .add(member: Self.bob, role: .writer, sealedName: []))
        log.write(Self.creator, .add(member: Self.carol, role: .admin, sealedName: []))
        log.write(Self.bob, .add(member: Self.dave, role: .admin, sealedName: []))  // a writer: forged
        log.write(Self.creator, .remove(member: Self.carol, lastSeq: 0))
        log.write(Self.carol, .remove(member: Self.creator, lastSeq: 9))  // carol after her removal
        let membership = Self.evaluateShuffled(log.entries)
        #expect(membership.roles == [Self.creator: .admin, Self.bob: .writer])
        #expect(membership.cutoffs == [Self.carol: 0])
    }

    @Test func authorityIsJudgedAtTheEntrysCausalPosition() {
        var log = Self.started()
        let addCarol = log.write(Self.creator, .add(member: Self.carol, role: .admin, sealedName: []))
        // Carol writes having seen her own admission: valid even though the creator later demotes her.
        log.write(Self.carol, .add(member: Self.dave, role: .writer, sealedName: []))
        log.write(Self.creator, .changeRole(member: Self.carol, role: .reader))
        // An entry by Carol that did not see her admission is forged.
        log.write(Self.carol, .add(member: Self.bob, role: .admin, sealedName: []), seeing: [log.entries[0]])
        _ = addCarol
        let membership = Self.evaluateShuffled(log.entries)
        #expect(membership.roles == [Self.creator: .admin, Self.carol: .reader, Self.dave: .writer])
    }

    @Test func twoAdminsRemovingEachOtherConcurrentlyResolveTheSameWayEverywhere() {
        var log = Self.started()
        log.write(Self.creator, .add(member: Self.bob, role: .admin, sealedName: []))
        log.write(Self.creator, .add(member: Self.carol, role: .admin, sealedName: []))
        let base = log.entries
        log.write(Self.bob, .remove(member: Self.carol, lastSeq: 0), seeing: base)
        log.write(Self.carol, .remove(member: Self.bob, lastSeq: 0), seeing: base)
        let membership = Self.evaluateShuffled(log.entries)
        // The first in the deterministic order wins; the other's author is gone by then.
        #expect(membership.roles.count == 2)
        #expect((membership.roles[Self.bob] == nil) != (membership.roles[Self.carol] == nil))
    }

    @Test func concurrentRemovalsOfOneMemberTakeTheLowestSeqAndARemovedNodeIsNeverReadded() {
        var log = Self.started()
        log.write(Self.creator, .add(member: Self.bob, role: .admin, sealedName: []))
        log.write(Self.creator, .add(member: Self.dave, role: .writer, sealedName: []))
        let base = log.entries
        // Each removal's lastSeq is what its author had seen of Dave's envelopes (his content: not entries).
        log.write(Self.creator, .remove(member: Self.dave, lastSeq: 12), seeing: base, alsoSeen: [Self.dave: 12])
        log.write(Self.bob, .remove(member: Self.dave, lastSeq: 7), seeing: base, alsoSeen: [Self.dave: 7])
        log.write(Self.creator, .add(member: Self.dave, role: .writer, sealedName: []))
        let membership = Self.evaluateShuffled(log.entries)
        #expect(membership.cutoffs[Self.dave] == 7)
        #expect(membership.role(of: Self.dave) == nil)
        #expect(!membership.mayWrite(Self.dave, seq: 5))
    }

    /// Membership convergence fuzz: several admins add, remove and change roles concurrently; evaluating
    /// the same set in any order gives one membership.
    @Test(arguments: 0..<200 as Range<UInt64>)
    func randomConcurrentAdminEntriesEvaluateToOneMembership(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let nodes = (1...6).map { ActorID.test(UInt64($0)) }
        var log = Self.started()
        // Each replica has seen a prefix of the log (a stale view) when it writes.
        for _ in 0..<25 {
            let author = nodes[random.below(3)]
            let target = nodes[1 + random.below(nodes.count - 1)]
            let seen = Array(log.entries.prefix(1 + random.below(log.entries.count)))
            let operation: MembershipOperation =
                switch random.below(3) {
                case 0: .add(member: target, role: MemberRole.allCases[random.below(4)], sealedName: [])
                case 1: .changeRole(member: target, role: MemberRole.allCases[random.below(4)])
                default:
                    // Honest removals name what their author had seen of the member; hostile ones lie.
                    .remove(
                        member: target,
                        lastSeq: random.chance(50)
                            ? seen.filter { $0.author == target }.map(\.seq).max() ?? 0 : UInt64(random.below(20)))
                }
            log.write(author, operation, seeing: seen)
        }
        let membership = Self.evaluateShuffled(log.entries, seed: seed)
        #expect(membership.creator == Self.creator)
        // Every view of a subset that is causally closed evaluates without contradiction too.
        #expect(Membership.evaluate(log.entries, space: Self.space, at: VersionVector()).roles.isEmpty)
    }
}
