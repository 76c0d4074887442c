import Foundation
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire

/// A real `placesyncd` process on loopback, for integration tests. Its standard error (the log) goes
/// to `<folder>/<name>.log`; its first line of output gives the port it listens on.
final class DaemonProcess {
    let process: SpawnedProcess
    /// Its standard output, kept open while it runs (it prints a second line when it serves HTTP).
    private let output = Pipe()
    let dataDir: String
    let logPath: String
    private(set) var port = 0

    static func binary(_ name: String) throws -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw SyncError(.notFound, "\(name) is not built at \(beside); run `swift build --build-tests` first")
        }
        return beside
    }

    /// Starts the daemon on `dataDir`, listening on `port` (0: any), dialling `peers` (host:port), trusting
    /// the admins `trusting` to put it in a space.
    init(
        dataDir: String, port: Int = 0, peers: [String] = [], trusting: [NodeID] = [], extra: [String] = [],
        logPath: String? = nil
    ) throws {
        self.dataDir = dataDir
        self.logPath = logPath ?? dataDir + ".log"
        // A restarted daemon appends to its log (the county simulation reads what a phase logged).
        if !FileManager.default.fileExists(atPath: self.logPath) {
            _ = FileManager.default.createFile(atPath: self.logPath, contents: nil)
        }
        let arguments =
            ["--data-dir", dataDir, "--listen", "127.0.0.1:\(port)", "--log-level", "debug"]
            // Tests run many daemons at once: no HTTP frontend unless a test asks for one.
            + (extra.contains("--http") ? [] : ["--http", ""])
            + peers.flatMap { ["--peer", $0] } + trusting.flatMap { ["--trust-admin", "\($0)"] } + extra
        process = try SpawnedProcess(
            executable: try Self.binary("placesyncd"), arguments: arguments, standardOutput: output,
            standardErrorPath: self.logPath)
        // The banner: "placesyncd: node <id> listening on 127.0.0.1:<port>, …".
        var banner = Data()
        while !banner.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner.append(chunk)
        }
        let line = String(decoding: banner, as: UTF8.self)
        guard let range = line.range(of: "listening on 127.0.0.1:"),
            let parsed = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            process.waitUntilExit()
            throw SyncError(.network, "placesyncd did not start: \(line) (its log: \(self.logPath))")
        }
        self.port = parsed
    }

    var address: String { "127.0.0.1:\(port)" }

    /// SIGTERM, and wait for a clean exit.
    func stop() -> Int32 {
        process.terminate()
        return process.waitUntilExit()
    }

    /// SIGKILL.
    func kill9() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Polls `condition` every 100 ms until it holds or `seconds` pass (other processes give no events to
/// await; the replica is the only shared state).
func eventually(within seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(100_000)
    }
    return try condition()
}

/// A space created by practice "p1" in a fresh folder, with node "hub" added as its relay: the start of
/// most daemon tests.
struct HubbedSpace {
    let folder: TemporaryFolder
    let admin: Node
    let space: SpaceID

    init() throws {
        folder = try TemporaryFolder()
        admin = try Node.create(at: folder.node("p1"))
        space = try admin.createSpace(name: "s")
        try admin.addMember(try Node.create(at: folder.node("hub")).nodeID, role: .relay, in: space)
    }

    /// A new node `name`, added by the admin with `role`, holding the space (as after its user joined).
    func member(_ name: String, role: MemberRole = .writer) throws -> Node {
        let node = try Node.create(at: folder.node(name))
        try admin.addMember(node.nodeID, role: role, in: space)
        try node.joinSpace(space, name: "s")
        return node
    }

    /// Writes a hub config file with `json`; returns its path.
    func config(_ json: String) throws -> String {
        let path = folder.node("hub.json")
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The hub's replica holds what the admin holds.
    func hubCaughtUp() -> Bool {
        (try? Node.open(at: folder.node("hub")).version(of: space)) == (try? admin.version(of: space))
    }
}
