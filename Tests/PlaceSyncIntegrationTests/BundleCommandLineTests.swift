import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// A practice that never opens a socket converges with the county through `placesync bundle` files
/// alone, carried both ways by hand, while the other nodes sync through a real hub.
@Suite struct BundleCommandLineTests {
    @Test func aPracticeThatNeverOpensASocketConvergesThroughBundlesCarriedBothWays() throws {
        let folder = try TemporaryFolder()
        func cli(_ arguments: String...) throws -> (status: Int32, out: String, err: String) {
            try runChildProcess(try DaemonProcess.binary("placesync"), arguments)
        }
        let setup = try HubbedSpace()
        let colleague = try setup.member("p2")
        let hub = try DaemonProcess(dataDir: setup.folder.node("hub"), trusting: [setup.admin.nodeID])
        let p1 = try DaemonProcess(dataDir: setup.folder.node("p1"), peers: [hub.address])
        let p2 = try DaemonProcess(dataDir: setup.folder.node("p2"), peers: [hub.address])
        let space = "\(setup.space)"

        // The offline practice: created and added by the admin; it never runs a daemon.
        let offline = folder.node("offline")
        #expect(try cli("init", "--data-dir", offline).status == 0)
        let offlineID = try Node.open(at: offline).nodeID
        try setup.admin.addMember(offlineID, role: .writer, in: setup.space)
        // The colleague writes once its replica has the entry that made it a member (from the hub).
        #expect(eventually { (try? colleague.status(of: setup.space).canWrite) == true })
        try colleague.transact(in: setup.space, document: .main) { tx in try tx.set("title", .string("Falls QI")) }
        #expect(eventually { (try? setup.admin.version(of: setup.space)) == (try? colleague.version(of: setup.space)) })

        // Out, written at p1 (its daemon running), imported at the practice.
        let out = folder.node("out.psbundle")
        let exported = try cli(
            "bundle", "export", "--data-dir", setup.folder.node("p1"), space, "--for", "\(offlineID)", "-o", out)
        #expect(exported.status == 0, "\(exported)")
        let imported = try cli("bundle", "import", "--data-dir", offline, out, "--name", "Falls QI")
        #expect(imported.status == 0 && imported.out.contains("now holds space"), "\(imported)")
        #expect(try cli("get", "--data-dir", offline, "Falls QI", "main").out.contains("Falls QI"))

        // The practice writes; its bundle back reaches everyone through p1 and the hub.
        #expect(try cli("set", "--data-dir", offline, "Falls QI", "main", "owner", "the offline practice").status == 0)
        let back = folder.node("back.psbundle")
        let admin = "\(setup.admin.nodeID)"
        #expect(try cli("bundle", "export", "--data-dir", offline, "Falls QI", "--for", admin, "-o", back).status == 0)
        let taken = try cli("bundle", "import", "--data-dir", setup.folder.node("p1"), back)
        #expect(taken.status == 0 && taken.out.contains("1 new"), "\(taken)")
        #expect(
            eventually {
                (try? colleague.document(.main, in: setup.space).value(forKey: "owner"))
                    == .scalar(.string("the offline practice"))
            })
        // Importing it again is noticed and changes nothing; the status shows the bundle peer.
        let again = try cli("bundle", "import", "--data-dir", setup.folder.node("p1"), back)
        #expect(again.status == 1 && again.err.contains("imported before"), "\(again)")
        #expect(try cli("status", "--data-dir", setup.folder.node("p1")).out.contains("bundle:\(offlineID)"))
        // What a bundle carries is sealed: the text written is nowhere in the file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: back))
        #expect(bytes.range(of: Data("the offline practice".utf8)) == nil)
        _ = p1.stop()
        _ = p2.stop()
        _ = hub.stop()
    }
}
