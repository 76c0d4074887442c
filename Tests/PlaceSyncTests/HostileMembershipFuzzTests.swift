import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// The membership convergence fuzz with a hostile admin among honest ones, on real replicas: Mallory
/// removes with lying `lastSeq`s, keeps writing with the dependencies she had before her demotion, and
/// seals keys of her own making to members. Honest admins add, remove and change roles concurrently.
/// All honest replicas agree with each other, and with a fresh replica fed everything shuffled; no
/// honest member ever holds a key Mallory made. CI runs 8 seeds; `PLACESYNC_MEMBERSHIP_SEEDS=N` more.
@Suite struct HostileMembershipFuzzTests {
    @Test(arguments: MembershipConvergenceFuzzTests.seeds)
    func honestReplicasAgreeWhateverAHostileAdminSigns(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let folder = try TemporaryFolder()
        let (space, admins) = try threeAdmins(in: folder)
        let a = admins[0]
        var mallory = try HandSigner(space: space)
        try a.addMember(mallory.nodeID, role: .admin, in: space)
        let targets = try (0..<3).map { try Node.create(at: folder.node("t\($0)"), configuration: testConfiguration()) }
        func sync(_ from: Node, _ to: Node) throws {
            try to.ingest(from.envelopes(in: space, since: to.version(of: space), includeEvidence: true))
        }
        for from in admins { for to in admins where to !== from { try sync(from, to) } }
        // What Mallory has seen when she signs: a stale copy of some admin's vector, never going back.
        var malloryView = try a.version(of: space)
        var forgedKeys: [[UInt8]] = []
        var hostile: [[UInt8]] = []
        for _ in 0..<24 {
            if random.chance(30) {
                let victim =
                    random.chance(50) ? admins[random.below(admins.count)].actor : targets[random.below(3)].actor
                let operation: MembershipOperation
                switch random.below(3) {
                case 0: operation = .remove(member: victim, lastSeq: UInt64(random.below(4)))  // lies, mostly
                case 1: operation = .changeRole(member: victim, role: MemberRole.allCases[random.below(4)])
                default: operation = .add(member: targets[random.below(3)].actor, role: .admin, sealedName: [])
                }
                hostile.append(try mallory.sign(.membership, body: operation.encoded(), deps: malloryView))
                if random.chance(50) {
                    let key = try EpochKey.generate(epoch: try a.membership(of: space).epoch)
                    forgedKeys.append(Array(try key.commitment(space: space.bytes)))
                    let recipient = admins[random.below(admins.count)].nodeID
                    let wrap = try KeyWrap.wrap(key, space: space.bytes, to: recipient, from: mallory.key)
                    hostile.append(try mallory.sign(.keyWrap, body: wrap.encoded, deps: malloryView))
                }
            } else {
                let admin = admins[random.below(admins.count)]
                let target = targets[random.below(targets.count)]
                do {
                    switch random.below(3) {
                    case 0: try admin.addMember(target.nodeID, role: MemberRole.allCases[random.below(4)], in: space)
                    case 1:
                        let who = random.chance(30) ? mallory.nodeID : target.nodeID
                        try admin.changeRole(of: who, to: MemberRole.allCases[random.below(4)], in: space)
                    default: try admin.removeMember(target.nodeID, from: space)
                    }
                } catch let error as SyncError where error.code == .notPermitted || error.code == .authorFrozen {}
            }
            if random.chance(35) {
                let from = admins[random.below(admins.count)]
                let to = admins[random.below(admins.count)]
                if from !== to { try sync(from, to) }
                // Mallory catches up to a stale view now and then (never behind her own last deps).
                if random.chance(30) { malloryView.formUnion(try from.version(of: space)) }
            }
            if !hostile.isEmpty, random.chance(40) {
                _ = try admins[random.below(admins.count)].ingest(hostile.shuffled(using: &random))
            }
        }
        for admin in admins { _ = try admin.ingest(hostile) }
        for _ in 0..<3 {
            for from in admins.shuffled(using: &random) {
                for to in admins where to !== from { try sync(from, to) }
            }
        }
        let reference = try admins[0].membership(of: space)
        for node in admins.dropFirst() {
            #expect(try node.membership(of: space) == reference, "seed \(seed)")
            #expect(try node.version(of: space) == admins[0].version(of: space), "seed \(seed)")
            #expect(try node.documents(in: space) == admins[0].documents(in: space), "seed \(seed)")
        }
        // No honest replica holds a key Mallory made for an epoch she did not start (for her own epochs,
        // started by her removals, the key she made is the epoch's key).
        let hers = Set(
            (1...max(1, mallory.seq)).map { Membership.epochNumber(space: space, author: mallory.actor, seq: $0) })
        for node in admins {
            for key in try node.heldEpochKeys(in: space) where !hers.contains(key.epoch) {
                #expect(!forgedKeys.contains(Array(try key.commitment(space: space.bytes))), "seed \(seed)")
            }
        }
        let late = try freshReplica(fedShuffled: admins[0], space: space, in: folder, random: &random)
        #expect(try late.membership(of: space) == reference, "seed \(seed)")
        #expect(try late.version(of: space) == admins[0].version(of: space), "seed \(seed)")
    }
}
