import Foundation
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// Checkpoints between real `placesyncd` processes on loopback: the admin makes one with the CLI while
/// its daemon runs; the hub (a relay) keeps it; a practice that joins later starts from it.
@Suite(.serialized) struct CheckpointDaemonTests {
    @Test func aPracticeThatJoinsLaterStartsFromTheAdminsCheckpointThroughTheHub() throws {
        let setup = try HubbedSpace()
        try writeNotes(setup.admin, space: setup.space, count: 120, document: documentID(1))
        try setup.admin.transact(in: setup.space, document: documentID(2)) { tx in
            try tx.set("title", .string("Flu clinic PDSA"))
        }
        let hub = try DaemonProcess(dataDir: setup.folder.node("hub"), trusting: [setup.admin.nodeID])
        let admin = try DaemonProcess(dataDir: setup.folder.node("p1"), peers: [hub.address])
        #expect(eventually { setup.hubCaughtUp() })

        let made = try runChildProcess(
            try DaemonProcess.binary("placesync"),
            ["checkpoint", "make", "--data-dir", setup.folder.node("p1"), "\(setup.space)"])
        #expect(made.status == 0, "\(made.err)")
        #expect(made.out.contains("stands for"), "\(made.out)")
        let kept = try #require(try Node.open(at: setup.folder.node("p1")).checkpoint(of: setup.space))
        #expect(
            eventually(within: 30) {
                (try? Node.open(at: setup.folder.node("hub")).checkpoint(of: setup.space)?.id) == kept.id
            }, "the hub never kept the admin's checkpoint")

        let practice = try setup.member("p2")
        #expect(eventually { setup.hubCaughtUp() })
        let p2 = try DaemonProcess(dataDir: setup.folder.node("p2"), peers: [hub.address])
        #expect(
            eventually(within: 60) {
                (try? practice.version(of: setup.space)) == (try? setup.admin.version(of: setup.space))
            }, "the new practice never caught up")
        #expect(try practice.checkpoint(of: setup.space)?.isBase == true)
        for id in [documentID(1), documentID(2)] {
            #expect(
                try practice.document(id, in: setup.space).snapshot()
                    == setup.admin.document(id, in: setup.space).snapshot())
        }
        let shown = try runChildProcess(
            try DaemonProcess.binary("placesync"),
            ["checkpoint", "show", "--data-dir", setup.folder.node("p2"), "\(setup.space)"])
        #expect(shown.out.contains("starts from it"), "\(shown.out) \(shown.err)")
        for daemon in [p2, admin, hub] { #expect(daemon.stop() == 0) }
    }
}
