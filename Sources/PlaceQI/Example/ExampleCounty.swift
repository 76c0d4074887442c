internal import PlaceSync

/// A realistic, clearly fictional QI community over the real structure of a county: its six
/// localities, 15 PCNs, 71 practices, a council and voluntary partners, with people, projects on the
/// improvement board's themes, PDSA cycles, measures whose series show real signals, notes, spread
/// and adoption. Every organisation is marked as an example; every name is made up.
///
/// The same seed gives the same county (``plan(seed:scale:)`` is pure); ``write(_:into:progress:)``
/// creates it through ``QISpace``, so it exercises every write path.
public enum ExampleCounty {
    /// What the generator will write.
    public struct Plan: Sendable {
        public var organisations: [Organisation]
        public var people: [PlannedPerson]
        public var projects: [PlannedProject]
        public var cycles: [PlannedCycle]
        public var measures: [PlannedMeasure]
        public var notes: [PlannedNote]
    }

    public struct PlannedPerson: Sendable {
        public var key: Int
        public var name: String
        public var organisation: String
        public var roles: Set<QIRole>
    }

    public struct PlannedProject: Sendable {
        public var draft: ProjectDraft
        /// Team members, by ``PlannedPerson/key``, with their role.
        public var team: [(person: Int, role: String)]
        public var spread: [(organisation: String, stage: SpreadStage, date: QIDate)]
        /// Earlier projects (by index) it adapts.
        public var adoptedFrom: [Int]
        public var changeIdeas: [String]
    }

    public struct PlannedCycle: Sendable {
        public var project: Int
        public var draft: PDSADraft
    }

    public struct PlannedMeasure: Sendable {
        public var project: Int
        public var draft: MeasureDraft
        public var points: [(date: QIDate, value: Double, baseline: Bool)]
    }

    public struct PlannedNote: Sendable {
        public var project: Int
        public var title: String
        public var body: String
    }

    static let localities = [
        ("cheltenham", "Cheltenham", 2), ("cotswolds", "Cotswolds", 3), ("forest-of-dean", "Forest of Dean", 2),
        ("gloucester", "Gloucester", 3), ("stroud-berkeley-vale", "Stroud and Berkeley Vale", 3),
        ("tewkesbury", "Tewkesbury", 2),
    ]
    static let placeWords = [
        "Hillside", "Riverside", "Abbey", "Orchard", "Meadow", "Church Street", "Market", "Severn", "Vale", "Beech",
        "Oakwood", "Mill", "Priory", "Station Road", "Kingsway", "Springbank", "Westgate", "Elm", "Brook", "Castle",
    ]
    static let givenNames = [
        "Alex", "Sam", "Priya", "Tom", "Aisha", "Rhys", "Helen", "Joe", "Mei", "Owen", "Grace", "Ravi", "Lucy", "Dan",
        "Nia", "Ben", "Chloe", "Imran", "Ruth", "Kofi",
    ]
    static let familyNames = [
        "Archer", "Bennett", "Carter", "Dale", "Evans", "Fowler", "Gill", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
        "Morgan", "Nash", "Owens", "Price", "Quinn", "Reed", "Shah", "Turner",
    ]
    static let projectIdeas: [ProjectTheme: [(String, String, String)]] = [
        .frailtyAndDementia: [
            ("Fewer falls in care homes", "Falls per 1,000 occupied bed days", "Motion-sensor lights at night"),
            (
                "Dementia diagnosis within six weeks", "Days from referral to diagnosis",
                "Memory clinic slots in the practice"
            ),
            ("Frailty reviews at home", "Reviews completed per month", "Care co-ordinator home visits"),
        ],
        .healthInequalities: [
            ("Health checks for people with a learning disability", "Checks completed (%)", "Easy-read invitations"),
            ("Blood pressure checks in community venues", "Checks per week", "Pop-up clinics at the food bank"),
            ("Cervical screening uptake in Gloucester", "Uptake (%)", "Evening and Saturday clinics"),
        ],
        .youngPeoplesMentalHealth: [
            ("Waiting time to first contact for young people", "Days to first contact", "Text-based triage"),
            ("Self-harm follow-up within 72 hours", "Follow-ups within 72 hours (%)", "School nurse liaison"),
        ],
        .communityCapacity: [
            (
                "Social prescribing referrals that connect", "Referrals leading to a first session (%)",
                "Volunteer buddies"
            ),
            ("Volunteer drivers for appointments", "Missed appointments per month", "A shared driver rota"),
        ],
        .other: [("Repeat prescription turnaround", "Working days to issue", "Online requests only")],
    ]

