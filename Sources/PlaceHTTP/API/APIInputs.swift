internal import Foundation
internal import PlaceQI
internal import PlaceSync

// What the write endpoints take. Vocabulary fields are strings, parsed by PlaceQI (so an unknown
// value gets 422 naming the field and listing what is allowed). `override` is the reason given for
// writing text the PID guard flagged; without it such text is refused.

struct ProjectInput: Decodable, Sendable {
    var title: String?
    var aim: String?
    var theme: String?
    var status: String?
    var startDate: String?
    var endDate: String?
    var organisations: [String: String]?
    var team: [String: String]?
    var partners: [String]?
    var tags: [String]?
    var override: String?

    func draft() throws -> ProjectDraft {
        var draft = ProjectDraft(
            title: title, aim: aim, theme: try theme.map { try ProjectTheme.parse($0, field: "theme") },
            status: try status.map { try ProjectStatus.parse($0, field: "status") })
        draft.startDate = try startDate.map { try QIDate(parsing: $0, field: "startDate") }
        draft.endDate = try endDate.map { try QIDate(parsing: $0, field: "endDate") }
        draft.organisations = organisations ?? [:]
        draft.team = team ?? [:]
        draft.partners = partners ?? []
        draft.tags = tags ?? []
        return draft
    }
}

struct SpreadInput: Decodable, Sendable {
    var organisation: String
    var stage: String
    var date: String
}

struct PDSAInput: Decodable, Sendable {
    var project: String?
    var title: String?
    var changeIdea: String?
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
    var override: String?

    func draft() throws -> PDSADraft {
        var draft = PDSADraft(title: title)
        draft.changeIdea = changeIdea
        draft.status = try status.map { try PDSAStatus.parse($0, field: "status") }
        draft.objective = objective
        draft.questions = questions
        draft.prediction = prediction
        draft.plan = plan
        draft.observations = observations
        draft.study = study
        draft.decision = try decision.map { try PDSADecision.parse($0, field: "decision") }
        draft.startDate = try startDate.map { try QIDate(parsing: $0, field: "startDate") }
        draft.endDate = try endDate.map { try QIDate(parsing: $0, field: "endDate") }
        return draft
    }
}

struct MeasureInput: Decodable, Sendable {
    var project: String?
    var name: String?
    var type: String?
    var definition: String?
    var unit: String?
    var direction: String?
    var target: Double?
    var override: String?

    func draft() throws -> MeasureDraft {
        var draft = MeasureDraft(
            name: name, type: try type.map { try MeasureType.parse($0, field: "type") },
            direction: try direction.map { try ImprovementDirection.parse($0, field: "direction") })
        draft.definition = definition
        draft.unit = unit
        draft.target = target
        return draft
    }
}

struct PointsInput: Decodable, Sendable {
    struct Point: Decodable, Sendable {
        var date: String
        var value: Double
        var annotation: String?
        var baseline: Bool?
    }
    var points: [Point]
    var override: String?

    static let maxPoints = 1_000

    func parsed() throws -> [(date: QIDate, value: Double, annotation: String?, baseline: Bool)] {
        guard !points.isEmpty else { throw QIError(.invalidValue, field: "points", "send at least one point") }
        guard points.count <= Self.maxPoints else {
            throw QIError(.invalidValue, field: "points", "at most \(Self.maxPoints) points at once")
        }
        return try points.enumerated().map { index, point in
            (
                try QIDate(parsing: point.date, field: "points[\(index)].date"), point.value, point.annotation,
                point.baseline ?? false
            )
        }
    }
}

struct NoteInput: Decodable, Sendable {
    var title: String
    var body: String?
    var project: String?
    var tags: [String]?
    var override: String?
}

struct SpliceInput: Decodable, Sendable {
    /// The `version` of the body the splice was made against.
    var base: String
    var at: Int
    var delete: Int
    var insert: String
    var override: String?
}

struct InviteInput: Decodable, Sendable {
    var role: String
    /// How long the invite stays valid, in hours (default 72, at most 720).
    var validForHours: Double?
}

extension Optional where Wrapped == String {
    /// The PID override these words give (none for nil or blank).
    var pidOverride: PIDOverride? {
        guard let reason = self?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else { return nil }
        return PIDOverride(reason: reason)
    }
}
