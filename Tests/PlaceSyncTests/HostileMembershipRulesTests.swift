import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// The membership rules against a hostile member or admin (`Protocol/MEMBERSHIP.md` §3, RELIABILITY.md
/// D22, D27, D28): each test makes the attacker's exact moves as entries and checks that evaluating
/// them, in any order, gives what the honest admins agreed.
@Suite struct HostileMembershipRulesTests {
    typealias Log = MembershipRulesTests.LogBuilder
    static let creator = MembershipRulesTests.creator
    static let bob = MembershipRulesTests.bob
    static let carol = MembershipRulesTests.carol
    static let space = MembershipRulesTests.space

    static func evaluate(_ entries: [MembershipEntry]) -> Membership {
        MembershipRulesTests.evaluateShuffled(entries)
    }

    @Test func aRemovalThatClaimsALowerLastSeqThanItsAuthorHadSeenIsVoid() {
        var log = MembershipRulesTests.started()
        log.write(Self.creator, .add(member: Self.bob, role: .admin, sealedName: []))
        // Bob had seen the creator's genesis and his own admission (creator #2) but claims 0: that would
        // erase the genesis and leave the space without an admin.
        log.write(Self.bob, .remove(member: Self.creator, lastSeq: 0))
        let membership = Self.evaluate(log.entries)
        #expect(membership.creator == Self.creator)
        #expect(membership.role(of: Self.creator) == .admin)
        #expect(membership.cutoffs.isEmpty)
        #expect(membership.applied.contains(MembershipEntry.Key(author: Self.creator, seq: 1)))
    }

    @Test func aRemovalThatClaimsAHigherLastSeqThanItsAuthorHadSeenIsVoid() {
        var log = MembershipRulesTests.started()
        log.write(Self.creator, .add(member: Self.bob, role: .admin, sealedName: []))
        log.write(Self.creator, .add(member: Self.carol, role: .writer, sealedName: []))
        // Bob had seen Carol's envelopes up to #5; UInt64.max would let her keep writing forever.
        log.write(Self.bob, .remove(member: Self.carol, lastSeq: .max), alsoSeen: [Self.carol: 5])
        let lying = Self.evaluate(log.entries)
        #expect(lying.role(of: Self.carol) == .writer)
        #expect(lying.cutoffs.isEmpty)
        // The honest removal names exactly #5: Carol's #6 on is refused wherever it claims to sit.
        log.write(Self.bob, .remove(member: Self.carol, lastSeq: 5), alsoSeen: [Self.carol: 5])
        let honest = Self.evaluate(log.entries)
        #expect(honest.role(of: Self.carol) == nil)
        #expect(honest.cutoffs == [Self.carol: 5])
        var deps = VersionVector()
        deps[Self.creator] = 3
        deps[Self.carol] = 4
        #expect(honest.role(of: Self.carol, seq: 5, deps: deps) == .writer)
        deps[Self.carol] = 5
        #expect(honest.role(of: Self.carol, seq: 6, deps: deps) == nil)
    }

    /// The demoted admin signs with the dependencies it had before its demotion — whatever its key sorts
    /// like, so both ways the order key can tie-break are tried.
    @Test(arguments: 10..<26 as Range<UInt64>)
    func aDemotedAdminCanNeitherAddAnAdminNorRemoveTheCreator(attackerSeed: UInt64) {
        let attacker = ActorID.test(attackerSeed)
        let puppet = ActorID.test(attackerSeed + 100)
        var log = MembershipRulesTests.started()
        log.write(Self.creator, .add(member: attacker, role: .admin, sealedName: []))
        let beforeDemotion = log.entries
        log.write(Self.creator, .changeRole(member: attacker, role: .writer))
        // Stale on purpose: neither entry has the demotion in its past.
        let addPuppet = log.write(
            attacker, .add(member: puppet, role: .admin, sealedName: []), seeing: beforeDemotion)
        log.write(attacker, .remove(member: Self.creator, lastSeq: 2), seeing: beforeDemotion + [addPuppet])
        log.write(puppet, .remove(member: Self.creator, lastSeq: 2), seeing: beforeDemotion + [addPuppet])
        let membership = Self.evaluate(log.entries)
        #expect(membership.roles == [Self.creator: .admin, attacker: .writer])
        #expect(membership.cutoffs.isEmpty)
        #expect(membership.epoch == 1)
    }

