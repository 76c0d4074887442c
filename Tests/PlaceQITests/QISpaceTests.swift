import Foundation
import PlaceQI
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import Testing

/// QI documents on real nodes: written, read back, refused when bad (nothing written), merged across
/// two nodes that edited offline.
@Suite struct QISpaceTests {
    let nodes: TwoNodes
    let a: QISpace
    let b: QISpace

    init() throws {
        nodes = try TwoNodes()
        a = QISpace(node: nodes.a, space: nodes.space)
        b = QISpace(node: nodes.b, space: nodes.space)
    }

    /// Both nodes exchange everything they lack.
    func sync() throws {
        let space = nodes.space
        try nodes.b.ingest(nodes.a.envelopes(in: space, since: nodes.b.version(of: space)))
        try nodes.a.ingest(nodes.b.envelopes(in: space, since: nodes.a.version(of: space)))
    }

    func date(_ text: String) throws -> QIDate { try QIDate(parsing: text, field: "date") }

    @Test func aProjectIsWrittenAndReadBackWithItsDiagramSpreadAndAdoption() throws {
        try a.saveOrganisations([
            Organisation(id: "forest-of-dean", kind: .locality, name: "Forest of Dean"),
            Organisation(
                id: "L84001", kind: .practice, name: "Hillside Surgery", parent: "forest-of-dean", odsCode: "L84001"),
        ])
        let lead = try a.addPerson(name: "Dr A. Patel", organisation: "Hillside Surgery", roles: [.qiCoach])
        var draft = ProjectDraft(
            title: "Fewer falls in care homes", aim: "Reduce falls by 30% by March 2027", theme: .frailtyAndDementia)
        draft.organisations = ["L84001": "lead"]
        draft.team = [lead: "project lead"]
        draft.tags = ["falls", "care-homes"]
        draft.partners = ["Carers' group"]
        let id = try a.createProject(draft)
        let driver = try a.addDriver(to: id, text: "Safer environments")
        let secondary = try a.addDriver(to: id, text: "Lighting at night", parent: driver)
        let idea = try a.addChangeIdea(to: id, title: "Motion-sensor lights", driver: secondary)
        try a.setSpread(of: id, to: "Hillside Surgery", stage: .decision, on: try date("2026-05-01"))
        let other = try a.createProject(ProjectDraft(title: "Falls clinic"))
        try a.addAdoptedFrom(id, source: other)

        let project = try a.project(id)
        #expect(project.title.value == "Fewer falls in care homes")
        #expect(project.status.value == .idea)
        #expect(project.theme.value == .frailtyAndDementia)
        #expect(project.team == [lead: "project lead"])
        #expect(project.tags == ["care-homes", "falls"])
        #expect(project.drivers.map(\.level).sorted() == ["primary", "secondary"])
        #expect(project.changeIdeas.map(\.id) == [idea])
        #expect(
            project.changeIdeas.first?.title == "Motion-sensor lights" && project.changeIdeas.first?.driver == secondary
        )
        #expect(project.spread["L84001"]?.stage == .decision)
        #expect(project.adoptedFrom == [other])
        #expect(try a.project(named: "fewer falls in care homes").id == id)
        #expect(try a.project(named: String("\(id)".prefix(8))).id == id)
    }

    @Test func aPersonsRolesAndOrganisationChangeAndMergeAcrossNodes() throws {
        try a.saveOrganisations([
            Organisation(id: "fod", kind: .locality, name: "Forest of Dean"),
            Organisation(id: "hill", kind: .practice, name: "Hillside Surgery", parent: "fod"),
        ])
        let person = try a.addPerson(name: "Sam Jones", roles: [.qiCoach])
        try sync()
        try a.updatePerson(person, addRoles: [.clinicalDirector], dropRoles: [.qiCoach])
        try b.updatePerson("Sam Jones", organisation: "Hillside Surgery", addRoles: [.qMember])
        try sync()
        let onA = try a.person(named: person)
        #expect(onA == (try b.person(named: person)))
        #expect(onA.roles == [.clinicalDirector, .qMember])
        #expect(onA.organisation == "hill")
        #expect(throws: QIError.self) { try a.updatePerson("Nobody") }
    }

    @Test func badInputNamesTheFieldAndChangesNothing() throws {
        let id = try a.createProject(ProjectDraft(title: "Falls"))
        let attempts: [(String, () throws -> Void)] = [
            ("title", { _ = try a.createProject(ProjectDraft(title: "")) }),
            ("title", { _ = try a.createProject(ProjectDraft(title: "two\nlines")) }),
            (
                "organisations",
                {
                    var draft = ProjectDraft(title: "x")
                    draft.organisations = ["nowhere": "lead"]
                    _ = try a.createProject(draft)
                }
            ),
            (
                "end",
                {
                    var draft = ProjectDraft()
                    draft.startDate = try date("2026-05-01")
                    draft.endDate = try date("2026-04-01")
                    try a.updateProject(id, draft)
                }
            ),
            ("type", { _ = try a.createMeasure(MeasureDraft(name: "Falls", direction: .lowerIsBetter)) }),
            (
                "points[1].value",
                {
                    let measure = try a.createMeasure(
                        MeasureDraft(name: "Falls", type: .outcome, direction: .lowerIsBetter))
                    _ = try a.addPoints(to: measure, [(try date("2026-01-01"), .nan, nil, false)])
                }
            ),
            (
                "organisations[1].parent",
                {
                    try a.saveOrganisations([Organisation(id: "x1", kind: .practice, name: "X", parent: "missing")])
                }
            ),
            (
                "change-idea",
                {
                    var draft = PDSADraft(title: "Cycle 1")
                    draft.changeIdea = "00000000"
                    _ = try a.createPDSA(on: id, draft)
                }
            ),
        ]
        for (field, attempt) in attempts {
            let version = try nodes.a.version(of: nodes.space)
            #expect(throws: QIError.self, "\(field)") { try attempt() }
            do { try attempt() } catch let error as QIError { #expect(error.field == field, "\(error)") }
            // A refused write adds nothing (the measure made inside one attempt is its own write).
            if field != "points[1].value" { #expect(try nodes.a.version(of: nodes.space) == version, "\(field)") }
        }
        #expect(throws: QIError.self) { _ = try QIDate(parsing: "2026-02-30", field: "start") }
        #expect(throws: QIError.self) { _ = try ProjectTheme.parse("cardiology", field: "theme") }
        #expect(try ProjectTheme.parse("Frailty and dementia", field: "theme") == .frailtyAndDementia)
    }

    @Test func patientIdentifiableTextIsRefusedInEveryFieldUnlessOverriddenAndTheOverrideIsRecorded() throws {
        let nhs = "943 476 5919"
        let project = try a.createProject(ProjectDraft(title: "Falls"))
        let measure = try a.createMeasure(MeasureDraft(name: "Falls", type: .outcome, direction: .lowerIsBetter))
        let note = try a.createNote(title: "Meeting")
        let writes: [(String, (PIDOverride?) throws -> Void)] = [
            ("title", { _ = try a.createProject(ProjectDraft(title: "Patient \(nhs)"), override: $0) }),
            ("aim", { try a.updateProject(project, ProjectDraft(aim: "for \(nhs)"), override: $0) }),
            (
                "partners",
                {
                    var draft = ProjectDraft()
                    draft.partners = ["Mr X \(nhs)"]
                    try a.updateProject(project, draft, override: $0)
                }
            ),
            ("driver", { _ = try a.addDriver(to: project, text: "ref \(nhs)", override: $0) }),
            ("change idea", { _ = try a.addChangeIdea(to: project, title: "ref \(nhs)", override: $0) }),
            (
                "prediction",
                {
                    var draft = PDSADraft(title: "Cycle 1")
                    draft.prediction = "DOB 01/02/1950"
                    _ = try a.createPDSA(on: project, draft, override: $0)
                }
            ),
            (
                "name",
                {
                    _ = try a.createMeasure(
                        MeasureDraft(name: "Falls at GL50 1AA", type: .outcome, direction: .lowerIsBetter), override: $0
                    )
                }
            ),
            (
                "points[1].annotation",
                { _ = try a.addPoints(to: measure, [(try date("2026-01-01"), 3, "MRN 1234567", false)], override: $0) }
            ),
            ("body", { try a.editNote(note, body: "Seen: \(nhs)", override: $0) }),
            ("name", { _ = try a.addPerson(name: "J Smith \(nhs)", override: $0) }),
        ]
        for (field, write) in writes {
            let version = try nodes.a.version(of: nodes.space)
            do {
                try write(nil)
                Issue.record("\(field): written without an override")
            } catch let error as QIError {
                #expect(error.code == .patientIdentifiableData && error.field == field, "\(error)")
                #expect(!error.message.contains("5919"))
            }
            #expect(try nodes.a.version(of: nodes.space) == version, "\(field): something was written")
            // Nothing the guard caught is in any envelope this node signed.
        }
        for envelope in try nodes.a.envelopes(in: nodes.space, since: VersionVector()) {
            #expect(!envelope.contains(subsequence: Array("4765919".utf8)))
        }
        // With an override the write goes ahead and says so in the document.
        try a.updateProject(
            project, ProjectDraft(aim: "Call 943 476 5919 (the falls service line)"),
            override: PIDOverride(reason: "a service phone number"))
        #expect(try a.project(project).aim.value?.contains("5919") == true)
        #expect(try a.project(project).pidOverrides == 1)
    }

    @Test func concurrentEditsMergeFieldByFieldAndAConflictShowsBothValues() throws {
        let id = try a.createProject(ProjectDraft(title: "Falls", aim: "Fewer falls", theme: .frailtyAndDementia))
        try sync()
        // Offline: different fields on each side, and the same field on both.
        try a.updateProject(id, ProjectDraft(aim: "Fewer falls in care homes", status: .planning))
        var other = ProjectDraft(theme: .healthInequalities, status: .testing)
        other.tags = ["night"]
        try b.updateProject(id, other)
        var mine = ProjectDraft()
        mine.tags = ["care-homes"]
        try a.updateProject(id, mine)
        try sync()
        let onA = try a.project(id)
        let onB = try b.project(id)
        #expect(onA == onB)
        #expect(onA.aim.value == "Fewer falls in care homes" && !onA.aim.hasConflict)
        #expect(onA.theme.value == .healthInequalities)
        #expect(onA.tags == ["care-homes", "night"])
        // Both nodes set the status: one value shows, the other is kept beside it.
        #expect(onA.status.hasConflict)
        #expect(Set([onA.status.value].compactMap { $0 } + onA.status.conflicts) == [.planning, .testing])
    }

    @Test func pointsAddedOnTwoNodesBothSurviveAndACorrectionKeepsItsHistory() throws {
        let measure = try a.createMeasure(
            MeasureDraft(name: "Falls per 1,000 bed days", type: .outcome, direction: .lowerIsBetter))
        try sync()
        let first = try a.addPoints(to: measure, [(try date("2026-01-01"), 7, nil, true)])
        _ = try b.addPoints(to: measure, [(try date("2026-02-01"), 6, "new lights", false)])
        try sync()
        #expect(try a.measure(measure).values == [7, 6])
        #expect(try b.measure(measure) == a.measure(measure))
        try b.correctPoint(first[0], of: measure, to: 7.5)
        try sync()
        let point = try #require(try a.measure(measure).points.first)
        #expect(point.value == 7.5 && point.history == [7] && point.isBaseline)
    }

    @Test func aPhaseStartedOnADateSplitsTheChartThere() throws {
        let measure = try a.createMeasure(MeasureDraft(name: "Waits", type: .process, direction: .lowerIsBetter))
        let points = try (1...12).map {
            (try date(String(format: "2026-%02d-01", $0)), Double($0 <= 6 ? 20 : 10), String?.none, false)
        }
        _ = try a.addPoints(to: measure, points)
        try a.startPhase(of: measure, on: try date("2026-06-15"))
        let read = try a.measure(measure)
        #expect(read.phaseStartIndices == [6])
        let chart = XmRChart(values: read.values, direction: .lowerIsBetter, phaseStarts: read.phaseStartIndices)
        #expect(chart.phases.map(\.mean) == [20, 10])
    }

    @Test func aNoteEditedOnTwoNodesMergesBothEdits() throws {
        let note = try a.createNote(title: "Huddle", body: "Falls huddle.\nActions: none yet.\n")
        try sync()
        try a.editNote(note, body: "Falls huddle, Monday.\nActions: none yet.\n")
        try b.editNote(note, body: "Falls huddle.\nActions: order sensor lights.\n")
        try sync()
        #expect(try a.note(note).body == "Falls huddle, Monday.\nActions: order sensor lights.\n")
        #expect(try b.note(note).body == a.note(note).body)
    }

    /// The same paragraph edited on both nodes: every character each person typed or deleted counts, so
    /// the paragraph holds both edits (each typed run kept whole), the same on both nodes.
    @Test func theSameParagraphEditedOnTwoNodesKeepsBothEdits() throws {
        let note = try a.createNote(title: "Huddle", body: "Falls were reviewed.\n")
        try sync()
        try a.editNote(note, body: "Falls were reviewed by the team.\n")
        try b.editNote(note, body: "Night falls were reviewed.\n")
        try sync()
        let merged = try a.note(note).body
        #expect(merged == "Night falls were reviewed by the team.\n")
        #expect(try b.note(note).body == merged)
        // Both rewrite the same words: both insertions are kept, each whole, one after the other.
        try a.editNote(note, body: "Night falls were reviewed by the falls lead.\n")
        try b.editNote(note, body: "Night falls were reviewed by the ward sister.\n")
        try sync()
        let both = try a.note(note).body
        #expect(try b.note(note).body == both)
        #expect(both.contains("falls lead") && both.contains("ward sister") && !both.contains("the team"))
    }

    @Test func aNewerMinorVersionKeepsItsFieldsAndANewerMajorIsRefused() throws {
        let id = try a.createProject(ProjectDraft(title: "Falls"))
        // A newer build (schema 1.1) adds a field this build does not know.
        try nodes.a.transact(in: nodes.space, document: id) { tx in
            try tx.set("schemaMinor", .int(1))
            try tx.set("riskRegister", .string("R-12"))
        }
        try a.updateProject(id, ProjectDraft(status: .planning))
        try sync()
        let document = try nodes.b.document(id, in: nodes.space)
        #expect(document.value(forKey: "riskRegister") == .scalar(.string("R-12")))
        #expect(try b.project(id).status.value == .planning)
        // A newer major version: refused with a clear message, and no write goes ahead.
        try nodes.a.transact(in: nodes.space, document: id) { tx in try tx.set("schemaMajor", .int(2)) }
        do {
            _ = try a.project(id)
            Issue.record("a newer major version was read")
        } catch let error as QIError {
            #expect(error.code == .newerSchema && error.message.contains("upgrade"))
        }
        #expect(throws: QIError.self) { try a.updateProject(id, ProjectDraft(status: .testing)) }
        // Lists and the report leave it out and say so, rather than fail for everyone.
        let other = try a.createProject(ProjectDraft(title: "Readable"))
        #expect(try a.projects().map(\.id) == [other])
        let report = try QIReport(a)
        #expect(report.unreadableDocuments == 1 && report.sections.first?.projects == 1)
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<$0 + subsequence.count]) == subsequence }
    }
}

