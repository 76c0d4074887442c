import Foundation
import Glibc
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// RELIABILITY.md D19: a set workload under chaos. Three practices, each with a real placesyncd dialling
/// the hub through a proxy, and a writer process adding unique items to one document. For the run's
/// length, at random moments: a writer is killed -9 (and a new one starts with its clock jumped by days,
/// or to 2100), a practice's daemon or the hub is killed -9 and restarted, a practice is partitioned from
/// the hub. Then the network heals, and every practice must end with exactly the acknowledged adds — none
/// lost, nothing unexpected (an add whose writer died between its commit and its "ack" may be either)
/// — identical everywhere. CI runs 2 minutes; `PLACESYNC_RELEASE_BAR=1` 30 minutes
/// (`PLACESYNC_SOAK_SECONDS` sets any length).
@Suite(
    .serialized,
    .enabled(
        if: runsAlone,
        "starts and kills many processes, so it runs alone: scripts/test.sh does, or PLACESYNC_ALONE=1 swift test --filter ChaosSoakTests"
    )
) struct ChaosSoakTests {
    static var seconds: Double {
        let environment = ProcessInfo.processInfo.environment
        if let seconds = environment["PLACESYNC_SOAK_SECONDS"].flatMap(Double.init) { return seconds }
        return environment["PLACESYNC_RELEASE_BAR"] == "1" ? 1_800 : 120
    }

    /// Clock offsets a restarted writer picks from: none, a day either way, ten days back, the year 2100.
    static let clockJumps: [Double] = [0, 86_400, -86_400, -864_000, 2_335_000_000]

    /// One practice: its daemon, the proxy between it and the hub, its writer and what the writer said.
    final class Practice {
        let name: String
        let path: String
        let proxy: FaultyProxy
        var daemon: DaemonProcess?
        var writer: ProcessCrashTests.Worker?
        var acknowledged: Set<String> = []
        var maybe: Set<String> = []
        var highestAck = 0

        init(name: String, path: String, proxy: FaultyProxy) {
            self.name = name
            self.path = path
            self.proxy = proxy
        }

        func startDaemon() throws {
            daemon = try DaemonProcess(dataDir: path, peers: ["127.0.0.1:\(proxy.port)"])
        }

        /// Takes in what an ended writer printed; an add it may have committed without saying so is
        /// remembered as possible.
        func collect(killed: Bool) {
            guard let writer else { return }
            writer.process.waitUntilExit()
            let acks = writer.acknowledged()
            acknowledged.formUnion(acks)
            for key in acks {
                if let number = Int(key.dropFirst(name.count + 1)) { highestAck = max(highestAck, number) }
            }
            // The writer numbers on from the highest key present: the one after its last ack may exist.
            if killed { maybe.insert("\(name)-\(highestAck + 1)") }
            self.writer = nil
        }
    }

    /// What the storm left, for the test to judge.
    struct Outcome: Sendable {
        var acknowledged: Set<String> = []
        var maybe: Set<String> = []
        var actions: [String: Int] = [:]
        var converged = false
        /// Per practice: the adds it holds at the end, and its integrity check.
        var held: [String: Set<String>] = [:]
        var integrity: [String: String] = [:]
        var hubExit: Int32 = -1
    }

    // The storm runs on a thread of its own: two minutes of sleeps and process waits must neither block
    // a cooperative thread (starving the suites beside it) nor wait behind them (a starved pool once let
    // this test run only a few rounds).
    @Test func underPartitionsKillsAndClockJumpsEveryPracticeEndsWithExactlyTheAcknowledgedAdds() async throws {
        let outcome = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<Outcome, any Error>) in
            Thread { continuation.resume(with: Result { try Self.storm() }) }.start()
        }
        #expect(outcome.acknowledged.count > 50, "too few adds to mean anything: \(outcome.acknowledged.count)")
        #expect(outcome.actions.count == 4, "every kind of chaos happened: \(outcome.actions)")
        #expect(outcome.converged, "the practices did not converge after the storm (\(outcome.actions))")
        for (name, held) in outcome.held.sorted(by: { $0.key < $1.key }) {
            let lost = outcome.acknowledged.subtracting(held)
            #expect(lost.isEmpty, "\(name) lost \(lost)")
            let unexpected = held.subtracting(outcome.acknowledged).subtracting(outcome.maybe)
            #expect(unexpected.isEmpty, "\(name) holds adds nobody made: \(unexpected)")
            #expect(outcome.integrity[name] == "ok")
        }
        #expect(outcome.held.count == 3)
        #expect(outcome.hubExit == 0)
        print(
            "D19 chaos: \(Int(Self.seconds)) s, \(outcome.acknowledged.count) acknowledged adds, \(outcome.maybe.count) in doubt, \(outcome.actions)"
        )
    }

    /// Runs the storm (blocking) and what follows it; returns what every practice holds.
    static func storm() throws -> Outcome {
        let setup = try HubbedSpace()
        let space = setup.space
        _ = try setup.member("p2")
        _ = try setup.member("p3")
        var hub = try DaemonProcess(dataDir: setup.folder.node("hub"), trusting: [setup.admin.nodeID])
        let hubPort = hub.port
        let practices = try ["p1", "p2", "p3"].enumerated().map { index, name in
            Practice(
                name: name, path: setup.folder.node(name),
                proxy: try FaultyProxy(upstreamPort: hubPort, cuts: 3, seed: UInt64(19 + index)))
        }
        for practice in practices { try practice.startDaemon() }
        var random = SystemRandomNumberGenerator()
        var actions: [String: Int] = [:]
        let deadline = Date().addingTimeInterval(Self.seconds)
        var hubDown = false
        var round = 0
        var healAt: [ObjectIdentifier: Date] = [:]
        var restartAt: [ObjectIdentifier: Date] = [:]

        while Date() < deadline {
            for practice in practices {
                if let writer = practice.writer, !writer.process.isRunning { practice.collect(killed: false) }
                if practice.writer == nil {
                    practice.writer = try ProcessCrashTests.Worker(
                        node: practice.path, space: space, tag: practice.name, count: 1_000_000,
                        seconds: Double.random(in: 2...6, using: &random),
                        clockOffset: Self.clockJumps.randomElement(using: &random))
                }
                let id = ObjectIdentifier(practice)
                if let when = healAt[id], Date() >= when {
                    practice.proxy.heal()
                    healAt[id] = nil
                }
                if let when = restartAt[id], Date() >= when {
                    try practice.startDaemon()
                    restartAt[id] = nil
                }
            }
            if hubDown, Int.random(in: 0..<3, using: &random) == 0 {
                hub = try DaemonProcess(
                    dataDir: setup.folder.node("hub"), port: hubPort, trusting: [setup.admin.nodeID])
                hubDown = false
            }
            // One act of chaos every second or so.
            let practice = practices[Int.random(in: 0..<practices.count, using: &random)]
            let id = ObjectIdentifier(practice)
            // The first rounds go through every kind once; then chance decides.
            round += 1
            switch round <= 4 ? round - 1 : Int.random(in: 0..<8, using: &random) {
            case 0, 5:
                if let writer = practice.writer, writer.process.isRunning {
                    kill(writer.process.processIdentifier, SIGKILL)
                    practice.collect(killed: true)
                    actions["writer killed", default: 0] += 1
                }
            case 1:
                if restartAt[id] == nil, let daemon = practice.daemon {
                    daemon.kill9()
                    practice.daemon = nil
                    restartAt[id] = Date().addingTimeInterval(Double.random(in: 0.5...3, using: &random))
                    actions["practice daemon killed", default: 0] += 1
                }
            case 2:
                if healAt[id] == nil {
                    practice.proxy.partition()
                    healAt[id] = Date().addingTimeInterval(Double.random(in: 1...6, using: &random))
                    actions["partition", default: 0] += 1
                }
            case 3:
                if !hubDown {
                    hub.kill9()
                    hubDown = true
                    actions["hub killed", default: 0] += 1
                }
            default:
                break
            }
            usleep(UInt32.random(in: 400_000...1_200_000, using: &random))
        }

        // The storm ends: writers finish, the network heals, every daemon runs.
        if hubDown {
            hub = try DaemonProcess(dataDir: setup.folder.node("hub"), port: hubPort, trusting: [setup.admin.nodeID])
        }
        for practice in practices {
            practice.proxy.heal()
            if practice.daemon == nil { try practice.startDaemon() }
            practice.collect(killed: false)
        }
        var outcome = Outcome()
        outcome.acknowledged = practices.reduce(into: Set<String>()) { $0.formUnion($1.acknowledged) }
        outcome.maybe = practices.reduce(into: Set<String>()) { $0.formUnion($1.maybe) }
        outcome.actions = actions

        func keys(_ practice: Practice) -> Set<String>? {
            guard let node = try? Node.open(at: practice.path),
                let state = try? ProcessCrashTests.state(of: node, in: space)
            else { return nil }
            return state.keys
        }
        let settle = Date().addingTimeInterval(150)
        while !outcome.converged, Date() < settle {
            let all = practices.map(keys)
            outcome.converged =
                all.allSatisfy { $0 != nil && $0 == all[0] } && outcome.acknowledged.isSubset(of: all[0] ?? [])
            if !outcome.converged { usleep(500_000) }
        }
        for practice in practices {
            outcome.held[practice.name] = keys(practice) ?? []
            outcome.integrity[practice.name] = (try? Node.open(at: practice.path).integrityCheck()) ?? "cannot open"
            _ = practice.daemon?.stop()
        }
        outcome.hubExit = hub.stop()
        return outcome
    }
}
