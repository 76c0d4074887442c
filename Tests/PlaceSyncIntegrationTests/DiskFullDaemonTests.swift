import Foundation
import Glibc
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// RELIABILITY.md D4 for the daemon, on a real full filesystem (a 4 MiB tmpfs, where this machine lets
/// the test mount one): a practice's placesyncd whose disk fills while it takes in a sync batch keeps
/// running and serving reads over HTTP, acknowledges nothing it could not store, and once space is freed
/// catches up by itself — no restart, no repair.
@Suite struct DiskFullDaemonTests {
    /// A port nobody listens on now (the kernel's pick for a socket bound to port 0).
    static func freePort() -> Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A plain HTTP/1.1 GET with the node's access token; the status line.
    static func get(_ path: String, port: Int, token: String) throws -> String {
        let client = try RawClient(port: port)
        client.send(
            Array(
                "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n"
                    .utf8))
        let reply = String(decoding: client.readToEnd().bytes, as: UTF8.self)
        return String(reply.prefix { $0 != "\r" })
    }

    @Test func aDaemonWhoseDiskFillsKeepsServingReadsAcknowledgesNothingItLostAndCatchesUpOnceFreed() throws {
        let setup = try HubbedSpace()
        let small = setup.folder.node("small")
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mounted = try runChildProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", small])
        guard mounted.status == 0 else {
            print("skipped: this machine does not let the test mount a tmpfs (\(mounted.err))")
            return
        }
        defer { _ = try? runChildProcess("/bin/umount", ["-l", small]) }
        let path = small + "/p2"
        let p2 = try Node.create(at: path)
        try setup.admin.addMember(p2.nodeID, role: .writer, in: setup.space)
        try p2.joinSpace(setup.space, name: "s")
        let hub = try DaemonProcess(dataDir: setup.folder.node("hub"), trusting: [setup.admin.nodeID])
        let practice = try DaemonProcess(dataDir: setup.folder.node("p1"), peers: [hub.address])
        let httpPort = Self.freePort()
        // Its log goes beside the small filesystem, not on it: a full disk takes the log's space too.
        let daemon = try DaemonProcess(
            dataDir: path, peers: [hub.address], extra: ["--http", "127.0.0.1:\(httpPort)"],
            logPath: setup.folder.node("p2.log"))
        let token = try String(contentsOfFile: path + "/http.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(eventually { (try? p2.version(of: setup.space)) == (try? setup.admin.version(of: setup.space)) })

        // Fill the filesystem but for ~600 KB, then write more than that at the practice.
        let free = try #require(
            try FileManager.default.attributesOfFileSystem(forPath: small)[.systemFreeSize] as? Int)
        let filler = small + "/filler"
        try Data(repeating: 7, count: max(0, free - 600 * 1024)).write(to: URL(fileURLWithPath: filler))
        let paragraph = String(repeating: "Agreed actions for the falls huddle, week by week. ", count: 400)
        for index in 0..<60 {
            try setup.admin.transact(in: setup.space, document: documentID(UInt8(1 + index % 30))) { tx in
                try tx.set("p\(index)", .string(paragraph + "\(index)"))
            }
        }
        let target = try setup.admin.version(of: setup.space)
        let log = { (try? String(contentsOfFile: daemon.logPath, encoding: .utf8)) ?? "" }
        #expect(eventually(within: 60) { log().contains("the disk is full") }, "the disk never filled")
        // Said as a warning, in words: no SQLite codes, no Swift type names.
        let line = try #require(log().split(separator: "\n").first { $0.contains("the disk is full") })
        #expect(line.contains("warning") && !line.contains("SyncError("), "\(line)")

        // Still running, still serving reads; what it holds is short of the practice, and sound.
        #expect(daemon.process.isRunning)
        #expect(try Self.get("/v1/spaces", port: httpPort, token: token).contains("200"))
        #expect(try p2.version(of: setup.space) != target)
        #expect(try p2.integrityCheck() == "ok")

        // Space is freed: the daemon catches up by itself.
        try FileManager.default.removeItem(atPath: filler)
        #expect(eventually(within: 120) { (try? p2.version(of: setup.space)) == target })
        #expect(try p2.document(documentID(30), in: setup.space).value(forKey: "p59") != nil)
        #expect(try p2.integrityCheck() == "ok")
        #expect(daemon.stop() == 0)
        _ = practice.stop()
        _ = hub.stop()
    }
}
