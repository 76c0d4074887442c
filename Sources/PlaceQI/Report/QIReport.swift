internal import PlaceSync

/// The evaluation report an improvement board asks for, computed from the space's QI documents: how
/// many projects (by theme and status), people (by role), connections across organisations, how far
/// projects have spread, and activity per month — for the whole space, and per locality and PCN.
///
/// Where a project counts: in every locality and PCN that one of its organisations belongs to (an
/// organisation's PCN and locality are found by following `parent`), and in those of its team
/// members' organisations. A project with organisations in two localities counts once in each, and once
/// in the whole.
public struct QIReport: Sendable, Hashable, Codable {
    /// The counts for one group (the whole space, a locality, a PCN).
    public struct Section: Sendable, Hashable, Codable {
        /// `space`, `locality` or `pcn`.
        public var scope: String
        /// The organisation id (empty for the space).
        public var id: String
        public var name: String
        public var projects: Int
        public var projectsByTheme: [String: Int]
        public var projectsByStatus: [String: Int]
        public var people: Int
        public var peopleByRole: [String: Int]
        /// Projects whose organisations and team span two or more organisations.
        public var crossOrganisationProjects: Int
        /// Distinct pairs of organisations working on a project together.
        public var organisationPairs: Int
        /// Adopted-from links from projects here.
        public var adoptionLinks: Int
        /// Per spread stage, how many (project, organisation) pairs have reached it (furthest stage).
        public var spreadByStage: [String: Int]
        /// Per theme and stage, the same.
        public var spreadByTheme: [String: [String: Int]]
        /// Per month (`YYYY-MM`): projects started, PDSA cycles started, data points, notes written.
        public var activity: [String: Activity]
    }

    /// Activity in one month.
    public struct Activity: Sendable, Hashable, Codable {
        public var projectsStarted = 0
        public var pdsaCycles = 0
        public var dataPoints = 0
        public var notes = 0
    }

    /// The whole space first, then localities, then PCNs, each by name.
    public var sections: [Section]
    /// QI documents left out because this build cannot read them (a newer PlaceSync wrote them, or
    /// they are not the kind they claim): upgrade to count them.
    public var unreadableDocuments = 0
    /// Notes whose creation stamp lies beyond the maximum clock skew ahead of this node's clock
    /// (``ClockSkew``): left out of the months, counted here.
    public var notesFromClocksAhead = 0

    /// Computes the report for `qi`'s space.
    public init(_ qi: QISpace) throws {
        // One listing of the space, then every document read once, on every core.
        var ids: [QIDocumentKind: [DocumentID]] = [:]
        for info in try qi.node.documents(in: qi.space) {
            if let kind = info.type.flatMap(QIDocumentKind.init(rawValue:)) { ids[kind, default: []].append(info.id) }
        }
        enum Read: Sendable {
            case project(Project), cycle(PDSACycle), measure(Measure), note(Note)
        }
        let all =
            (ids[.project] ?? []).map { ($0, QIDocumentKind.project) } + (ids[.pdsa] ?? []).map { ($0, .pdsa) }
            + (ids[.measure] ?? []).map { ($0, .measure) } + (ids[.note] ?? []).map { ($0, .note) }
        let kinds = Dictionary(all.map { ($0.0.bytes, $0.1) }, uniquingKeysWith: { first, _ in first })
        let (read, skipped) = try qi.readAllCounting(all.map(\.0)) { id -> Read in
            let document = try qi.node.document(id, in: qi.space)
            switch kinds[id.bytes] ?? .note {
            case .project: return .project(try Project(id: id, document: document))
            case .pdsa: return .cycle(try PDSACycle(id: id, document: document))
            case .measure: return .measure(try Measure(id: id, document: document))
            default: return .note(try Note(id: id, document: document))
            }
        }
        var projects: [Project] = []
        var cycles: [PDSACycle] = []
        var measures: [Measure] = []
        var notes: [Note] = []
        for item in read {
            switch item {
            case .project(let value): projects.append(value)
            case .cycle(let value): cycles.append(value)
            case .measure(let value): measures.append(value)
            case .note(var value):
                value.flagClockSkew(now: qi.node.configuration.now())
                notes.append(value)
            }
        }
        var unreadable = skipped
        func directory<T>(_ read: () throws -> [T]) throws -> [T] {
            do {
                return try read()
            } catch let error as QIError where error.code == .newerSchema || error.code == .wrongKind {
                unreadable += 1
                return []
            }
        }
        self.init(
            organisations: try directory(qi.organisations), people: try directory(qi.people), projects: projects,
            cycles: cycles, measures: measures, notes: notes)
        unreadableDocuments = unreadable
        notesFromClocksAhead = notes.filter(\.createdAtIsAhead).count
    }

