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
@Suite(.serialized) struct ChaosSoakTests {
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

    // Async, sleeping with Task.sleep: two minutes of a blocked cooperative thread would starve the suites
    // that run beside it.
    @Test func underPartitionsKillsAndClockJumpsEveryPracticeEndsWithExactlyTheAcknowledgedAdds() async throws {
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
            switch Int.random(in: 0..<8, using: &random) {
            case 0, 1:
                if let writer = practice.writer, writer.process.isRunning {
                    kill(writer.process.processIdentifier, SIGKILL)
                    practice.collect(killed: true)
                    actions["writer killed", default: 0] += 1
                }
            case 2:
                if restartAt[id] == nil, let daemon = practice.daemon {
                    daemon.kill9()
                    practice.daemon = nil
                    restartAt[id] = Date().addingTimeInterval(Double.random(in: 0.5...3, using: &random))
                    actions["practice daemon killed", default: 0] += 1
                }
            case 3:
                if healAt[id] == nil {
                    practice.proxy.partition()
                    healAt[id] = Date().addingTimeInterval(Double.random(in: 1...6, using: &random))
                    actions["partition", default: 0] += 1
                }
            case 4:
                if !hubDown {
                    hub.kill9()
                    hubDown = true
                    actions["hub killed", default: 0] += 1
                }
            default:
                break
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 400...1_200, using: &random)))
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
        let acknowledged = practices.reduce(into: Set<String>()) { $0.formUnion($1.acknowledged) }
        let maybe = practices.reduce(into: Set<String>()) { $0.formUnion($1.maybe) }
        #expect(acknowledged.count > 50, "too few adds to mean anything: \(acknowledged.count)")
        #expect(actions.count == 4, "every kind of chaos happened: \(actions)")

        func keys(_ practice: Practice) -> Set<String>? {
            guard let node = try? Node.open(at: practice.path),
                let state = try? ProcessCrashTests.state(of: node, in: space)
            else { return nil }
            return state.keys
        }
        var converged = false
        let settle = Date().addingTimeInterval(150)
        while !converged, Date() < settle {
            let all = practices.map(keys)
            converged = all.allSatisfy { $0 != nil && $0 == all[0] } && acknowledged.isSubset(of: all[0] ?? [])
            if !converged { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(converged, "the practices did not converge after the storm (\(actions))")
        for practice in practices {
            let held = try #require(keys(practice))
            #expect(acknowledged.subtracting(held).isEmpty, "\(practice.name) lost \(acknowledged.subtracting(held))")
            let unexpected = held.subtracting(acknowledged).subtracting(maybe)
            #expect(unexpected.isEmpty, "\(practice.name) holds adds nobody made: \(unexpected)")
            let node = try await Node.open(at: practice.path)
            #expect(try await node.integrityCheck() == "ok")
            _ = practice.daemon?.stop()
        }
        #expect(hub.stop() == 0)
        print(
            "D19 chaos: \(Int(Self.seconds)) s, \(acknowledged.count) acknowledged adds, \(maybe.count) in doubt, \(actions)"
        )
    }
}
