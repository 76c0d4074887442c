internal import PlaceBinary
public import PlaceSync

/// A QI project as its document holds it. Single-valued fields come with any concurrent values
/// (``Resolved``); set-like fields (organisations, team, tags, change ideas, spread) merge additions
/// from every node.
public struct Project: Sendable, Hashable {
    public var id: DocumentID
    public var title: Resolved<String>
    /// The aim statement: what, by how much, by when, for whom.
    public var aim: Resolved<String>
    public var theme: Resolved<ProjectTheme>
    public var status: Resolved<ProjectStatus>
    public var startDate: Resolved<QIDate>
    public var endDate: Resolved<QIDate>
    /// Organisations involved, by id, with how (`lead`, `involved`).
    public var organisations: [String: String]
    /// The team: person id → role in the project.
    public var team: [String: String]
    /// Co-production partners (service users, carers, groups), by name.
    public var partners: [String]
    public var tags: [String]
    /// The driver diagram: aim → primary drivers → secondary drivers → change ideas.
    public var drivers: [Driver]
    public var changeIdeas: [ChangeIdea]
    /// How far the project has spread to each organisation (by organisation id).
    public var spread: [String: Spread]
    /// Projects this one adapts.
    public var adoptedFrom: [DocumentID]
    /// Writes that went ahead past the PID guard (``PIDOverride``).
    public var pidOverrides: Int
    /// The project's PDSA cycles, measures and notes, by id.
    public var pdsaCycleIDs: [DocumentID]
    public var measureIDs: [DocumentID]
    public var noteIDs: [DocumentID]

    /// A driver in the diagram.
    public struct Driver: Sendable, Hashable {
        public var id: String
        /// `primary` or `secondary`.
        public var level: String
        public var text: String
        /// The primary driver a secondary one belongs to.
        public var parent: String?
    }

    /// A change idea, tested in PDSA cycles.
    public struct ChangeIdea: Sendable, Hashable {
        public var id: String
        public var title: String
        /// The secondary (or primary) driver it acts on.
        public var driver: String?
    }

    /// Spread to one organisation: the furthest stage reached and the date each stage was reached.
    public struct Spread: Sendable, Hashable {
        public var stage: SpreadStage?
        public var dates: [SpreadStage: QIDate]
    }
}

extension Project {
    /// Reads a project from its document.
    /// - Throws: ``QIError`` when the document is not a project this build reads.
    public init(id: DocumentID, document: Document) throws(QIError) {
        try QIDocumentKind.project.check(document, id: id)
        self.id = id
        title = document.string("title")
        aim = document.string("aim")
        theme = document.vocabulary("theme")
        status = document.vocabulary("status")
        startDate = document.date("startDate")
        endDate = document.date("endDate")
        organisations = document.stringMap("organisations")
        team = document.stringMap("team")
        partners = document.keySet("partners")
        tags = document.keySet("tags")
        drivers = Self.items("drivers", in: document) { id, map in
            guard let text = document.string("text", in: map).value else { return nil }
            return Driver(
                id: id, level: document.string("level", in: map).value ?? "primary", text: text,
                parent: document.string("parent", in: map).value)
        }
        changeIdeas = Self.items("changeIdeas", in: document) { id, map in
            guard let title = document.string("title", in: map).value else { return nil }
            return ChangeIdea(id: id, title: title, driver: document.string("driver", in: map).value)
        }
        // Spread is kept flat, `organisation/stage` → date, so stages recorded on two nodes all count.
        var spread: [String: Spread] = [:]
        for (key, text) in document.stringMap("spread") {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let stage = SpreadStage(rawValue: parts[1]),
                let date = try? QIDate(parsing: text, field: "spread")
            else { continue }
            var record = spread[parts[0]] ?? Spread(stage: nil, dates: [:])
            record.dates[stage] = date
            record.stage = record.dates.keys.max()
            spread[parts[0]] = record
        }
        self.spread = spread
        adoptedFrom = document.keySet("adoptedFrom").compactMap { text in
            Hex.bytes(text).flatMap { DocumentID(bytes: $0) }
        }
        pidOverrides = (document.keys() ?? []).filter { $0.hasPrefix(QIWrite.overridePrefix) }.count
        pdsaCycleIDs = document.keySet("pdsaCycles").compactMap(DocumentID.init(hex:))
        measureIDs = document.keySet("measures").compactMap(DocumentID.init(hex:))
        noteIDs = document.keySet("notes").compactMap(DocumentID.init(hex:))
    }

    /// The items of the map at `key`, each a map read by `read`, sorted by id.
    static func items<Item>(
        _ key: String, in document: Document, _ read: (String, ContainerID) -> Item?
    ) -> [Item] {
        guard let map = document.mapContainer(key) else { return [] }
        return (document.keys(in: map) ?? []).sorted().compactMap { id in
            document.mapContainer(id, in: map).flatMap { read(id, $0) }
        }
    }
}

/// What to write when a project is created or edited: `nil` fields are left as they are.
public struct ProjectDraft: Sendable, Hashable {
    public var title: String?
    public var aim: String?
    public var theme: ProjectTheme?
    public var status: ProjectStatus?
    public var startDate: QIDate?
    public var endDate: QIDate?
    /// Organisations to add, with how they are involved.
    public var organisations: [String: String] = [:]
    /// Team members to add: person id → role.
    public var team: [String: String] = [:]
    public var partners: [String] = []
    public var tags: [String] = []

    /// An empty draft.
    public init(title: String? = nil, aim: String? = nil, theme: ProjectTheme? = nil, status: ProjectStatus? = nil) {
        self.title = title
        self.aim = aim
        self.theme = theme
        self.status = status
    }

    /// Checks every field a person typed.
    func validate(creating: Bool) throws(QIError) {
        if creating, title == nil { throw QIError.invalid("title", "a project needs a title") }
        if let title { try QIText.checkLine(title, field: "title") }
        if let aim { try QIText.checkParagraphs(aim, field: "aim") }
        if let startDate, let endDate, endDate < startDate {
            throw QIError.invalid("end", "\(endDate) is before the start date \(startDate)")
        }
        for (organisation, how) in organisations {
            try QIText.checkKey(organisation, field: "organisations")
            try QIText.checkLine(how, field: "organisations[\(organisation)]", maxLength: 100)
        }
        for (person, role) in team {
            try QIText.checkKey(person, field: "team")
            try QIText.checkLine(role, field: "team[\(person)]", maxLength: 100)
        }
        for partner in partners { try QIText.checkLine(partner, field: "partners", maxLength: 200) }
        for tag in tags { try QIText.checkKey(tag, field: "tags") }
    }
}
