// The sync layer's speed, next to floors measured in the same run (issue "Sync"):
// 1. initial sync of ENVELOPES envelopes (default 100000) from one node to another over TCP on loopback,
//    against the floor: raw SQLite batch inserts of the same envelopes plus their signature checks;
//    and the bytes on the wire against the sum of the envelopes' sizes;
// 2. live propagation practice → hub → practice over TCP, p50 and p99 over EDITS edits (default 1000);
// 3. an idle placesyncd's memory (a real process);
// 4. a hub (a real placesyncd process) with PRACTICES connected practices (default 50) editing: its
//    memory and CPU.
// Run: cd Benchmarks && swift build -c release && swift run -c release sync-report
// The daemon binary is PLACESYNCD (default ../.build/release/placesyncd): build it first at the root with
// `swift build -c release --product placesyncd --static-swift-stdlib` (the deployment build, Daemon/README.md)
// or without the flag (dynamically linked Swift libraries). SECTIONS=initial,live,daemon,checkpoint picks parts.
import CSQLiteRaw
import Foundation
import Logging
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceWire

let environment = ProcessInfo.processInfo.environment
let envelopeCount = Int(environment["ENVELOPES"] ?? "") ?? 100_000
let editCount = Int(environment["EDITS"] ?? "") ?? 1_000
let practiceCount = Int(environment["PRACTICES"] ?? "") ?? 50
let daemonPath = environment["PLACESYNCD"] ?? "../.build/release/placesyncd"
/// Which parts to run: initial, live, daemon (default all).
let sections = Set((environment["SECTIONS"] ?? "initial,live,daemon").split(separator: ",").map(String.init))

func now() -> Double { Date().timeIntervalSince1970 }
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return now() - start
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func percentile(_ values: [Double], _ p: Double) -> Double {
    values.sorted()[min(values.count - 1, Int(Double(values.count) * p))]
}
func documentID(_ index: Int) -> DocumentID {
    var bytes = [UInt8](repeating: 0, count: 16)
    bytes[14] = UInt8(truncatingIfNeeded: index >> 8)
    bytes[15] = UInt8(truncatingIfNeeded: index)
    return DocumentID(bytes: bytes)!
}
var quiet = Logger(label: "bench")
quiet.logLevel = .critical
let clock = SyncClock()

let root = FileManager.default.temporaryDirectory.appendingPathComponent("placesync-sync-report-\(getpid())").path
try? FileManager.default.removeItem(atPath: root)
defer { try? FileManager.default.removeItem(atPath: root) }

/// A writer with `count` small content envelopes over 1,000 documents, and a member that has none.
func makeWriter(_ name: String, count: Int, members: [NodeID]) throws -> (Node, SpaceID) {
    var fast = NodeConfiguration()
    fast.store.durability = .normal
    let writer = try Node.create(at: root + "/" + name, configuration: fast)
    let space = try writer.createSpace(name: "bench")
    for member in members { try writer.addMember(member, role: .writer, in: space) }
    let words = ["falls", "frailty", "audit", "huddle", "PDSA", "measure", "baseline", "uptake"]
    for index in 0..<count {
        try writer.transact(in: space, document: documentID(index % 1_000)) { tx in
            try tx.set("k\(index % 7)", .string("\(words[index % words.count]) \(index)"))
        }
        if index > 0, index % 20_000 == 0 { FileHandle.standardError.write(Data("  \(index) written\n".utf8)) }
    }
    return (writer, space)
}

/// A byte stream writer that counts what passes.
final class CountingWriter: ByteStreamWriter, @unchecked Sendable {
    // Safety: `count` is only touched by the connection's single writer task.
    let inner: InMemoryByteStream.Writer
    var count = 0
    init(_ inner: InMemoryByteStream.Writer) { self.inner = inner }
    func write(_ bytes: [UInt8]) async throws {
        count += bytes.count
        try await inner.write(bytes)
    }
    func finish() async { await inner.finish() }
}

// MARK: 1. Initial sync