    /// The county for `seed`. `scale` (0 < scale ≤ 1) shrinks projects, cycles, measures and notes
    /// (not the structure) for quick runs: at 1, 300 projects, 600 cycles, 200 measures of 24–60 points
    /// and 1,000 notes.
    public static func plan(seed: UInt64, scale: Double = 1) -> Plan {
        var random = SplitMix(seed: seed)
        let scale = min(1, max(0.001, scale))
        func count(_ full: Int) -> Int { max(1, Int((Double(full) * scale).rounded())) }

        var organisations: [Organisation] = [
            Organisation(id: "county", kind: .system, name: "One County ICS (example)", isExample: true),
            Organisation(
                id: "county-council", kind: .council, name: "County Council (example)", parent: "county",
                isExample: true),
            Organisation(
                id: "carers-network", kind: .voluntary, name: "Carers Network (example)", parent: "county",
                isExample: true),
            Organisation(
                id: "community-trust", kind: .trust, name: "Community Health Trust (example)", parent: "county",
                isExample: true),
        ]
        var practices: [String] = []
        var pcnIndex = 0
        var practiceIndex = 0
        let practicesPerPCN = [5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 5, 5]  // 71 in all
        for (localityID, localityName, pcns) in localities {
            organisations.append(
                Organisation(id: localityID, kind: .locality, name: localityName, parent: "county", isExample: true))
            for number in 1...pcns {
                let pcnID = "\(localityID)-pcn-\(number)"
                organisations.append(
                    Organisation(
                        id: pcnID, kind: .pcn, name: "\(localityName) PCN \(number) (example)", parent: localityID,
                        isExample: true))
                for _ in 0..<practicesPerPCN[pcnIndex] {
                    practiceIndex += 1
                    let id = "practice-\(practiceIndex)"
                    let word = placeWords[(practiceIndex * 7) % placeWords.count]
                    organisations.append(
                        Organisation(
                            id: id, kind: .practice, name: "\(word) Surgery \(practiceIndex) (example)", parent: pcnID,
                            isExample: true))
                    practices.append(id)
                }
                pcnIndex += 1
            }
        }

        var people: [PlannedPerson] = []
        for index in 0..<(practices.count * 2 + 20) {
            let organisation = index < practices.count * 2 ? practices[index / 2] : "county-council"
            var roles: Set<QIRole> = [QIRole.allCases[random.below(QIRole.allCases.count)]]
            if random.below(4) == 0 { roles.insert(QIRole.allCases[random.below(QIRole.allCases.count)]) }
            people.append(
                PlannedPerson(
                    key: index,
                    name:
                        "\(givenNames[random.below(givenNames.count)]) \(familyNames[random.below(familyNames.count)]) (example)",
                    organisation: organisation, roles: roles))
        }

        let themes = ProjectTheme.allCases
        var projects: [PlannedProject] = []
        var measures: [PlannedMeasure] = []
        for index in 0..<count(300) {
            let theme = themes[random.below(themes.count)]
            let ideas = projectIdeas[theme] ?? []
            let (title, measureName, idea) = ideas[random.below(max(1, ideas.count))]
            let lead = practices[random.below(practices.count)]
            var draft = ProjectDraft(
                title: "\(title) — \(organisations.first { $0.id == lead }?.name ?? lead)",
                aim: "Improve \(measureName.lowercased()) by 20% within 12 months, working with patients and carers.",
                theme: theme, status: ProjectStatus.allCases[random.below(ProjectStatus.allCases.count)])
            draft.organisations = [lead: "lead"]
            if random.below(3) == 0 { draft.organisations[practices[random.below(practices.count)]] = "involved" }
            if random.below(5) == 0 { draft.organisations["carers-network"] = "partner" }
            draft.tags = [theme.rawValue.split(separator: "-").first.map(String.init) ?? "qi"]
            let year = 2024 + random.below(2)
            let month = 1 + random.below(12)
            draft.startDate = try? QIDate(year: year, month: month, day: 1)
            let leadPeople = people.filter { $0.organisation == lead }.map(\.key)
            var team: [(Int, String)] = leadPeople.prefix(1).map { ($0, "project lead") }
            if random.below(2) == 0 { team.append((people[random.below(people.count)].key, "team member")) }
            var spread: [(String, SpreadStage, QIDate)] = []
            for _ in 0..<random.below(4) {
                let stage = SpreadStage.allCases[random.below(SpreadStage.allCases.count)]
                if let date = try? QIDate(year: 2026, month: 1 + random.below(9), day: 1) {
                    spread.append((practices[random.below(practices.count)], stage, date))
                }
            }
            let adopted = index > 10 && random.below(6) == 0 ? [random.below(index)] : []
            projects.append(
                PlannedProject(draft: draft, team: team, spread: spread, adoptedFrom: adopted, changeIdeas: [idea]))
        }
        for index in 0..<count(200) {
            let project = index % projects.count
            let theme = projects[project].draft.theme ?? .other
            let name = (projectIdeas[theme]?.first?.1 ?? "Measure") + " \(index + 1)"
            let lowerIsBetter = random.below(2) == 0
            var draft = MeasureDraft(
                name: name, type: MeasureType.allCases[random.below(3)],
                direction: lowerIsBetter ? .lowerIsBetter : .higherIsBetter)
            draft.unit = "per month"
            let length = 24 + random.below(37)
            let shiftAt = length / 2 + random.below(length / 4)
            let base = 20 + Double(random.below(40))
            var points: [(QIDate, Double, Bool)] = []
            for month in 0..<length {
                let improved = month >= shiftAt ? (lowerIsBetter ? -0.25 : 0.25) * base : 0
                let noise = (random.unit() - 0.5) * base * 0.2
                let value = ((base + improved + noise) * 10).rounded() / 10
                guard let date = try? QIDate(year: 2021 + month / 12, month: 1 + month % 12, day: 28) else { continue }
                points.append((date, value, month < 12))
            }
            measures.append(PlannedMeasure(project: project, draft: draft, points: points))
        }
        var cycles: [PlannedCycle] = []
        for index in 0..<count(600) {
            let project = index % projects.count
            var draft = PDSADraft(title: "Cycle \(index / projects.count + 1): test on a small scale")
            draft.objective = "Learn whether the change works for a small group first."
            draft.prediction = "Fewer problems for the people in the test group."
            draft.status = PDSAStatus.allCases[random.below(PDSAStatus.allCases.count)]
            draft.startDate = try? QIDate(year: 2025, month: 1 + random.below(12), day: 1 + random.below(28))
            cycles.append(PlannedCycle(project: project, draft: draft))
        }
        var notes: [PlannedNote] = []
        for index in 0..<count(1_000) {
            let project = index % projects.count
            notes.append(
                PlannedNote(
                    project: project, title: "Huddle notes \(index + 1)",
                    body: "We met to review the last cycle. What went well: staff liked the change. "
                        + "What to try next: extend it to the evening session. Actions: agree the rota by Friday."))
        }
        return Plan(
            organisations: organisations, people: people, projects: projects, cycles: cycles, measures: measures,
            notes: notes)
    }

