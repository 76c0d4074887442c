import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// The QI commands as a person types them: they work, and every bad input gets a specific error, a
/// non-zero exit status, and leaves the replica as it was (its version vector unchanged).
@Suite(.serialized) struct QICommandLineTests {
    let folder: TemporaryFolder
    let node: String

    init() throws {
        folder = try TemporaryFolder()
        node = folder.node("n")
        _ = try runChildProcess(try DaemonProcess.binary("placesync"), ["init", "--data-dir", node])
        _ = try runChildProcess(
            try DaemonProcess.binary("placesync"), ["create-space", "--data-dir", node, "County QI"])
    }

    @discardableResult
    func cli(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let result = try runChildProcess(try DaemonProcess.binary("placesync"), arguments + ["--data-dir", node])
        return (result.status, result.out.trimmingCharacters(in: .whitespacesAndNewlines), result.err)
    }

    func version() throws -> VersionVector {
        let opened = try Node.open(at: node)
        return try opened.version(of: try #require(try opened.spaces().first).id)
    }

    @Test func aProjectWithAMeasureAndItsChartComesTogetherFromTheCommandLine() throws {
        let csv = folder.url.appendingPathComponent("orgs.csv").path
        try "id,kind,name,parent\nfod,locality,Forest of Dean,\nhill,practice,Hillside Surgery,fod\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try cli(["org", "import", csv]).out == "imported 2 organisation(s) from \(csv)")
        let project = try cli([
            "project", "new", "Fewer falls", "--theme", "frailty and dementia", "--org", "Hillside Surgery",
        ])
        #expect(project.status == 0 && project.out.count == 32, "\(project)")
        #expect(
            try cli([
                "measure", "new", "Falls", "--type", "outcome", "--direction", "lower-is-better", "--project",
                "Fewer falls",
            ]).status == 0)
        for (index, value) in [8, 9, 8, 7, 9, 8, 8, 9, 7, 8, 4, 4, 3, 4, 3, 4].enumerated() {
            let date = String(format: "2026-%02d-01", index % 12 + 1).replacingOccurrences(
                of: "2026-", with: index < 12 ? "2025-" : "2026-")
            #expect(try cli(["measure", "add", "Falls", date, "\(value)"]).status == 0)
        }
        let svg = folder.url.appendingPathComponent("falls.svg").path
        let chart = try cli(["measure", "chart", "Falls", "--xmr", "-o", svg])
        #expect(chart.status == 0 && chart.out.contains("special-cause-improvement"), "\(chart)")
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("class=\"signal"))
        let shown = try cli(["project", "show", "Fewer falls", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any])
        #expect(json["theme"] as? String == "frailty-and-dementia")
        #expect((json["measures"] as? [[String: Any]])?.first?["points"] as? Int == 16)
    }

    @Test func everyBadInputIsRefusedWithASpecificErrorAndChangesNothing() throws {
        let csv = folder.url.appendingPathComponent("bad.csv").path
        try "id,kind,name\nok,practice,Fine\nbad,surgery,Wrong kind\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        _ = try cli(["project", "new", "Fewer falls"])
        _ = try cli(["measure", "new", "Falls", "--type", "outcome", "--direction", "lower-is-better"])
        let cases: [([String], String)] = [
            (["project", "show", "No such project"], "no project \"No such project\""),
            (["project", "new", "X", "--theme", "cardiology"], "theme: \"cardiology\" is not allowed"),
            (["project", "new", "X", "--start", "2026-02-30"], "2026-02-30 is not a day of the calendar"),
            (["project", "status", "Fewer falls", "finished"], "\"finished\" is not allowed"),
            (["project", "new", "Patient 943 476 5919"], "NHS number"),
            (["measure", "add", "Falls", "2026-01-01", "lots"], "\"lots\" is not a number"),
            (["measure", "add", "Falls", "01/01/2026", "3"], "write YYYY-MM-DD"),
            (["measure", "add", "Nothing", "2026-01-01", "3"], "no measure \"Nothing\""),
            (["org", "import", csv], "line 3, column 2 (kind)"),
            (["person", "add", "Sam", "--org", "nowhere"], "no organisation \"nowhere\""),
            (["pdsa", "new", "Fewer falls", "Cycle 1", "--idea", "00000000"], "no change idea 00000000"),
            (["pdsa", "update", "nothing-like-this", "--status", "doing"], "no cycle"),
            (["project", "spread", "Fewer falls", "nowhere", "decision"], "no organisation \"nowhere\""),
            (["project", "spread", "Fewer falls", "nowhere", "finished"], "\"finished\" is not allowed"),
            (["project", "edit", "Fewer falls", "--end", "2026-13-01"], "not a day of the calendar"),
            (["measure", "new", "M2", "--type", "outcome", "--direction", "up"], "\"up\" is not allowed"),
            (["measure", "chart", "Nothing"], "no measure \"Nothing\""),
            (["note", "show", "no-such-note"], "no note"),
            (["note", "new", "DOB 01/02/1950"], "date of birth"),
            (["org", "list", "--kind", "hospital"], "\"hospital\" is not allowed"),
            (["report", "--only", "Atlantis"], "no locality or PCN \"Atlantis\""),
            (["import", csv, "--measure", "Falls"], "no \"date\" column"),
            (["audit", "verify", csv], "does not verify"),
        ]
        for (arguments, message) in cases {
            let before = try version()
            let run = try cli(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.err.contains(message), "\(arguments): \(run.err)")
            #expect(try version() == before, "\(arguments) changed the replica")
        }
        #expect(try cli(["org", "list", "--json"]).out == "[\n\n]" || cli(["org", "list"]).out.isEmpty)
    }
}