if sections.contains("initial") {
    print("## Initial sync of \(envelopeCount) envelopes\n")
    FileHandle.standardError.write(Data("building the sender's replica…\n".utf8))
    let receiverIDs = try (0..<3).map { run in try Node.create(at: root + "/receiver-\(run)").nodeID }
    let ingestOnlyIDs = try (0..<2).map { run in try Node.create(at: root + "/ingest-only-\(run)").nodeID }
    let memoryReceiver = try Node.create(at: root + "/receiver-memory")
    let plainReceiver = try Node.create(at: root + "/receiver-memory-plain")
    let (sender, space) = try makeWriter(
        "sender", count: envelopeCount,
        members: receiverIDs + ingestOnlyIDs + [memoryReceiver.nodeID, plainReceiver.nodeID])
    let allEnvelopes = try sender.envelopes(in: space, since: VersionVector())
    let envelopeBytes = allEnvelopes.reduce(0) { $0 + $1.count }

    // Over TCP on loopback, the daemon's own listener and dialer, one run per fresh receiver.
    let senderWatcher = ReplicaWatcher(node: sender)
    let listener = try await PeerListener.bind(
        host: "127.0.0.1", port: 0, node: sender, watcher: senderWatcher, logger: quiet, clock: clock)
    let serving = Task { try await listener.run() }
    var syncTimes: [Double] = []
    for run in 0..<3 {
        let receiver = try Node.open(at: root + "/receiver-\(run)")
        // A node takes on a space it was added to when its user says so (issue "hostile peers").
        try receiver.joinSpace(space, name: "bench")
        let start = now()
        let outcome = try await TCPSync.dial(
            host: "127.0.0.1", port: listener.port, node: receiver, leaveWhenSynced: true,
            changes: receiver.storedEnvelopes, context: SyncContext(logger: quiet, clock: clock))
        syncTimes.append(now() - start)
        let same = try receiver.version(of: space) == sender.version(of: space)
        precondition(outcome.synced && same, "sync failed")
    }
    serving.cancel()

    // The same session over an in-memory pipe, counting the bytes each way: with deflated batches (protocol
    // version 2, the default) and without (the baseline).
    func memorySync(_ receiver: Node, deflate: Bool) async throws -> (bytes: Int, seconds: Double) {
        let (senderEnd, receiverEnd) = InMemoryByteStream.pair()
        let toReceiver = CountingWriter(senderEnd.writer)
        let toSender = CountingWriter(receiverEnd.writer)
        try await receiver.joinSpace(space, name: "bench")
        var configuration = SyncConfiguration()
        configuration.deflateBatches = deflate
        let responderSession = try SyncSession(
            role: .responder, node: sender, configuration: configuration, now: clock.now())
        let initiatorSession = try SyncSession(
            role: .initiator, node: receiver, configuration: configuration, now: clock.now())
        let start = now()
        async let sent = SyncConnection.run(
            session: responderSession, inbound: senderEnd.inbound, writer: toReceiver,
            changes: AsyncStream { _ in }, logger: quiet, clock: clock)
        let received = await SyncConnection.run(
            session: initiatorSession, inbound: receiverEnd.inbound,
            writer: toSender, changes: AsyncStream { _ in }, leaveWhenSynced: true, logger: quiet, clock: clock)
        _ = await sent
        precondition(received.synced, "in-memory sync failed")
        return (toReceiver.count + toSender.count, now() - start)
    }
    let deflated = try await memorySync(memoryReceiver, deflate: true)
    let plain = try await memorySync(plainReceiver, deflate: false)

    // The floor: raw SQLite inserts of the same blobs in batches of 2048 (the session's batch), synchronous=FULL,
    // plus decoding and checking each envelope's signature.
    var floorTimes: [Double] = []
    for run in 0..<3 {
        var database: OpaquePointer?
        precondition(sqlite3_open(root + "/floor-\(run).sqlite", &database) == SQLITE_OK)
        sqlite3_exec(
            database,
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE e (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL)",
            nil, nil, nil)
        var insert: OpaquePointer?
        sqlite3_prepare_v2(database, "INSERT INTO e (bytes) VALUES (?)", -1, &insert, nil)
        floorTimes.append(
            try seconds {
                var index = 0
                while index < allEnvelopes.count {
                    let batch = allEnvelopes[index..<min(index + 2_048, allEnvelopes.count)]
                    for bytes in batch { try Envelope(decoding: bytes).verify() }
                    sqlite3_exec(database, "BEGIN IMMEDIATE", nil, nil, nil)
                    for bytes in batch {
                        _ = bytes.withUnsafeBytes { sqlite3_bind_blob(insert, 1, $0.baseAddress, Int32($0.count), nil) }
                        sqlite3_step(insert)
                        sqlite3_reset(insert)
                    }
                    sqlite3_exec(database, "COMMIT", nil, nil, nil)
                    index += 2_048
                }
            })
        sqlite3_finalize(insert)
        sqlite3_close(database)
    }
    // For reference: Node.ingest of the same envelopes in the session's batches, no network, no sender.
    var ingestTimes: [Double] = []
    for run in 0..<2 {
        let receiver = try Node.open(at: root + "/ingest-only-\(run)")
        try receiver.joinSpace(space, name: "bench")
        let everything = try sender.envelopes(in: space, since: VersionVector())
        ingestTimes.append(
            try seconds {
                var index = 0
                var batch: [[UInt8]] = []
                var bytes = 0
                while index < everything.count {
                    batch.append(everything[index])
                    bytes += everything[index].count
                    index += 1
                    if bytes >= SyncConfiguration().batchBytes || batch.count >= SyncConfiguration().batchEnvelopes
                        || index == everything.count
                    {
                        try receiver.ingest(batch)
                        batch = []
                        bytes = 0
                    }
                }
            })
    }
    let syncTime = median(syncTimes)
    let floorTime = median(floorTimes)
    print("what | s (median of 3) | envelopes/s")
    print("---|---|---")
    print(
        "floor: verify + raw SQLite insert | \(String(format: "%.2f", floorTime)) | \(String(format: "%.0f", Double(allEnvelopes.count) / floorTime))"
    )
    print(
        "Node.ingest alone, same batches, no network | \(String(format: "%.2f", median(ingestTimes))) | \(String(format: "%.0f", Double(allEnvelopes.count) / median(ingestTimes)))"
    )
    print(
        "**sync over TCP** | \(String(format: "%.2f", syncTime)) | \(String(format: "%.0f", Double(allEnvelopes.count) / syncTime))"
    )
    print(
        "\ninitial sync reaches \(String(format: "%.0f", floorTime / syncTime * 100)) % of the floor's throughput (target ≥ 50 %)"
    )
    print("\nin-memory pipe | wire bytes both ways | of the envelopes' bytes | s")
    print("---|---|---|---")
    for (label, run) in [("deflated batches (version 2, default)", deflated), ("plain batches (baseline)", plain)] {
        print(
            "\(label) | \(run.bytes) | \(String(format: "%.1f", Double(run.bytes) / Double(envelopeBytes) * 100)) % | "
                + String(format: "%.2f", run.seconds))
    }
    print("(\(envelopeBytes) bytes of envelopes; the plain run's overhead target is ≤ 10 %)")

}

