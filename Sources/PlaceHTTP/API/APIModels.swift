internal import PlaceQI
internal import PlaceSync

// What the JSON API returns: the QI records as plain JSON. Fields that people wrote concurrently on
// different nodes carry the other values in `conflicts` (field name → values) until someone resolves
// them. The OpenAPI document (`/v1/openapi.json`) describes each.

/// A space this node holds.
struct SpaceJSON: Codable, Sendable {
    var id: String
    var name: String
    var role: String?
    var canWrite: Bool
    var canRead: Bool
    var explanation: String
}

/// A member of a space.
struct MemberJSON: Codable, Sendable {
    var node: String
    var role: String
    var name: String?
}

/// The values other nodes wrote concurrently, per field.
typealias ConflictsJSON = [String: [String]]

func conflicts(_ fields: [(String, [String])]) -> ConflictsJSON {
    var result: ConflictsJSON = [:]
    for (name, values) in fields where !values.isEmpty { result[name] = values }
    return result
}

/// A project, with its drivers, change ideas, spread and the ids of its cycles, measures and notes.
struct ProjectJSON: Codable, Sendable {
    struct Driver: Codable, Sendable {
        var id: String
        var level: String
        var text: String
        var parent: String?
    }
    struct ChangeIdea: Codable, Sendable {
        var id: String
        var title: String
        var driver: String?
    }
    struct Spread: Codable, Sendable {
        var organisation: String
        var stage: String?
        var dates: [String: String]
    }
    var id: String
    var title: String?
    var aim: String?
    var theme: String?
    var status: String?
    var startDate: String?
    var endDate: String?
    var organisations: [String: String]
    var team: [String: String]
    var partners: [String]
    var tags: [String]
    var drivers: [Driver]
    var changeIdeas: [ChangeIdea]
    var spread: [Spread]
    var adoptedFrom: [String]
    var pdsaCycles: [String]
    var measures: [String]
    var notes: [String]
    var conflicts: ConflictsJSON

    init(_ project: Project) {
        id = "\(project.id)"
        title = project.title.value
        aim = project.aim.value
        theme = project.theme.value?.rawValue
        status = project.status.value?.rawValue
        startDate = project.startDate.value?.description
        endDate = project.endDate.value?.description
        organisations = project.organisations
        team = project.team
        partners = project.partners
        tags = project.tags
        drivers = project.drivers.map { Driver(id: $0.id, level: $0.level, text: $0.text, parent: $0.parent) }
        changeIdeas = project.changeIdeas.map { ChangeIdea(id: $0.id, title: $0.title, driver: $0.driver) }
        spread = project.spread.keys.sorted().compactMap { key in
            project.spread[key].map { spread in
                Spread(
                    organisation: key, stage: spread.stage?.rawValue,
                    dates: Dictionary(
                        uniqueKeysWithValues: spread.dates.map { ($0.key.rawValue, $0.value.description) }))
            }
        }
        adoptedFrom = project.adoptedFrom.map { "\($0)" }
        pdsaCycles = project.pdsaCycleIDs.map { "\($0)" }
        measures = project.measureIDs.map { "\($0)" }
        notes = project.noteIDs.map { "\($0)" }
        self.conflicts = PlaceHTTP.conflicts([
            ("title", project.title.conflicts), ("aim", project.aim.conflicts),
            ("theme", project.theme.conflicts.map(\.rawValue)), ("status", project.status.conflicts.map(\.rawValue)),
            ("startDate", project.startDate.conflicts.map(\.description)),
            ("endDate", project.endDate.conflicts.map(\.description)),
        ])
    }
}

/// A project in a list: enough to show and filter it.
struct ProjectSummaryJSON: Codable, Sendable {
    var id: String
    var title: String?
    var theme: String?
    var status: String?
    var organisations: [String]
    var startDate: String?

    init(_ project: Project) {
        id = "\(project.id)"
        title = project.title.value
        theme = project.theme.value?.rawValue
        status = project.status.value?.rawValue
        organisations = project.organisations.keys.sorted()
        startDate = project.startDate.value?.description
    }
}

/// A PDSA cycle.
struct PDSAJSON: Codable, Sendable {
    var id: String
    var project: String?
    var changeIdea: String?
    var title: String?
    var status: String?
    var objective: String?
    var questions: String?
    var prediction: String?
    var plan: String?
    var observations: String?
    var study: String?
    var decision: String?
    var startDate: String?
    var endDate: String?
    var previous: String?
    var conflicts: ConflictsJSON