    /// Computes the report from records already read.
    public init(
        organisations: [Organisation], people: [Person], projects: [Project], cycles: [PDSACycle], measures: [Measure],
        notes: [Note]
    ) {
        let byID = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Each organisation's locality and PCN (itself when it is one), following parents (bounded).
        func ancestors(_ id: String) -> [Organisation] {
            var chain: [Organisation] = []
            var current = byID[id]
            while let organisation = current, chain.count < 16, !chain.contains(where: { $0.id == organisation.id }) {
                chain.append(organisation)
                current = organisation.parent.flatMap { byID[$0] }
            }
            return chain
        }
        func groups(_ organisationIDs: Set<String>) -> Set<String> {
            var result: Set<String> = [""]
            for id in organisationIDs {
                for organisation in ancestors(id) where organisation.kind == .locality || organisation.kind == .pcn {
                    result.insert(organisation.id)
                }
            }
            return result
        }
        let personOrganisation = Dictionary(
            people.map { ($0.id, $0.organisation) }, uniquingKeysWith: { first, _ in first })
        let projectsByID = Dictionary(projects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Where each project counts, and the organisations it involves.
        var projectOrganisations: [DocumentIDKey: Set<String>] = [:]
        var projectGroups: [DocumentIDKey: Set<String>] = [:]
        for project in projects {
            var involved = Set(project.organisations.keys)
            for person in project.team.keys {
                if let organisation = personOrganisation[person] ?? nil { involved.insert(organisation) }
            }
            projectOrganisations[DocumentIDKey(project.id)] = involved
            projectGroups[DocumentIDKey(project.id)] = groups(involved)
        }
        var sections: [Section] = []
        let scopes: [(scope: String, organisation: Organisation?)] =
            [("space", nil)]
            + organisations.filter { $0.kind == .locality }.map { ("locality", $0) }
            + organisations.filter { $0.kind == .pcn }.map { ("pcn", $0) }
        for (scope, organisation) in scopes {
            let key = organisation?.id ?? ""
            let here = projects.filter { projectGroups[DocumentIDKey($0.id)]?.contains(key) ?? false }
            var section = Section(
                scope: scope, id: key, name: organisation?.name ?? "Whole space", projects: here.count,
                projectsByTheme: [:], projectsByStatus: [:], people: 0, peopleByRole: [:],
                crossOrganisationProjects: 0, organisationPairs: 0, adoptionLinks: 0, spreadByStage: [:],
                spreadByTheme: [:], activity: [:])
            var pairs: Set<String> = []
            for project in here {
                section.projectsByTheme[project.theme.value?.rawValue ?? "unset", default: 0] += 1
                section.projectsByStatus[project.status.value?.rawValue ?? "unset", default: 0] += 1
                let involved = (projectOrganisations[DocumentIDKey(project.id)] ?? []).sorted()
                if involved.count >= 2 { section.crossOrganisationProjects += 1 }
                for (index, first) in involved.enumerated() {
                    for second in involved.dropFirst(index + 1) { pairs.insert(first + "\u{1F}" + second) }
                }
                section.adoptionLinks += project.adoptedFrom.filter { projectsByID[$0] != nil }.count
                for spread in project.spread.values {
                    guard let stage = spread.stage else { continue }
                    section.spreadByStage[stage.rawValue, default: 0] += 1
                    section.spreadByTheme[project.theme.value?.rawValue ?? "unset", default: [:]][
                        stage.rawValue, default: 0] += 1
                }
                if let month = project.startDate.value?.monthText {
                    section.activity[month, default: Activity()].projectsStarted += 1
                }
            }
            section.organisationPairs = pairs.count
            let hereIDs = Set(here.map { DocumentIDKey($0.id) })
            for cycle in cycles {
                guard let project = cycle.project, hereIDs.contains(DocumentIDKey(project)),
                    let month = cycle.startDate.value?.monthText
                else { continue }
                section.activity[month, default: Activity()].pdsaCycles += 1
            }
            for measure in measures {
                guard let project = measure.project, hereIDs.contains(DocumentIDKey(project)) else { continue }
                for point in measure.points {
                    section.activity[point.date.monthText, default: Activity()].dataPoints += 1
                }
            }
            for note in notes {
                guard let project = note.project, hereIDs.contains(DocumentIDKey(project)), !note.createdAtIsAhead,
                    let month = note.createdMonth
                else {
                    continue
                }
                section.activity[month, default: Activity()].notes += 1
            }
            for person in people {
                let inGroup = person.organisation.map { groups([$0]).contains(key) } ?? (key == "")
                guard inGroup else { continue }
                section.people += 1
                for role in person.roles { section.peopleByRole[role.rawValue, default: 0] += 1 }
            }
            sections.append(section)
        }
        self.sections = sections.enumerated().sorted { lhs, rhs in
            let order = ["space": 0, "locality": 1, "pcn": 2]
            return (order[lhs.element.scope] ?? 3, lhs.element.name, lhs.offset)
                < (order[rhs.element.scope] ?? 3, rhs.element.name, rhs.offset)
        }.map(\.element)
    }

    /// The report as CSV rows for a spreadsheet: `scope,id,name,measure,key,value`.
    public var csv: String {
        var lines = ["scope,id,name,measure,key,value"]
        func add(_ section: Section, _ measure: String, _ key: String, _ value: Int) {
            lines.append(
                [section.scope, section.id, section.name, measure, key, String(value)].map(Self.csvField).joined(
                    separator: ","))
        }
        for section in sections {
            add(section, "projects", "", section.projects)
            for (theme, count) in section.projectsByTheme.sorted(by: { $0.key < $1.key }) {
                add(section, "projects by theme", theme, count)
            }
            for (status, count) in section.projectsByStatus.sorted(by: { $0.key < $1.key }) {
                add(section, "projects by status", status, count)
            }
            add(section, "people", "", section.people)
            for (role, count) in section.peopleByRole.sorted(by: { $0.key < $1.key }) {
                add(section, "people by role", role, count)
            }
            add(section, "cross-organisation projects", "", section.crossOrganisationProjects)
            add(section, "organisation pairs", "", section.organisationPairs)
            add(section, "adoption links", "", section.adoptionLinks)
            for (stage, count) in section.spreadByStage.sorted(by: { $0.key < $1.key }) {
                add(section, "spread", stage, count)
            }
            for (month, activity) in section.activity.sorted(by: { $0.key < $1.key }) {
                add(section, "projects started", month, activity.projectsStarted)
                add(section, "pdsa cycles", month, activity.pdsaCycles)
                add(section, "data points", month, activity.dataPoints)
                add(section, "notes", month, activity.notes)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

/// A document id as a dictionary key without its description's cost.
struct DocumentIDKey: Hashable {
    let bytes: [UInt8]
    init(_ id: DocumentID) { bytes = id.bytes }
}

extension Note {
    /// The month the note was written (`YYYY-MM`), from its creation stamp.
    var createdMonth: String? { createdAt.map { String($0.prefix(7)) } }
}
