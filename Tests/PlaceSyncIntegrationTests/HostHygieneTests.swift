import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// What a node leaves on the host (RELIABILITY.md D29, D34): private files whatever the umask, no core
/// files from the daemon, a passphrase-sealed key file from the command line, peer text that cannot
/// forge log lines, bounds on every number a user types.
@Suite(.serialized) struct HostHygieneTests {
    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder() }

    /// Runs `placesync` through `sh` with `umask 022` and `environment` added.
    @discardableResult
    func cli(_ arguments: [String], environment: [String: String] = [:]) throws -> (
        status: Int32, out: String, err: String
    ) {
        let binary = try DaemonProcess.binary("placesync")
        return try runChildProcess(
            "/bin/sh", ["-c", "umask 022; exec \"$0\" \"$@\"", binary] + arguments, environment: environment)
    }

    @Test func aNodeCreatedInAnOpenFolderUnderUmask022LeavesNoFileOthersCanRead() throws {
        let home = folder.node("practice")
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        #expect(try cli(["init", "--data-dir", home]).status == 0)
        #expect(try cli(["create-space", "--data-dir", home, "Falls QI"]).status == 0)
        #expect(try cli(["set", "--data-dir", home, "Falls QI", "audit", "title", "Falls audit"]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: home)
        #expect(files.contains("replica.sqlite") && files.contains("node.key"))
        for file in files {
            let mode = try #require(
                try FileManager.default.attributesOfItem(atPath: home + "/" + file)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(file) has mode \(String(mode, radix: 8))")
        }
    }

    @Test func theDaemonRunsWithCoreFilesOff() throws {
        let daemon = try DaemonProcess(dataDir: folder.node("hub"))
        defer { _ = daemon.stop() }
        let limits = try String(contentsOfFile: "/proc/\(daemon.process.processIdentifier)/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        #expect(fields.dropFirst(4).prefix(2) == ["0", "0"], "\(line)")
    }

    @Test func aKeyFileSealedWithAPassphraseFromTheCommandLineOpensOnlyWithIt() throws {
        let home = folder.node("sealed")
        let passphrase = folder.node("passphrase")
        try Data("correct horse battery staple\n".utf8).write(to: URL(fileURLWithPath: passphrase))
        let created = try cli(["init", "--data-dir", home, "--passphrase-file", passphrase])
        #expect(created.status == 0 && created.out.contains("sealed"), "\(created)")
        let withoutIt = try cli(["spaces", "--data-dir", home])
        #expect(withoutIt.status != 0)
        #expect(withoutIt.err.lowercased().contains("passphrase"), "\(withoutIt.err)")
        #expect(try cli(["spaces", "--data-dir", home], environment: ["PLACESYNC_PASSPHRASE": "wrong"]).status != 0)
        #expect(try cli(["spaces", "--data-dir", home, "--passphrase-file", passphrase]).status == 0)
        #expect(
            try cli(
                ["spaces", "--data-dir", home], environment: ["PLACESYNC_PASSPHRASE": "correct horse battery staple"]
            )
            .status == 0)
        // The file records the Argon2id cost in its header: libsodium's MODERATE (3 passes, 256 MiB).
        let key = try [UInt8](Data(contentsOf: URL(fileURLWithPath: home + "/node.key")))
        #expect(Array(key.prefix(5)) == Array("PSKEY".utf8) && key[6] == 1)
        let ops = key[7..<15].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let memory = key[15..<23].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(ops == 3 && memory == 256 << 20)
    }

    @Test func numbersOutOfRangeGetAClearErrorAndChangeNothing() throws {
        let home = folder.node("numbers")
        #expect(try cli(["init", "--data-dir", home]).status == 0)
        #expect(try cli(["create-space", "--data-dir", home, "S"]).status == 0)
        for hours in ["1e20", "-1", "nan", "0"] {
            let invite = try cli(["invite", "--data-dir", home, "S", "--hours", hours])
            #expect(invite.status != 0 && invite.err.contains("--hours"), "\(hours): \(invite)")
        }
        let sync = try cli(["sync", "--once", "--data-dir", home, "--peer", "127.0.0.1:1", "--timeout", "1e300"])
        #expect(sync.status != 0 && sync.err.contains("--timeout"))
        // An envelope format this build does not write, in the config file the CLI follows.
        for (format, works) in [(4, false), (0, false), (2, true), (3, true)] {
            try Data(#"{"envelopeFormat": \#(format)}"#.utf8).write(to: URL(fileURLWithPath: home + "/placesyncd.json"))
            let status = try cli(["status", "--data-dir", home])
            #expect((status.status == 0) == works, "\(format): \(status)")
            if !works { #expect(status.err.contains("envelopeFormat is 3"), "\(status)") }
        }
    }
}

@Suite struct PeerTextTests {
    @Test func aPeersErrorTextCannotForgeLogLinesOrFloodThem() {
        let hostile =
            "bad\n2026-12-06 level=info forged line\u{1B}[31m red \u{202E}txet\r"
            + String(repeating: "x", count: 10_240)
        let clean = hostile.sanitizedPeerText()
        #expect(clean.utf8.count <= 256)
        #expect(!clean.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(!clean.contains("\u{202E}") && !clean.contains("\n") && !clean.contains("\u{1B}"))
        #expect(clean.hasPrefix("bad?2026-12-06"))
        #expect(clean.hasSuffix("…"))
        #expect("plain words".sanitizedPeerText() == "plain words")
    }

    @Test func theConnectionCapCountsAnIPv6SiteAsOneAddress() {
        #expect(
            ConnectionCounts.limitKey(for: "2001:db8:1:2:aaaa::1")
                == ConnectionCounts.limitKey(for: "2001:db8:1:2::ffff"))
        #expect(ConnectionCounts.limitKey(for: "2001:db8:1:2::1") != ConnectionCounts.limitKey(for: "2001:db8:1:3::1"))
        #expect(ConnectionCounts.limitKey(for: "::ffff:192.0.2.7") == "192.0.2.7")
        #expect(ConnectionCounts.limitKey(for: "192.0.2.7") == "192.0.2.7")
    }
}
