import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// Ingest against a hostile peer, member or not (RELIABILITY.md D22, D38, D39): envelopes in the wrong
/// space, floods from fresh keys, equivocating pairs from non-members. Each test makes the attacker's
/// moves with keys it holds itself and checks the replica and honest envelopes come through unharmed.
@Suite struct HostileIngestTests {
    @Test func aBatchLabelledForOneSpaceCannotCarryAnotherSpacesEnvelopes() throws {
        let folder = try TemporaryFolder()
        let admin = try Node.create(at: folder.node("admin"), configuration: testConfiguration())
        let spaceA = try admin.createSpace(name: "A")
        let spaceB = try admin.createSpace(name: "B")
        let peer = try Node.create(at: folder.node("peer"), configuration: testConfiguration())
        try admit(peer, to: spaceA, by: admin)
        try admit(peer, to: spaceB, by: admin)
        try writeNotes(admin, space: spaceB, count: 2)
        let fromB = try admin.envelopes(in: spaceB, since: VersionVector())
        let report = try peer.ingest(fromB, in: spaceA, source: "peer:mallory")
        #expect(report.rejected.count == fromB.count)
        #expect(report.applied.isEmpty && report.pending.isEmpty)
        #expect(try peer.version(of: spaceB).entries.isEmpty)
        // Labelled for their own space, they apply.
        #expect(try peer.ingest(fromB, in: spaceB).applied.count == fromB.count)
    }

    /// 100,000 envelopes from fresh keys, each waiting for a predecessor that will never come, arrive
    /// from one peer while an honest envelope waits for its own predecessor from another.
    @Test func aFloodFromFreshKeysCannotCrowdOutAnEnvelopeThatWaits() throws {
        let s = try TwoNodes()
        try writeNotes(s.a, space: s.space, count: 1)
        try s.b.ingest(s.a.envelopes(in: s.space, since: VersionVector()))
        let before = try s.b.version(of: s.space)
        try writeNotes(s.a, space: s.space, count: 2, seed: 2)
        let honest = try s.a.envelopes(in: s.space, since: before)
        #expect(honest.count == 2)
        #expect(try s.b.ingest([honest[1]], in: s.space, source: "peer:honest").pending.count == 1)
        let flood = Self.junk(count: 100_000, space: s.space)
        for start in stride(from: 0, to: flood.count, by: 2_048) {
            let report = try s.b.ingest(
                Array(flood[start..<min(start + 2_048, flood.count)]), in: s.space, source: "peer:mallory")
            #expect(report.applied.isEmpty)
        }
        // The flood holds no more than its source's share; the honest envelope still waits.
        #expect(try s.b.pendingCount() <= 8_192 + 1)
        let report = try s.b.ingest([honest[0]], in: s.space, source: "peer:honest")
        #expect(report.applied.count == 2)
        #expect(try s.b.document(.main, in: s.space) == s.a.document(.main, in: s.space))
    }

    /// 8,193 pairs of conflicting envelopes, each pair signed by a fresh key that is no member: half
    /// could be judged at once, half wait for a predecessor. No proof is stored, nobody is frozen, and
    /// a session with an honest member still syncs.
    @Test func equivocatingPairsFromNonMembersStoreNoProof() throws {
        let s = try TwoNodes()
        try writeNotes(s.a, space: s.space, count: 2)
        var pairs: [[UInt8]] = []
        for index in 0..<8_193 {
            let key = try NodeKeyPair.generate()
            for variant in 0..<2 {
                var signer = try HandSigner(space: s.space, key: key)
                if index % 2 == 1 {
                    _ = try signer.sign(.membership, body: MembershipOperation.rotate.encoded(), deps: VersionVector())
                }
                pairs.append(
                    try signer.sign(
                        .membership,
                        body: MembershipOperation.changeRole(member: s.a.actor, role: variant == 0 ? .reader : .relay)
                            .encoded(),
                        deps: VersionVector()))
            }
        }
        for start in stride(from: 0, to: pairs.count, by: 2_048) {
            let report = try s.b.ingest(
                Array(pairs[start..<min(start + 2_048, pairs.count)]), in: s.space, source: "peer:mallory")
            #expect(report.equivocations.isEmpty && report.applied.isEmpty)
        }
        #expect(try s.b.equivocationProofs(in: s.space).isEmpty)
        #expect(try s.b.cutoffs(in: s.space).isEmpty)
        var link = try SessionLink(s.b, s.a)
        link.run()
        #expect(link.a.isSynced && link.b.isSynced)
        #expect(try s.b.document(.main, in: s.space) == s.a.document(.main, in: s.space))
    }

    /// Many equivocation proofs travel in batches within the session's limits, and all arrive.
    @Test func equivocationProofsTravelInBoundedBatches() throws {
        let s = try TwoNodes()
        let witness = s.a
        var cheats: [HandSigner] = []
        for _ in 0..<5 {
            let cheat = try HandSigner(space: s.space)
            try witness.addMember(cheat.nodeID, role: .admin, in: s.space)
            cheats.append(cheat)
        }
        let seen = try witness.version(of: s.space)
        for var cheat in cheats {
            var twin = cheat
            let first = try cheat.sign(.membership, body: MembershipOperation.rotate.encoded(), deps: seen)
            let second = try twin.sign(
                .membership, body: MembershipOperation.changeRole(member: cheat.actor, role: .admin).encoded(),
                deps: seen)
            #expect(try witness.ingest([first, second]).equivocations.count == 1)
        }
        #expect(try witness.equivocationProofs(in: s.space).count == 5)
        var configuration = SyncConfiguration()
        configuration.batchEnvelopes = 4
        var link = try SessionLink(s.b, witness, configuration: configuration)
        link.run()
        #expect(link.a.isSynced)
        #expect(try s.b.equivocationProofs(in: s.space).count == 5)
        #expect(try s.b.cutoffs(in: s.space) == witness.cutoffs(in: s.space))
    }

    /// Envelopes #2 of fresh keys: each waits for a #1 that never comes.
    static func junk(count: Int, space: SpaceID) -> [[UInt8]] {
        (0..<count).compactMap { index in
            guard var signer = try? HandSigner(space: space) else { return nil }
            _ = try? signer.sign(.content, body: [], deps: VersionVector())
            return try? signer.signContent([UInt8(truncatingIfNeeded: index)], deps: VersionVector())
        }
    }
}

@Suite struct QuotaLedgerTests {
    @Test func aFloodOfFreshAuthorsKeepsTheLedgerBounded() {
        let ledger = QuotaLedger(maxAuthors: 1_000)
        for index in 0..<50_000 {
            #expect(
                ledger.charge(
                    author: ActorID.test(UInt64(index)), bytes: 10, envelopes: 1, now: .milliseconds(index),
                    quota: AuthorQuota()))
        }
        #expect(ledger.count <= 1_000)
    }

    @Test func anAuthorStillPastItsQuotaIsRefusedWhileOthersCome() {
        let ledger = QuotaLedger(maxAuthors: 100)
        var quota = AuthorQuota()
        quota.envelopesPerMinute = 10
        let noisy = ActorID.test(1)
        #expect(!ledger.charge(author: noisy, bytes: 1, envelopes: 11, now: .zero, quota: quota))
        for index in 2..<60 {
            _ = ledger.charge(
                author: ActorID.test(UInt64(index)), bytes: 1, envelopes: 1, now: .seconds(1), quota: quota)
        }
        #expect(!ledger.charge(author: noisy, bytes: 1, envelopes: 1, now: .seconds(2), quota: quota))
    }
}