if sections.contains("checkpoint") { try await checkpointSection() }  // CheckpointSection.swift

// MARK: 2. Live propagation

if sections.contains("live") {
    print("\n## Live propagation practice → hub → practice over TCP (\(editCount) edits)\n")
    let p1 = try Node.create(at: root + "/live-p1")
    let liveSpace = try p1.createSpace(name: "live")
    let hubNode = try Node.create(at: root + "/live-hub")
    let p2 = try Node.create(at: root + "/live-p2")
    try p1.addMember(hubNode.nodeID, role: .relay, in: liveSpace)
    try p1.addMember(p2.nodeID, role: .writer, in: liveSpace)
    // A hub takes on a space only from an admin its operator trusts; a practice joins the space it was
    // added to (the user's choice).
    try p2.joinSpace(liveSpace, name: "live")
    var hubConfiguration = SyncConfiguration()
    hubConfiguration.trustedAdmins = [p1.nodeID]
    let hubWatcher = ReplicaWatcher(node: hubNode)
    let p1Watcher = ReplicaWatcher(node: p1)
    let p2Watcher = ReplicaWatcher(node: p2)
    let hubListener = try await PeerListener.bind(
        host: "127.0.0.1", port: 0, node: hubNode, watcher: hubWatcher, configuration: hubConfiguration, logger: quiet,
        clock: clock)
    let liveTasks = [
        Task { try await hubWatcher.run() }, Task { try await p1Watcher.run() }, Task { try await p2Watcher.run() },
        Task { try await hubListener.run() },
        Task {
            try await PeerDialer(
                node: p1, host: "127.0.0.1", port: hubListener.port, watcher: p1Watcher, logger: quiet, clock: clock
            ).run()
        },
        Task {
            try await PeerDialer(
                node: p2, host: "127.0.0.1", port: hubListener.port, watcher: p2Watcher, logger: quiet, clock: clock
            ).run()
        },
    ]
    while (try? p2.status(of: liveSpace).canWrite) != true { try await Task.sleep(for: .milliseconds(50)) }
    while (try? p2.version(of: liveSpace)) != (try? p1.version(of: liveSpace)) {
        try await Task.sleep(for: .milliseconds(50))
    }
    var latencies: [Double] = []
    var arrivals = p2.events.makeAsyncIterator()
    for index in 0..<editCount {
        let start = now()
        try p1.transact(in: liveSpace, document: .main) { tx in try tx.set("edit", .int(Int64(index))) }
        while let event = await arrivals.next() {
            if event.document == .main,
                case .scalar(.int(let value)) = (try? p2.document(.main, in: liveSpace).value(forKey: "edit"))
                    ?? .scalar(.null),
                value == Int64(index)
            {
                break
            }
        }
        latencies.append(now() - start)
    }
    for task in liveTasks { task.cancel() }
    print(
        "commit on p1 → applied on p2: p50 \(String(format: "%.2f", percentile(latencies, 0.5) * 1e3)) ms, p99 \(String(format: "%.2f", percentile(latencies, 0.99) * 1e3)) ms, max \(String(format: "%.2f", latencies.max()! * 1e3)) ms (target p99 ≤ 50 ms)"
    )

}

