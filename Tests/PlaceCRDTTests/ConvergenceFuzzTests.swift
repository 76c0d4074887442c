import Foundation
import PlaceCRDT
import PlaceTestSupport
import Testing

/// D9–D11: random multi-replica edit sequences converge; load(save(x)) == x on every state reached.
@Suite struct ConvergenceFuzzTests {
    /// CI runs 200 seeds; `PLACESYNC_FUZZ_SEEDS=10000` runs the release bar.
    static var seedCount: UInt64 {
        UInt64(ProcessInfo.processInfo.environment["PLACESYNC_FUZZ_SEEDS"] ?? "") ?? 200
    }

    @Test func threeReplicasConvergeForEverySeed() throws {
        var checks = 0
        for seed in 0..<Self.seedCount {
            var fuzzer = ConvergenceFuzzer(seed: seed, replicas: 3, steps: 60)
            do {
                try fuzzer.run()
            } catch {
                Issue.record("\(error)")
                return
            }
            checks += fuzzer.snapshotChecks
        }
        #expect(checks > 1_000)
    }

    @Test func fiveReplicasWithLongerRunsConverge() throws {
        for seed in 10_000..<(10_000 + Self.seedCount / 10) {
            var fuzzer = ConvergenceFuzzer(seed: seed, replicas: 5, steps: 200)
            do {
                try fuzzer.run()
            } catch {
                Issue.record("\(error)")
                return
            }
        }
    }

    /// D10: one set of changes applied in 100 random permutations, with duplicates, gives one state.
    @Test func everyPermutationWithDuplicatesGivesTheSameState() throws {
        var random = SeededRandom(seed: 42)
        var logs = [ChangeLog(), ChangeLog(), ChangeLog()]
        let actors = [alice, bob, carol]
        var all: [Change] = []
        for round in 0..<30 {
            let index = round % 3
            var rng = random
            if let change = try logs[index].transact(
                document: .main, actor: actors[index],
                { tx in
                    try RandomEdit.apply(to: &tx, random: &rng)
                    try RandomEdit.apply(to: &tx, random: &rng)
                })
            {
                all.append(change)
            }
            random = rng
            if random.chance(40) {
                var other = logs[(index + 1) % 3]
                try syncBoth(&logs[index], &other)
                logs[(index + 1) % 3] = other
            }
        }
        var reference: [UInt8]?
        for _ in 0..<100 {
            var delivery = all + all.filter { _ in random.chance(30) }
            delivery.shuffle(using: &random)
            var log = ChangeLog()
            try deliver(delivery, to: &log)
            #expect(log.pendingCount == 0)
            let snapshot = log.document(.main).snapshot()
            if let reference { #expect(snapshot == reference) } else { reference = snapshot }
        }
    }
}