/// Splices made against an older text, moved onto the current one.
@Suite struct NoteSpliceTests {
    @Test func editsBeforeAfterAndInsideAnotherChangeKeepBothPeoplesText() {
        let base = "The quick fox"
        let current = "The quick brown fox"  // someone inserted "brown " at 10
        #expect(NoteSplice(offset: 4, deleting: 0, inserting: "very ").rebased(from: base, onto: current).offset == 4)
        let after = NoteSplice(offset: 13, deleting: 0, inserting: "!").rebased(from: base, onto: current)
        #expect(after == NoteSplice(offset: 19, deleting: 0, inserting: "!"))
        let deleteFox = NoteSplice(offset: 10, deleting: 3, inserting: "cat").rebased(from: base, onto: current)
        var text = Array(current.unicodeScalars)
        text.replaceSubrange(
            deleteFox.offset..<(deleteFox.offset + deleteFox.deleting), with: Array(deleteFox.inserting.unicodeScalars))
        #expect(String(String.UnicodeScalarView(text)) == "The quick brown cat")
    }

    @Test func randomConcurrentInsertionsFromTwoEditorsBothSurviveTheRebase() {
        var generator = SeededRandom(seed: 42)
        for _ in 0..<500 {
            let base = String(
                (0..<Int.random(in: 0...30, using: &generator)).map { _ in "abcdef".randomElement(using: &generator)! })
            let count = base.unicodeScalars.count
            let first = NoteSplice(
                offset: Int.random(in: 0...count, using: &generator), deleting: 0, inserting: "XY")
            var current = Array(base.unicodeScalars)
            current.insert(contentsOf: Array(first.inserting.unicodeScalars), at: first.offset)
            let currentText = String(String.UnicodeScalarView(current))
            let second = NoteSplice(offset: Int.random(in: 0...count, using: &generator), deleting: 0, inserting: "Z")
            let moved = second.rebased(from: base, onto: currentText)
            #expect(moved.offset >= 0 && moved.offset <= current.count)
            current.insert(contentsOf: Array(moved.inserting.unicodeScalars), at: moved.offset)
            let result = String(String.UnicodeScalarView(current))
            #expect(result.contains("XY") && result.contains("Z"))
            #expect(result.unicodeScalars.count == count + 3)
        }
    }
}