// MARK: 3 and 4. Daemon processes

func rssMiB(_ pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kib / 1024
}
func cpuSeconds(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return -1 }
    let fields = stat.split(separator: ")").last!.split(separator: " ")
    return (Double(fields[11])! + Double(fields[12])!) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
func startDaemon(_ dataDir: String, trusting admins: [NodeID] = []) throws -> (Process, Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: daemonPath)
    process.arguments =
        ["--data-dir", dataDir, "--listen", "127.0.0.1:0", "--log-level", "error", "--relay", "--http", ""]
        + admins.flatMap { ["--trust-admin", "\($0)"] }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var banner = Data()
    while !banner.contains(UInt8(ascii: "\n")) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        banner.append(chunk)
    }
    let line = String(decoding: banner, as: UTF8.self)
    guard let range = line.range(of: "127.0.0.1:"), let port = Int(line[range.upperBound...].prefix { $0.isNumber })
    else {
        fatalError("placesyncd did not start (\(daemonPath)): \(line)")
    }
    return (process, port)
}

if sections.contains("daemon") {
    print("\n## Daemon memory and CPU (real placesyncd processes)\n")
    let idleNode = try Node.create(at: root + "/idle")
    _ = try idleNode.createSpace(name: "idle")
    let (idle, _) = try startDaemon(root + "/idle")
    try await Task.sleep(for: .seconds(3))
    print("idle daemon: RSS \(String(format: "%.1f", rssMiB(idle.processIdentifier))) MiB after 3 s (target ≤ 30 MiB)")
    idle.terminate()
    idle.waitUntilExit()

    // A hub with many practices: each a node in this process, dialling the hub, each writing edits.
    let admin = try Node.create(at: root + "/hub-admin")
    let hubSpace = try admin.createSpace(name: "county")
    let hubOnly = try Node.create(at: root + "/hub50")
    try admin.addMember(hubOnly.nodeID, role: .relay, in: hubSpace)
    var practices: [Node] = []
    for index in 0..<practiceCount {
        let practice = try Node.create(at: root + "/practice-\(index)")
        try admin.addMember(practice.nodeID, role: .writer, in: hubSpace)
        try practice.joinSpace(hubSpace, name: "county")
        practices.append(practice)
    }
    let (hub, hubPort) = try startDaemon(root + "/hub50", trusting: [admin.nodeID])
    let adminWatcher = ReplicaWatcher(node: admin)
    var practiceTasks: [Task<Void, any Error>] = [
        Task { try await adminWatcher.run() },
        Task {
            try await PeerDialer(
                node: admin, host: "127.0.0.1", port: hubPort, watcher: adminWatcher, logger: quiet, clock: clock
            )
            .run()
        },
    ]
    for practice in practices {
        let watcher = ReplicaWatcher(node: practice)
        practiceTasks.append(Task { try await watcher.run() })
        practiceTasks.append(
            Task {
                try await PeerDialer(
                    node: practice, host: "127.0.0.1", port: hubPort, watcher: watcher, logger: quiet, clock: clock
                )
                .run()
            })
    }
    let connectStart = now()
    // Writable, not just held: a practice that adopted the space from its chain may not have its key yet.
    while try practices.contains(where: { !(try $0.status(of: hubSpace).canWrite) }) && now() - connectStart < 120 {
        try await Task.sleep(for: .milliseconds(200))
    }
    let connected = try practices.filter { try $0.status(of: hubSpace).canWrite }.count
    let cpuBefore = cpuSeconds(hub.processIdentifier)
    let windowStart = now()
    let rounds = 10
    for round in 0..<rounds {
        for (index, practice) in practices.enumerated() {
            try practice.transact(in: hubSpace, document: documentID(index)) { tx in
                try tx.set("round", .int(Int64(round)))
            }
        }
        try await Task.sleep(for: .milliseconds(500))
    }
    // Wait until every practice holds every other practice's last edit.
    let target = try admin.version(of: hubSpace)
    while try practices.contains(where: { !(try $0.version(of: hubSpace).includes(target)) })
        && now() - windowStart < 120
    {
        try await Task.sleep(for: .milliseconds(200))
    }
    let window = now() - windowStart
    let cpu = cpuSeconds(hub.processIdentifier) - cpuBefore
    print(
        "hub with \(connected) connected practices, \(practiceCount * rounds) edits fanned out to all in \(String(format: "%.1f", window)) s: RSS \(String(format: "%.1f", rssMiB(hub.processIdentifier))) MiB, CPU \(String(format: "%.2f", cpu)) s (\(String(format: "%.0f", cpu / window * 100)) % of one core)"
    )
    for task in practiceTasks { task.cancel() }
    hub.terminate()
    hub.waitUntilExit()
}