    init(_ cycle: PDSACycle) {
        id = "\(cycle.id)"
        project = cycle.project.map { "\($0)" }
        changeIdea = cycle.changeIdea
        title = cycle.title.value
        status = cycle.status.value?.rawValue
        objective = cycle.objective.value
        questions = cycle.questions.value
        prediction = cycle.prediction.value
        plan = cycle.plan.value
        observations = cycle.observations.value
        study = cycle.study.value
        decision = cycle.decision.value?.rawValue
        startDate = cycle.startDate.value?.description
        endDate = cycle.endDate.value?.description
        previous = cycle.previous.map { "\($0)" }
        self.conflicts = PlaceHTTP.conflicts([
            ("title", cycle.title.conflicts), ("status", cycle.status.conflicts.map(\.rawValue)),
            ("objective", cycle.objective.conflicts), ("prediction", cycle.prediction.conflicts),
            ("plan", cycle.plan.conflicts), ("observations", cycle.observations.conflicts),
            ("study", cycle.study.conflicts), ("decision", cycle.decision.conflicts.map(\.rawValue)),
        ])
    }
}

/// A measure with its data points and the chart's reading.
struct MeasureJSON: Codable, Sendable {
    struct Point: Codable, Sendable {
        var id: String
        var date: String
        var value: Double
        var annotation: String?
        var baseline: Bool
        var history: [Double]
        var conflicts: [Double]
    }
    var id: String
    var project: String?
    var name: String?
    var type: String?
    var definition: String?
    var unit: String?
    var direction: String?
    var target: Double?
    var points: [Point]
    var phaseStarts: [String]
    var analysis: MeasureAnalysis?

    init(_ measure: Measure, analysis: MeasureAnalysis?) {
        id = "\(measure.id)"
        project = measure.project.map { "\($0)" }
        name = measure.name.value
        type = measure.type.value?.rawValue
        definition = measure.definition.value
        unit = measure.unit.value
        direction = measure.direction.value?.rawValue
        target = measure.target.value
        points = measure.points.map {
            Point(
                id: $0.id, date: $0.date.description, value: $0.value, annotation: $0.annotation,
                baseline: $0.isBaseline, history: $0.history, conflicts: $0.conflicts)
        }
        phaseStarts = measure.phaseStarts.map(\.description)
        self.analysis = analysis
    }
}

/// A note: its body is collaborative text; `version` is the tag a splice names as its base.
struct NoteJSON: Codable, Sendable {
    var id: String
    var title: String?
    var project: String?
    var tags: [String]
    var body: String
    var createdAt: String?
    /// The writing node's clock was more than 48 hours ahead of this node's when it stamped `createdAt`.
    var createdAtClockAhead: Bool
    var version: String

    init(_ note: Note) {
        id = "\(note.id)"
        title = note.title.value
        project = note.project.map { "\($0)" }
        tags = note.tags
        body = note.body
        createdAt = note.createdAt
        createdAtClockAhead = note.createdAtIsAhead
        version = NoteVersions.tag(of: note.body)
    }
}

/// An organisation in the directory.
struct OrganisationJSON: Codable, Sendable {
    var id: String
    var kind: String
    var name: String
    var parent: String?
    var odsCode: String?
    var example: Bool

    init(_ organisation: Organisation) {
        id = organisation.id
        kind = organisation.kind.rawValue
        name = organisation.name
        parent = organisation.parent
        odsCode = organisation.odsCode
        example = organisation.isExample
    }
}

/// A person in the directory.
struct PersonJSON: Codable, Sendable {
    var id: String
    var name: String
    var organisation: String?
    var roles: [String]

    init(_ person: Person) {
        id = person.id
        name = person.name
        organisation = person.organisation
        roles = person.roles.map(\.rawValue).sorted()
    }
}

/// A search hit.
struct SearchHitJSON: Codable, Sendable {
    var space: String
    var document: String
    var title: String?
    var excerpt: String
}

/// A peer's sync state.
struct PeerJSON: Codable, Sendable {
    struct Lag: Codable, Sendable {
        var space: String
        var peerLacks: UInt64
        var weLack: UInt64
    }
    var key: String
    var node: String?
    var address: String
    var direction: String
    var connected: Bool
    var lastContact: Double?
    var lastError: String?
    var updatedAt: Double
    var spaces: [Lag]

    init(_ status: PeerStatus) {
        key = status.key
        node = status.nodeID.map { "\($0)" }
        address = status.address
        direction = status.direction.rawValue
        connected = status.connected
        lastContact = status.lastContact
        lastError = status.lastError
        updatedAt = status.updatedAt
        spaces = status.spaces.map { Lag(space: "\($0.space)", peerLacks: $0.peerLacks, weLack: $0.weLack) }
    }
}

/// The node's sync state: its peers, what waits, and each space's standing.
struct SyncJSON: Codable, Sendable {
    var node: String
    var pending: Int
    var peers: [PeerJSON]
    var spaces: [SpaceJSON]
}
