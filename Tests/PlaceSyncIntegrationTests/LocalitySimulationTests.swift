import Foundation
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// Issue 25's county simulation (``CountySimulation``): every node a real placesyncd. In CI, one
/// locality — a county hub, a locality hub federated with it, the county lead, 2 PCNs and 8 practices;
/// with `PLACESYNC_COUNTY=full`, the whole county (6 locality hubs, 15 PCNs, 71 practices, 10,000
/// edits; `Benchmarks/scripts/county.sh`). Everyone starts in sync; every PCN and practice goes offline
/// for "a week" of edits (some to the same documents); they reconnect at random moments. Every node
/// must end with every envelope it is entitled to and byte-identical documents, and no hub may hold a
/// word of the content.
@Suite(
    .serialized,
    .enabled(
        if: runsAlone,
        "starts and kills many processes, so it runs alone: scripts/test.sh does, or PLACESYNC_ALONE=1 swift test --filter LocalitySimulationTests"
    )
) struct LocalitySimulationTests {
    static let canary = "CANARY-\(UUID().uuidString)"
    static let fullCounty = ProcessInfo.processInfo.environment["PLACESYNC_COUNTY"] == "full"

    @Test func oneLocalityConvergesAfterAWeekOfflineWithIdenticalDocumentsAndNoContentOnItsHubs() throws {
        try Self.scenario(.ci, timeout: 120)
    }

    @Test(.enabled(if: fullCounty, "the whole county: PLACESYNC_COUNTY=full (Benchmarks/scripts/county.sh)"))
    func theWholeCountyConvergesAfterAWeekOffline() throws {
        try Self.scenario(.full, timeout: 900)
    }

    static func scenario(_ shape: CountyShape, timeout: Double) throws {
        let county = try CountySimulation(shape)
        defer { county.stopAll() }
        let report = try county.run(canary: canary, timeout: timeout)
        if report == nil {
            for name in ["county-hub", "hub-1", "lead", county.editors[0]] {
                let log = (try? String(contentsOfFile: county.folder.node(name) + ".log", encoding: .utf8)) ?? ""
                print(
                    "=== \(name)\n"
                        + log.split(separator: "\n").filter { !$0.contains("ServiceLifecycle") }.suffix(25).joined(
                            separator: "\n"))
            }
        }
        var measured = try #require(report, "the county did not converge in time")
        #expect(county.converged())
        // Byte-identical documents on every member of every space.
        for (name, space) in county.spaces {
            let reference = try county.node(space.members.first { !county.hubs.contains($0) } ?? "lead")
            let documents = try reference.documents(in: space.id).map(\.id)
            #expect(!documents.isEmpty || name.hasSuffix("private"))
            for id in documents {
                let bytes = try reference.document(id, in: space.id).snapshot()
                for member in space.members where !county.hubs.contains(member) {
                    #expect(
                        try county.node(member).document(id, in: space.id).snapshot() == bytes,
                        "\(name) \(id) on \(member)")
                }
            }
        }
        // No hub holds a word of the content.
        for hub in county.hubs {
            for file in ["replica.sqlite", "replica.sqlite-wal"] {
                let data = (try? Data(contentsOf: URL(fileURLWithPath: county.folder.node(hub) + "/" + file))) ?? Data()
                #expect(data.range(of: Data(canary.utf8)) == nil, "\(hub)/\(file) holds plaintext")
            }
        }
        measured.floorPerSecond = try county.ingestFloor()
        print(measured.markdown)
        if let path = ProcessInfo.processInfo.environment["PLACESYNC_COUNTY_REPORT"] {
            try Data((measured.markdown + "\n").utf8).write(to: URL(fileURLWithPath: path))
        }
    }
}