    /// Writes `plan` into `qi` (organisations and people first, then projects and what hangs off them),
    /// calling `progress` with a line now and then.
    public static func write(_ plan: Plan, into qi: QISpace, progress: (String) -> Void = { _ in }) throws {
        try qi.saveOrganisations(plan.organisations)
        var personIDs: [Int: String] = [:]
        for person in plan.people {
            personIDs[person.key] = try qi.addPerson(
                name: person.name, organisation: person.organisation, roles: person.roles)
        }
        progress("\(plan.organisations.count) organisations, \(plan.people.count) people")
        var projectIDs: [DocumentID] = []
        for (index, project) in plan.projects.enumerated() {
            var draft = project.draft
            for (person, role) in project.team { if let id = personIDs[person] { draft.team[id] = role } }
            let id = try qi.createProject(draft)
            for idea in project.changeIdeas { _ = try qi.addChangeIdea(to: id, title: idea) }
            for (organisation, stage, date) in project.spread {
                try qi.setSpread(of: id, to: organisation, stage: stage, on: date)
            }
            for source in project.adoptedFrom where source < projectIDs.count {
                try qi.addAdoptedFrom(id, source: projectIDs[source])
            }
            projectIDs.append(id)
            if (index + 1) % 50 == 0 { progress("\(index + 1) of \(plan.projects.count) projects") }
        }
        for (index, measure) in plan.measures.enumerated() {
            let id = try qi.createMeasure(measure.draft, project: projectIDs[measure.project])
            _ = try qi.addPoints(to: id, measure.points.map { ($0.date, $0.value, nil, $0.baseline) })
            if (index + 1) % 50 == 0 { progress("\(index + 1) of \(plan.measures.count) measures") }
        }
        for (index, cycle) in plan.cycles.enumerated() {
            _ = try qi.createPDSA(on: projectIDs[cycle.project], cycle.draft)
            if (index + 1) % 200 == 0 { progress("\(index + 1) of \(plan.cycles.count) PDSA cycles") }
        }
        for (index, note) in plan.notes.enumerated() {
            _ = try qi.createNote(title: note.title, body: note.body, project: projectIDs[note.project])
            if (index + 1) % 250 == 0 { progress("\(index + 1) of \(plan.notes.count) notes") }
        }
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in 0..<bound.
    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