    @Test func aDemotedWriterIsJudgedAsAReaderBeyondWhatItsAdminHadSeen() {
        var log = MembershipRulesTests.started()
        log.write(Self.creator, .add(member: Self.bob, role: .writer, sealedName: []))
        // The creator had seen Bob's envelopes up to #4 when it demoted him.
        let demotion = log.write(Self.creator, .changeRole(member: Self.bob, role: .reader), alsoSeen: [Self.bob: 4])
        let membership = Self.evaluate(log.entries)
        var stale = VersionVector()
        stale[Self.creator] = 2
        stale[Self.bob] = 4
        #expect(
            membership.role(
                of: Self.bob, seq: 4,
                deps: {
                    var d = stale; d[Self.bob] = 3; return d
                }()) == .writer)
        #expect(membership.role(of: Self.bob, seq: 5, deps: stale) == .reader)  // claims not to have seen it
        var aware = stale
        aware[Self.creator] = demotion.seq
        #expect(membership.role(of: Self.bob, seq: 5, deps: aware) == .reader)
        // Made a writer again: what he signs having seen that counts.
        let promotion = log.write(Self.creator, .changeRole(member: Self.bob, role: .writer), alsoSeen: [Self.bob: 4])
        let again = Self.evaluate(log.entries)
        aware[Self.creator] = promotion.seq
        #expect(again.role(of: Self.bob, seq: 5, deps: aware) == .writer)
        #expect(again.role(of: Self.bob, seq: 5, deps: stale) == .reader)
    }

    @Test func authorityThatComesFromAVoidEntryCountsForNothing() {
        var log = MembershipRulesTests.started()
        log.write(Self.creator, .add(member: Self.bob, role: .admin, sealedName: []))
        let beforeRemoval = log.entries
        log.write(Self.creator, .remove(member: Self.bob, lastSeq: 0))
        // Bob, removed before he wrote anything, adds a puppet admin as if he had not heard; the puppet
        // removes the creator having seen only what Bob had.
        let addPuppet = log.write(
            Self.bob, .add(member: Self.carol, role: .admin, sealedName: []), seeing: beforeRemoval)
        log.write(Self.carol, .remove(member: Self.creator, lastSeq: 2), seeing: beforeRemoval + [addPuppet])
        let membership = Self.evaluate(log.entries)
        #expect(membership.roles == [Self.creator: .admin])
        #expect(membership.cutoffs == [Self.bob: 0])
    }

    @Test func aMemberDemotedToRelayStartsANewEpoch() {
        var log = MembershipRulesTests.started()
        log.write(Self.creator, .add(member: Self.bob, role: .reader, sealedName: []))
        let demotion = log.write(Self.creator, .changeRole(member: Self.bob, role: .relay))
        let membership = Self.evaluate(log.entries)
        #expect(membership.epoch == Membership.epochNumber(space: Self.space, author: Self.creator, seq: demotion.seq))
    }

    @Test func entriesCaughtInADependencyCycleCountForNothing() {
        var log = MembershipRulesTests.started()
        log.write(Self.creator, .add(member: Self.bob, role: .admin, sealedName: []))
        // Bob's #1 claims to follow his own #2, which follows #1: only a forger can sign that.
        var deps = VersionVector()
        deps[Self.creator] = 2
        deps[Self.bob] = 2
        let first = MembershipEntry(
            author: Self.bob, seq: 1, deps: deps, operation: .add(member: Self.carol, role: .admin, sealedName: []))
        deps[Self.bob] = 1
        let second = MembershipEntry(
            author: Self.bob, seq: 2, deps: deps, operation: .remove(member: Self.creator, lastSeq: 2))
        let membership = Self.evaluate(log.entries + [first, second])
        #expect(membership.roles == [Self.creator: .admin, Self.bob: .admin])
    }
}

extension HostileMembershipRulesTests {
    @Test func epochNumbersAreTwoPlusTheFirst52BitsOfTheHashOfSpaceAuthorAndSeq() {
        for seq: UInt64 in [1, 2, 300, .max] {
            let author = ActorID.test(seq)
            let digest = Blake2b.hash(
                Self.space.bytes + author.bytes
                    + (0..<8).map { UInt8(truncatingIfNeeded: seq >> (56 - 8 * UInt64($0))) })
            let expected = (digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } >> 12) + 2
            #expect(Membership.epochNumber(space: Self.space, author: author, seq: seq) == expected)
        }
    }
}
