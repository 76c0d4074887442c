import Foundation
import Glibc
import PlaceCRDT
import PlaceSync
import PlaceWire
import Testing

/// Real processes writing to one replica: kill -9 at random moments (RELIABILITY.md D1, D5, D6) and two
/// writers at once. The child is `ReplicaWorker` (Tests/Helpers), which prints "ack <key>" after each
/// commit.
@Suite(.serialized) struct ProcessCrashTests {
    /// `PLACESYNC_KILL_CYCLES` raises the number of kill cycles (CI runs 20; the release bar is 200).
    static var killCycles: Int { Int(ProcessInfo.processInfo.environment["PLACESYNC_KILL_CYCLES"] ?? "") ?? 20 }

    static func workerPath() throws -> String {
        if let path = ProcessInfo.processInfo.environment["PLACESYNC_WORKER"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("ReplicaWorker").path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw SyncError(.notFound, "ReplicaWorker is not built at \(beside); run `swift build --build-tests` first")
        }
        return beside
    }

    struct Worker {
        let process = Process()
        let output = Pipe()
        let errors = Pipe()

        init(node: String, space: SpaceID, tag: String, count: Int, seconds: Double? = nil) throws {
            process.executableURL = URL(fileURLWithPath: try ProcessCrashTests.workerPath())
            process.arguments =
                ["write", node, space.description, tag, String(count)] + (seconds.map { [String($0)] } ?? [])
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        /// The keys whose commit the worker acknowledged, once it has ended.
        func acknowledged() -> [String] {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return text.split(separator: "\n").filter { $0.hasPrefix("ack ") }.map { String($0.dropFirst(4)) }
        }

        func errorOutput() -> String {
            String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    /// The keys present in the main document and the value of its "writes" counter.
    static func state(of node: Node, in space: SpaceID) throws -> (keys: Set<String>, writes: Int64) {
        let document = try node.document(.main, in: space)
        let keys = Set((document.keys() ?? []).filter { $0 != "writes" })
        var writes: Int64 = 0
        if case .container(let counter, .counter) = document.value(forKey: "writes") {
            writes = document.counterValue(counter) ?? 0
        }
        return (keys, writes)
    }

    @Test func acknowledgedWritesSurviveKillNineAtRandomMoments() throws {
        let folder = try TemporaryFolder()
        let path = folder.node("n")
        let space = try Node.create(at: path, configuration: testConfiguration()).createSpace(name: "s")
        var acknowledged = Set<String>()
        var generator = SystemRandomNumberGenerator()
        for cycle in 0..<Self.killCycles {
            let worker = try Worker(node: path, space: space, tag: "w", count: 1_000_000)
            usleep(UInt32.random(in: 30_000...400_000, using: &generator))
            kill(worker.process.processIdentifier, SIGKILL)
            worker.process.waitUntilExit()
            acknowledged.formUnion(worker.acknowledged())
            let node = try Node.open(at: path, configuration: testConfiguration())
            #expect(try node.integrityCheck() == "ok", "cycle \(cycle)")
            let (keys, writes) = try Self.state(of: node, in: space)
            let lost = acknowledged.subtracting(keys)
            #expect(lost.isEmpty, "cycle \(cycle): acknowledged writes lost: \(lost.sorted().prefix(5))")
            // Each transaction sets one key and increments the counter once: a half-applied or twice-applied
            // change would make them disagree.
            #expect(Int64(keys.count) == writes, "cycle \(cycle): \(keys.count) keys but counter \(writes)")
            #expect(try node.version(of: space)[node.actor] == UInt64(keys.count), "cycle \(cycle)")
            #expect(node.startupNotice == nil, "cycle \(cycle): \(node.startupNotice ?? "")")
        }
        #expect(acknowledged.count > Self.killCycles)
        print("kill -9: \(Self.killCycles) cycles, \(acknowledged.count) acknowledged writes, none lost")
    }

    @Test func twoProcessesWritingAtOnceLoseNothingAndSeeNoError() throws {
        let folder = try TemporaryFolder()
        let path = folder.node("n")
        let space = try Node.create(at: path, configuration: testConfiguration()).createSpace(name: "s")
        let seconds = Double(ProcessInfo.processInfo.environment["PLACESYNC_CONCURRENT_SECONDS"] ?? "") ?? 10
        let workers = try ["p", "q"].map {
            try Worker(node: path, space: space, tag: $0, count: 1_000_000, seconds: seconds)
        }
        for worker in workers { worker.process.waitUntilExit() }
        var acknowledged = Set<String>()
        for worker in workers {
            #expect(worker.process.terminationStatus == 0)
            #expect(worker.errorOutput().isEmpty)
            let keys = worker.acknowledged()
            #expect(!keys.isEmpty)
            acknowledged.formUnion(keys)
        }
        let node = try Node.open(at: path, configuration: testConfiguration())
        let (keys, writes) = try Self.state(of: node, in: space)
        #expect(keys == acknowledged)
        #expect(Int64(keys.count) == writes)
        #expect(try node.integrityCheck() == "ok")
        print("two writers for \(seconds) s: \(keys.count) writes, none lost, no error")
    }
}
