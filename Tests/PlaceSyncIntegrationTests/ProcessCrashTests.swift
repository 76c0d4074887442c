import Foundation
import Glibc
import PlaceCRDT
import PlaceStore
import PlaceSync
import PlaceSyncTestHelpers
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
        let process: SpawnedProcess
        let output = Pipe()
        let errors = Pipe()

        init(
            node: String, space: SpaceID, tag: String, count: Int, seconds: Double? = nil, clockOffset: Double? = nil
        ) throws {
            try self.init(
                arguments: ["write", node, space.description, tag, String(count)]
                    + (seconds.map { [String($0)] } ?? []),
                clockOffset: clockOffset)
        }

        init(arguments: [String], clockOffset: Double? = nil) throws {
            var environment = ProcessInfo.processInfo.environment
            if let clockOffset { environment["PLACESYNC_CLOCK_OFFSET"] = String(clockOffset) }
            process = try SpawnedProcess(
                executable: try ProcessCrashTests.workerPath(), arguments: arguments, environment: environment,
                standardOutput: output, standardError: errors)
        }

        /// Every line the worker printed, once it has ended.
        func lines() -> [String] {
            String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: "\n").map(String.init)
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
            // After the genesis and the first key wrap.
            #expect(try node.version(of: space)[node.actor] == 2 + UInt64(keys.count), "cycle \(cycle)")
            #expect(node.startupNotice == nil, "cycle \(cycle): \(node.startupNotice ?? "")")
        }
        #expect(acknowledged.count > Self.killCycles)
        print("kill -9: \(Self.killCycles) cycles, \(acknowledged.count) acknowledged writes, none lost")
    }

    /// D6: the receiver is killed while ingesting a long run of envelopes, again and again; each restart
    /// resumes from its version vector: nothing is applied twice or lost, the vector is never ahead of
    /// the data, and the end state is the sender's.
    @Test func aReceiverKilledWhileIngestingResumesAndAppliesEachEnvelopeOnce() throws {
        let folder = try TemporaryFolder()
        let sender = try Node.create(at: folder.node("sender"), configuration: testConfiguration())
        let space = try sender.createSpace(name: "s")
        let receiverPath = folder.node("receiver")
        do {
            let receiver = try Node.create(at: receiverPath, configuration: testConfiguration())
            try admit(receiver, to: space, by: sender, role: .reader)
        }
        var counter = ContainerID.root
        try sender.transact(in: space, document: .main) { tx in counter = try tx.makeContainer(.counter, at: "writes") }
        let base = try sender.version(of: space)[sender.actor]
        for index in 1...600 {
            try sender.transact(in: space, document: .main) { tx in
                try tx.set("s-\(index)", .int(Int64(index)))
                try tx.increment(counter, by: 1)
            }
        }
        var file: [UInt8] = []
        for bytes in try sender.envelopes(in: space, since: VersionVector()) {
            file += withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
        }
        let envelopesFile = folder.url.appendingPathComponent("envelopes")
        try Data(file).write(to: envelopesFile)
        var generator = SystemRandomNumberGenerator()
        var finished = false
        var cycles = 0
        var batches = 0
        while !finished && cycles < 40 {
            cycles += 1
            let worker = try Worker(arguments: ["ingest", receiverPath, envelopesFile.path, "10"])
            usleep(UInt32.random(in: 20_000...150_000, using: &generator))
            kill(worker.process.processIdentifier, SIGKILL)
            worker.process.waitUntilExit()
            let lines = worker.lines()
            finished = lines.contains("done")
            batches += lines.filter { $0.hasPrefix("batch") }.count
            let receiver = try Node.open(at: receiverPath, configuration: testConfiguration())
            #expect(try receiver.integrityCheck() == "ok")
            let (keys, writes) = try Self.state(of: receiver, in: space)
            #expect(Int64(keys.count) == writes, "cycle \(cycles): \(keys.count) keys but counter \(writes)")
            // The version vector names exactly the envelopes whose effects are there.
            let applied = try receiver.version(of: space)[sender.actor]
            if keys.isEmpty {
                #expect(applied <= base, "cycle \(cycles)")
            } else {
                #expect(applied == base + UInt64(keys.count), "cycle \(cycles)")
            }
        }
        // Finish without interruption if the kills always came first.
        if !finished {
            let worker = try Worker(arguments: ["ingest", receiverPath, envelopesFile.path, "10"])
            worker.process.waitUntilExit()
            #expect(worker.lines().contains("done"))
        }
        let receiver = try Node.open(at: receiverPath, configuration: testConfiguration())
        #expect(try receiver.document(.main, in: space) == sender.document(.main, in: space))
        #expect(try receiver.version(of: space) == sender.version(of: space))
        print("ingest under kill -9: \(cycles) cycles, \(batches) batches committed before kills, converged")
    }

    /// D5: creating and migrating a replica killed at random moments leaves each schema step wholly
    /// done or wholly not done — read from the file before anything reopens it: the steps recorded as
    /// applied are a prefix of the known ones, and the file holds exactly the tables, indexes and
    /// columns those steps add (measured step by step on an empty database) — and the database then
    /// opens, finishing the migration, every time.
    @Test func aMigrationKilledAtRandomMomentsLeavesTheDatabaseWhollyBeforeOrAfter() throws {
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        var completed = 0
        let steps = ReplicaStore.schemaSteps
        let added = try ReplicaStore.objectsAddedByStep()
        var stepsSeen: Set<Int> = []
        for cycle in 0..<20 {
            let path = folder.url.appendingPathComponent("m-\(cycle).sqlite").path
            let worker = try Worker(arguments: ["migrate", path])
            usleep(UInt32.random(in: 0...40_000, using: &generator))
            kill(worker.process.processIdentifier, SIGKILL)
            worker.process.waitUntilExit()
            if worker.lines().contains("done") { completed += 1 }
            // Before: no step half done.
            let before = try ReplicaStore.inspectSchema(atPath: path)
            #expect(Array(steps.prefix(before.appliedSteps.count)) == before.appliedSteps, "cycle \(cycle)")
            let expected = before.appliedSteps.reduce(into: Set<String>()) { $0.formUnion(added[$1] ?? []) }
            #expect(before.objects == expected, "cycle \(cycle): \(before.objects.symmetricDifference(expected))")
            stepsSeen.insert(before.appliedSteps.count)
            // After: whatever the moment, the database opens (finishing the migration if it was cut short).
            let store = try ReplicaStore.open(path: path)
            #expect(try store.integrityCheck() == "ok", "cycle \(cycle)")
            try store.write { tx in try tx.setMeta("probe", [1]) }
        }
        print(
            "migration under kill -9: 20 cycles, \(completed) finished before the kill; "
                + "steps found applied before reopening: \(stepsSeen.sorted())")
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
