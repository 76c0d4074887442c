import Foundation
import PlaceQI
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// RELIABILITY.md D16, the QI half: creation stamps are the writing node's clock, so one set to 2100
/// stamps notes in 2100. Nothing is decided by them (ClockSkewTests), and a reader flags a stamp more
/// than 48 hours ahead of its own clock; the report leaves such notes out of its months.
@Suite struct ClockSkewFlagTests {
    static let today = 1_800_000_000.0

    static func node(_ folder: TemporaryFolder, _ name: String, now: Double) throws -> Node {
        var configuration = NodeConfiguration()
        configuration.now = { now }
        return try Node.create(at: folder.node(name), configuration: configuration)
    }

    @Test func stampsFromAClockFarAheadAreFlaggedAndLeftOutOfTheReportsMonths() throws {
        let folder = try TemporaryFolder()
        let reader = try Self.node(folder, "reader", now: Self.today)
        let future = try Self.node(folder, "future", now: 4_102_444_800)  // 2100-01-01
        let ahead = try Self.node(folder, "ahead", now: Self.today + 86_400)
        let space = try reader.createSpace(name: "Forest of Dean locality")
        for node in [future, ahead] {
            try admit(node, to: space, by: reader)
            try node.ingest(reader.envelopes(in: space, since: VersionVector()))
        }
        let project = try QISpace(node: reader, space: space).createProject(
            ProjectDraft(title: "Fewer falls", aim: "Reduce falls by 30%", theme: .frailtyAndDementia))
        for node in [future, ahead] { try node.ingest(reader.envelopes(in: space, since: node.version(of: space))) }
        let fromFuture = try QISpace(node: future, space: space).createNote(
            title: "Huddle 1", body: "Lights ordered", project: project)
        let fromAhead = try QISpace(node: ahead, space: space).createNote(
            title: "Huddle 2", body: "Mats in place", project: project)
        for node in [future, ahead] { try reader.ingest(node.envelopes(in: space, since: reader.version(of: space))) }

        let qi = QISpace(node: reader, space: space)
        let far = try qi.note(fromFuture)
        #expect(far.createdAt?.hasPrefix("2100-01-01") == true)
        #expect(far.createdAtIsAhead)
        // A day ahead is ordinary skew: not flagged.
        #expect(try qi.note(fromAhead).createdAtIsAhead == false)
        // The 2100 node reads its own stamp as ordinary.
        #expect(try QISpace(node: future, space: space).note(fromFuture).createdAtIsAhead == false)

        let report = try QIReport(qi)
        #expect(report.notesFromClocksAhead == 1)
        let months = report.sections.flatMap { $0.activity.filter { $0.value.notes > 0 }.map(\.key) }
        #expect(!months.contains("2100-01"))
        #expect(months.contains("2027-01"))
    }

    @Test func theSkewCheckReadsStampsSafely() {
        #expect(ClockSkew.isAhead("2100-01-01T00:00:00Z", of: Self.today))
        #expect(!ClockSkew.isAhead("2027-01-16T07:00:00Z", of: Self.today))
        #expect(!ClockSkew.isAhead("not a time", of: Self.today))
        #expect(!ClockSkew.isAhead("", of: Self.today))
    }
}
