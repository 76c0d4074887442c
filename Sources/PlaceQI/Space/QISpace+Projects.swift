internal import PlaceBinary
public import PlaceSync

extension QISpace {
    /// Creates a project; returns its document id.
    /// - Throws: ``QIError`` for a field that is not allowed, an unknown organisation or person, or
    ///   text the PID guard flags (unless `override`).
    @discardableResult
    public func createProject(_ draft: ProjectDraft, override: PIDOverride? = nil) throws -> DocumentID {
        var draft = draft
        if draft.status == nil { draft.status = .idea }
        try draft.validate(creating: true)
        try checkReferences(draft)
        return try write(QIIdentifiers.documentID(), kind: .project, creating: true, override: override) { tx, check in
            try apply(draft, &tx, &check)
        }
    }

    /// Changes a project: the draft's non-`nil` fields are set, its organisations, team, partners and
    /// tags added. Fields another node changes concurrently merge field by field.
    public func updateProject(_ id: DocumentID, _ draft: ProjectDraft, override: PIDOverride? = nil) throws {
        try draft.validate(creating: false)
        try checkReferences(draft)
        _ = try project(id)
        try write(id, kind: .project, override: override) { tx, check in try apply(draft, &tx, &check) }
    }

    /// Reads a project.
    /// - Throws: ``QIError/Code/notFound`` when the space has no such project.
    public func project(_ id: DocumentID) throws -> Project {
        try Project(id: id, document: read(id, kind: .project))
    }

    /// Every project of the space, most recently changed first.
    public func projects() throws -> [Project] {
        try readAll(documents(of: .project)) { try project($0) }
    }

    /// Finds a project by id (or the first 8 or more hex digits of it) or by exact title.
    /// - Throws: ``QIError/Code/notFound``, or ``QIError/Code/invalidValue`` when the name fits several.
    public func project(named text: String) throws -> Project {
        let all = try projects()
        let lower = text.lowercased()
        if lower.count >= 8, lower.allSatisfy(\.isHexDigit) {
            let matches = all.filter { "\($0.id)".hasPrefix(lower) }
            if matches.count == 1 { return matches[0] }
        }
        let titled = all.filter { $0.title.value?.lowercased() == lower }
        if titled.count == 1 { return titled[0] }
        if titled.count > 1 {
            throw QIError.invalid(
                "project", "several projects are titled \"\(text)\": use the id (`placesync project list`)")
        }
        throw QIError(.notFound, field: "project", "no project \"\(text)\" (`placesync project list` shows them)")
    }

    /// Adds a driver to the project's driver diagram; returns its id.
    @discardableResult
    public func addDriver(to project: DocumentID, text: String, parent: String? = nil, override: PIDOverride? = nil)
        throws -> String
    {
        try QIText.checkLine(text, field: "driver")
        let existing = try self.project(project)
        if let parent, !existing.drivers.contains(where: { $0.id == parent }) {
            throw QIError(.notFound, field: "parent", "the project has no driver \(parent)")
        }
        let key = QIIdentifiers.itemID()
        try write(project, kind: .project, override: override) { tx, check in
            let entry = try tx.makeContainer(.map, at: key, in: try QIWrite.map("drivers", &tx))
            try check.set("text", text, field: "driver", in: entry, &tx)
            try tx.set("level", .string(parent == nil ? "primary" : "secondary"), in: entry)
            if let parent { try tx.set("parent", .string(parent), in: entry) }
        }
        return key
    }

    /// Adds a change idea (optionally on a driver); returns its id.
    @discardableResult
    public func addChangeIdea(
        to project: DocumentID, title: String, driver: String? = nil, override: PIDOverride? = nil
    )
        throws -> String
    {
        try QIText.checkLine(title, field: "change idea")
        let existing = try self.project(project)
        if let driver, !existing.drivers.contains(where: { $0.id == driver }) {
            throw QIError(.notFound, field: "driver", "the project has no driver \(driver)")
        }
        let key = QIIdentifiers.itemID()
        try write(project, kind: .project, override: override) { tx, check in
            let entry = try tx.makeContainer(.map, at: key, in: try QIWrite.map("changeIdeas", &tx))
            try check.set("title", title, field: "change idea", in: entry, &tx)
            if let driver { try tx.set("driver", .string(driver), in: entry) }
        }
        return key
    }

    /// Records that the project reached `stage` at `organisation` on `date` (earlier stages keep their
    /// dates; two nodes recording different stages both count, the furthest shows).
    public func setSpread(of project: DocumentID, to organisation: String, stage: SpreadStage, on date: QIDate) throws {
        let organisationID = try self.organisation(named: organisation).id
        _ = try self.project(project)
        try write(project, kind: .project) { tx, _ in
            try tx.set("\(organisationID)/\(stage.rawValue)", .string("\(date)"), in: try QIWrite.map("spread", &tx))
        }
    }

    /// Records that `project` adapts `source` (another project of the space).
    public func addAdoptedFrom(_ project: DocumentID, source: DocumentID) throws {
        guard project != source else { throw QIError.invalid("adopted-from", "a project cannot adapt itself") }
        _ = try self.project(source)
        _ = try self.project(project)
        try write(project, kind: .project) { tx, _ in
            try tx.set("\(source)", .bool(true), in: try QIWrite.map("adoptedFrom", &tx))
        }
    }

    // MARK: Helpers

    private func checkReferences(_ draft: ProjectDraft) throws {
        if !draft.organisations.isEmpty {
            let known = Set(try organisations().map(\.id))
            for organisation in draft.organisations.keys where !known.contains(organisation) {
                throw QIError(.notFound, field: "organisations", "no organisation \"\(organisation)\" in the directory")
            }
        }
        if !draft.team.isEmpty {
            let known = Set(try people().map(\.id))
            for person in draft.team.keys where !known.contains(person) {
                throw QIError(.notFound, field: "team", "no person \"\(person)\" in the directory")
            }
        }
    }

    private func apply(_ draft: ProjectDraft, _ tx: inout Transaction, _ check: inout QIWrite) throws {
        if let title = draft.title { try check.set("title", title, &tx) }
        if let aim = draft.aim { try check.set("aim", aim, &tx) }
        if let theme = draft.theme { try tx.set("theme", .string(theme.rawValue)) }
        if let status = draft.status { try tx.set("status", .string(status.rawValue)) }
        if let start = draft.startDate { try tx.set("startDate", .string("\(start)")) }
        if let end = draft.endDate { try tx.set("endDate", .string("\(end)")) }
        for (organisation, how) in draft.organisations.sorted(by: { $0.key < $1.key }) {
            try check.set(organisation, how, field: "organisations", in: try QIWrite.map("organisations", &tx), &tx)
        }
        for (person, role) in draft.team.sorted(by: { $0.key < $1.key }) {
            try check.set(person, role, field: "team", in: try QIWrite.map("team", &tx), &tx)
        }
        for partner in draft.partners {
            try check.check(partner, field: "partners")
            try tx.set(partner, .bool(true), in: try QIWrite.map("partners", &tx))
        }
        for tag in draft.tags { try tx.set(tag, .bool(true), in: try QIWrite.map("tags", &tx)) }
    }
}

extension DocumentID {
    /// Parses the 32 hex digits `description` prints.
    public init?(hex text: String) {
        guard text.count == 32, let bytes = Hex.bytes(text) else { return nil }
        self.init(bytes: bytes)
    }
}
