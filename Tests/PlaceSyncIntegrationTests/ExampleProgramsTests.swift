import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// The programs in `Examples/` work as their READMEs say. `EmbeddedNode`, run against a real `placesyncd`
/// hub, writes a note in its own node and the hub ends up holding the space at the same version.
@Suite struct ExampleProgramsTests {
    @Test(.timeLimit(.minutes(2)))
    func theEmbeddedNodeExampleSyncsWithARealDaemon() throws {
        let folder = try TemporaryFolder()
        let toolID = try Node.create(at: folder.node("tool"), configuration: testConfiguration()).nodeID
        let hub = try DaemonProcess(dataDir: folder.node("hub"), trusting: [toolID], extra: ["--relay"])
        defer { _ = hub.stop() }
        let hubID = try Node.open(at: hub.dataDir).nodeID
        let example = try DaemonProcess.binary("placesync-embedded")
        for round in 1...2 {
            // The second run opens the node it made and writes again in the same space.
            let run = try runChildProcess(example, [folder.node("tool"), hub.address, "\(hubID)"])
            #expect(run.status == 0, "round \(round): \(run.err)")
            let summary = try #require(
                try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: String], "\(run.out)")
            #expect(summary["node"] == "\(toolID)")
            #expect(summary["title"] == "Falls audit: week 1")
            let tool = try Node.open(at: folder.node("tool"))
            let space = try #require(try tool.spaces().first { "\($0.id)" == summary["space"] }?.id)
            #expect(try tool.spaces().count == 1)
            let hubView = try Node.open(at: hub.dataDir)
            #expect(try hubView.holds(space))
            #expect(try hubView.version(of: space) == tool.version(of: space))
            #expect(summary["version"] == "\(try tool.version(of: space))")
        }
    }

    @Test func theEmbeddedNodeExampleExplainsItsUsage() throws {
        let run = try runChildProcess(try DaemonProcess.binary("placesync-embedded"), [])
        #expect(run.status == 1)
        #expect(run.err.contains("usage: placesync-embedded DATA_DIR HUB_HOST:PORT HUB_NODE_ID"))
    }

    /// `Examples/SingleDocument`: two editors converge, and undo and redo take back only the undoing
    /// editor's own text while the other's edits arrive (the program checks the texts itself).
    @Test func theSingleDocumentExampleUndoesOnlyItsOwnEdit() throws {
        let run = try runChildProcess(try DaemonProcess.binary("placesync-editor-demo"), [])
        #expect(run.status == 0, "\(run.out)")
        #expect(
            run.out.contains("Ann pressed undo:\n  Ann: PDSA 1. Aim: fewer falls.\n  Ben: PDSA 1. Aim: fewer falls.\n"))
        #expect(run.out.contains("Converged: both editors hold the same document"))
    }

    /// `Examples/ConvergenceDemo` (what `scripts/run.sh` shows a newcomer) still converges.
    @Test func theConvergenceDemoConverges() throws {
        let folder = try TemporaryFolder()
        let run = try runChildProcess(try DaemonProcess.binary("placesync-demo"), [folder.node("demo")])
        #expect(run.status == 0, "\(run.out)")
        #expect(run.out.contains("Converged: both replicas hold byte-identical snapshots"))
    }
}
