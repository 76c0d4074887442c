import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// The `placesync` command line, as a user types it, against a real daemon.
@Suite(.serialized) struct CommandLineTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    /// Runs `placesync` with `arguments`; returns its exit status and output (stdout, then stderr).
    @discardableResult
    func cli(_ arguments: String...) throws -> (status: Int32, out: String, err: String) {
        let result = try runChildProcess(try DaemonProcess.binary("placesync"), arguments)
        return (result.status, result.out.trimmingCharacters(in: .whitespacesAndNewlines), result.err)
    }

    @Test func aPracticeCreatesASpaceInvitesAColleagueAndTheySyncThroughTheDaemon() throws {
        let (a, b) = (folder.node("a"), folder.node("b"))
        #expect(try cli("init", "--data-dir", a, "--name", "Practice A").status == 0)
        #expect(try cli("init", "--data-dir", b).status == 0)
        let space = try cli("create-space", "--data-dir", a, "Falls QI").out
        #expect(space.count == 32)
        #expect(try cli("set", "--data-dir", a, "Falls QI", "falls-audit", "title", "Falls audit, spring").status == 0)
        let invite = try cli("invite", "--data-dir", a, "Falls QI", "--role", "writer").out
        #expect(invite.hasPrefix("psinv1"))
        let daemon = try DaemonProcess(dataDir: a)
        let joined = try cli("join", "--data-dir", b, invite, "--peer", daemon.address)
        #expect(joined.status == 0, "\(joined)")
        #expect(try cli("get", "--data-dir", b, space, "falls-audit", "--key", "title").out == "Falls audit, spring")
        // B writes; a one-off sync carries it to A's daemon.
        #expect(try cli("set", "--data-dir", b, space, "falls-audit", "status", "measuring").status == 0)
        let once = try cli("sync", "--once", "--data-dir", b, "--peer", daemon.address)
        #expect(once.status == 0 && once.out.contains("in sync"), "\(once)")
        #expect(try cli("get", "--data-dir", a, "Falls QI", "falls-audit", "--key", "status").out == "measuring")
        let status = try cli("status", "--data-dir", b, "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
        let peers = try #require(json["peers"] as? [[String: Any]])
        #expect(peers.first?["address"] as? String == daemon.address)
        #expect((peers.first?["spaces"] as? [[String: Any]])?.first?["weLack"] as? Int == 0)
        let members = try cli("members", "--data-dir", a, "Falls QI", "--json").out
        #expect(members.contains("\"writer\"") && members.contains("\"admin\""))
        #expect(daemon.stop() == 0)
    }

    @Test func mistakesGetClearMessagesAndChangeNothing() throws {
        let a = folder.node("a")
        let missing = try cli("spaces", "--data-dir", a)
        #expect(missing.status != 0 && missing.err.contains("placesync init"))
        #expect(try cli("init", "--data-dir", a).status == 0)
        let again = try cli("init", "--data-dir", a)
        #expect(again.status != 0)
        let unknown = try cli("get", "--data-dir", a, "no-such-space", "main")
        #expect(unknown.status != 0 && unknown.err.contains("no space"))
        let continuous = try cli("sync", "--data-dir", a)
        #expect(continuous.status != 0 && continuous.err.contains("--once"))
        let badRole = try cli("create-space", "--data-dir", a, "s")
        #expect(badRole.status == 0)
        let role = try cli("add-member", "--data-dir", a, "s", "x", "--role", "boss")
        #expect(role.status != 0)
        let badInvite = try cli("join", "--data-dir", a, "psinv1-garbage", "--peer", "127.0.0.1:1")
        #expect(badInvite.status != 0 && badInvite.err.contains("invite"))
        #expect(try cli("spaces", "--data-dir", a).out.contains(" s"))
    }

    @Test func aBackupTakenWhileTheDaemonRunsRestoresIntoANewFolderAndReadsTheSame() throws {
        let (a, restored) = (folder.node("a"), folder.node("restored"))
        _ = try cli("init", "--data-dir", a)
        _ = try cli("create-space", "--data-dir", a, "Falls QI")
        _ = try cli("set", "--data-dir", a, "Falls QI", "falls-audit", "title", "Falls audit, spring")
        let daemon = try DaemonProcess(dataDir: a)
        defer { _ = daemon.stop() }
        let backup = folder.node("a.backup")
        let made = try cli("backup", "--data-dir", a, "-o", backup)
        #expect(made.status == 0, "\(made)")
        #expect(made.out.contains("backup written to \(backup)"))
        #expect(made.out.contains("node.key"))
        let again = try cli("backup", "--data-dir", a, "-o", backup)
        #expect(again.status == 1)
        #expect(again.err.contains("already exists"))
        let noKey = try cli("restore", backup, "--key", folder.node("missing.key"), "--data-dir", restored)
        #expect(noKey.status == 1)
        #expect(noKey.err.contains("key file"))
        let done = try cli("restore", backup, "--key", a + "/node.key", "--data-dir", restored)
        #expect(done.status == 0, "\(done)")
        #expect(done.out.contains("new author"))
        let title = try cli("get", "--data-dir", restored, "Falls QI", "falls-audit")
        #expect(title.out.contains("Falls audit, spring"), "\(title)")
    }

    /// D4 on a real full filesystem (a 2 MiB tmpfs), where this machine lets the test mount one;
    /// `DiskFullTests` covers the same through SQLite's size limit everywhere.
    @Test func onAFullDiskTheCommandLineSaysSoChangesNothingAndCarriesOnOnceSpaceIsFreed() throws {
        let small = folder.node("small")
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mounted = try runChildProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", small])
        guard mounted.status == 0 else {
            print("skipped: this machine does not let the test mount a tmpfs (\(mounted.err))")
            return
        }
        defer { _ = try? runChildProcess("/bin/umount", [small]) }
        let node = small + "/node"
        _ = try cli("init", "--data-dir", node)
        _ = try cli("create-space", "--data-dir", node, "Falls QI")
        let filler = small + "/filler"
        try Data(repeating: 7, count: 256 * 1024).write(to: URL(fileURLWithPath: filler))
        let value = String(repeating: "Agreed actions for the falls huddle. ", count: 220)
        var refused: (status: Int32, out: String, err: String)?
        for index in 0..<400 {
            let result = try cli("set", "--data-dir", node, "Falls QI", "note-\(index)", "body", value)
            if result.status != 0 {
                refused = result
                break
            }
        }
        let refusal = try #require(refused, "the 2 MiB filesystem never filled")
        #expect(refusal.status == 1)
        #expect(refusal.err.contains("the disk is full"), "\(refusal.err)")
        #expect(!refusal.err.contains("SQLite"), "plain words, not SQLite's: \(refusal.err)")
        let read = try cli("get", "--data-dir", node, "Falls QI", "note-0")
        #expect(read.status == 0 && read.out.contains("Agreed actions"), "\(read)")
        try FileManager.default.removeItem(atPath: filler)
        let after = try cli("set", "--data-dir", node, "Falls QI", "after", "title", "space freed")
        #expect(after.status == 0, "\(after)")
        #expect(try cli("get", "--data-dir", node, "Falls QI", "after").out.contains("space freed"))
    }
}
