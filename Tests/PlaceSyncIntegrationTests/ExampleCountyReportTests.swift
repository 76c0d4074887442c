import Foundation
import PlaceQI
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// An example county made with the CLI on one node reaches a second node through a real `placesyncd`
/// hub, and the second node's `placesync report --json` equals what the test counts from the
/// generator's own plan. CI runs the whole county (300 projects, 600 PDSA cycles, 200 measures, 1,000
/// notes); `PLACESYNC_COUNTY_SCALE=0.05` runs a twentieth of it.
@Suite(.serialized) struct ExampleCountyReportTests {
    @Test(.timeLimit(.minutes(5)))
    func aCountySyncedThroughAHubReportsWhatWasGenerated() throws {
        let scale = Double(ProcessInfo.processInfo.environment["PLACESYNC_COUNTY_SCALE"] ?? "") ?? 1
        let seed: UInt64 = 20_261_206
        let folder = try TemporaryFolder()
        let (a, b) = (folder.node("a"), folder.node("b"))
        let cli = try DaemonProcess.binary("placesync")
        func run(_ arguments: [String], in node: String) throws -> String {
            let result = try runChildProcess(cli, arguments + ["--data-dir", node])
            #expect(result.status == 0, "\(arguments): \(result.out) \(result.err)")
            return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try run(["init"], in: a)
        _ = try run(["init"], in: b)
        let space = try run(["create-space", "Example county"], in: a)
        // The county is written first and the hub added afterwards, as a county would do it (the hub's
        // relay entry then follows content it must keep unopened).
        _ = try run(["example-county", "--seed", "\(seed)", "--scale", "\(scale)"], in: a)
        let adminID = try Node.open(at: a).nodeID
        let hub = try DaemonProcess(dataDir: folder.node("hub"), trusting: [adminID], extra: ["--relay"])
        defer { _ = hub.stop() }
        let hubID = try Node.open(at: hub.dataDir).nodeID
        _ = try run(["add-member", space, "\(hubID)", "--role", "relay"], in: a)
        _ = try run(["add-member", space, "\(try Node.open(at: b).nodeID)", "--role", "reader"], in: a)
        _ = try run(["sync", "--once", "--peer", "\(hub.address)=\(hubID)"], in: a)
        // The practice is offered the space by the hub (that first session ends there: nothing is shared
        // yet), accepts it, and fetches it.
        let offered = try runChildProcess(
            cli, ["sync", "--once", "--peer", "\(hub.address)=\(hubID)", "--data-dir", b])
        #expect(offered.out.contains("placesync accept \(space)"), "\(offered)")
        _ = try run(["accept", space], in: b)
        _ = try run(["sync", "--once", "--peer", "\(hub.address)=\(hubID)", "--timeout", "120"], in: b)
        let spaceID = try #require(try Node.open(at: a).spaces().first?.id)
        #expect("\(spaceID)" == space)
        #expect(try Node.open(at: b).version(of: spaceID) == Node.open(at: a).version(of: spaceID))

        let reportText = try run(["report", "--json"], in: b)
        let report = try JSONDecoder().decode(QIReport.self, from: Data(reportText.utf8))
        let whole = try #require(report.sections.first { $0.scope == "space" })

        // The independent count, from the generator's plan.
        let plan = ExampleCounty.plan(seed: seed, scale: scale)
        #expect(whole.projects == plan.projects.count)
        var themes: [String: Int] = [:]
        var statuses: [String: Int] = [:]
        var started: [String: Int] = [:]
        for project in plan.projects {
            themes[project.draft.theme?.rawValue ?? "unset", default: 0] += 1
            statuses[project.draft.status?.rawValue ?? "unset", default: 0] += 1
            if let month = project.draft.startDate?.monthText { started[month, default: 0] += 1 }
        }
        #expect(whole.projectsByTheme == themes)
        #expect(whole.projectsByStatus == statuses)
        #expect(whole.people == plan.people.count)
        var roles: [String: Int] = [:]
        for person in plan.people { for role in person.roles { roles[role.rawValue, default: 0] += 1 } }
        #expect(whole.peopleByRole == roles)
        #expect(whole.adoptionLinks == plan.projects.reduce(0) { $0 + $1.adoptedFrom.count })
        var cycles: [String: Int] = [:]
        for cycle in plan.cycles { if let month = cycle.draft.startDate?.monthText { cycles[month, default: 0] += 1 } }
        var points: [String: Int] = [:]
        for measure in plan.measures { for point in measure.points { points[point.date.monthText, default: 0] += 1 } }
        #expect(whole.activity.mapValues(\.pdsaCycles).filter { $0.value > 0 } == cycles)
        #expect(whole.activity.mapValues(\.dataPoints).filter { $0.value > 0 } == points)
        #expect(whole.activity.mapValues(\.projectsStarted).filter { $0.value > 0 } == started)
        #expect(whole.activity.values.reduce(0) { $0 + $1.notes } == plan.notes.count)
        // The localities and PCNs are all there.
        #expect(report.sections.filter { $0.scope == "locality" }.count == 6)
        #expect(report.sections.filter { $0.scope == "pcn" }.count == 15)
    }
}
