public import PlaceSync

extension QISpace {
    // MARK: Organisations

    /// The space's organisations, by name.
    public func organisations() throws -> [Organisation] {
        guard let id = QIDocumentKind.organisations.directoryID else { return [] }
        let document = try node.document(id, in: space)
        guard document.value(forKey: "type") != nil else { return [] }
        try QIDocumentKind.organisations.check(document, id: id)
        guard let map = document.mapContainer("organisations") else { return [] }
        return (document.keys(in: map) ?? []).compactMap { key -> Organisation? in
            guard let record = document.mapContainer(key, in: map),
                let kind: OrganisationKind = document.vocabulary("kind", in: record).value,
                let name = document.string("name", in: record).value
            else { return nil }
            return Organisation(
                id: key, kind: kind, name: name, parent: document.string("parent", in: record).value,
                odsCode: document.string("ods", in: record).value, isExample: document.flag("example", in: record))
        }
        .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// Adds or updates organisations, all in one change: every record is checked first (fields, and
    /// that each parent is in the directory or among `records`), and nothing is written unless all are
    /// valid.
    /// - Throws: ``QIError`` naming the record and field at fault.
    public func saveOrganisations(_ records: [Organisation], override: PIDOverride? = nil) throws {
        guard let id = QIDocumentKind.organisations.directoryID else { return }
        let known = Set(try organisations().map(\.id)).union(records.map(\.id))
        for (index, record) in records.enumerated() {
            do {
                try record.validate()
            } catch {
                throw QIError(error.code, field: "organisations[\(index + 1)].\(error.field ?? "")", error.message)
            }
            if let parent = record.parent, !known.contains(parent) {
                throw QIError.invalid(
                    "organisations[\(index + 1)].parent",
                    "no organisation \"\(parent)\" in the directory or this import")
            }
        }
        try write(id, kind: .organisations, override: override) { tx, check in
            let map = try QIWrite.map("organisations", &tx)
            for record in records {
                let entry = try QIWrite.map(record.id, in: map, &tx)
                try tx.set("kind", .string(record.kind.rawValue), in: entry)
                try check.set("name", record.name, field: "\(record.id).name", in: entry, &tx)
                try check.set("parent", optional: record.parent, in: entry, &tx)
                try check.set("ods", optional: record.odsCode, in: entry, &tx)
                if record.isExample { try tx.set("example", .bool(true), in: entry) }
            }
        }
    }

    /// Finds an organisation by id, ODS code or exact name.
    /// - Throws: ``QIError/Code/notFound``.
    public func organisation(named text: String) throws -> Organisation {
        let all = try organisations()
        if let match = all.first(where: { $0.id == text || $0.odsCode == text }) { return match }
        let named = all.filter { $0.name.lowercased() == text.lowercased() }
        if named.count == 1 { return named[0] }
        throw QIError(.notFound, field: "organisation", "no organisation \"\(text)\" (`placesync org list` shows them)")
    }

    // MARK: People

    /// The space's people, by name.
    public func people() throws -> [Person] {
        guard let id = QIDocumentKind.people.directoryID else { return [] }
        let document = try node.document(id, in: space)
        guard document.value(forKey: "type") != nil else { return [] }
        try QIDocumentKind.people.check(document, id: id)
        guard let map = document.mapContainer("people") else { return [] }
        return (document.keys(in: map) ?? []).compactMap { key -> Person? in
            guard let record = document.mapContainer(key, in: map), let name = document.string("name", in: record).value
            else { return nil }
            let roles = Set(
                (document.mapContainer("roles", in: record).flatMap { document.keys(in: $0) } ?? [])
                    .compactMap(QIRole.init(rawValue:)))
            let nodes = document.mapContainer("nodes", in: record).flatMap { document.keys(in: $0) } ?? []
            return Person(
                id: key, name: name, organisation: document.string("organisation", in: record).value, roles: roles,
                nodes: nodes.sorted())
        }
        .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// Adds a person; returns their id.
    /// - Throws: ``QIError`` for an empty name or an unknown organisation.
    @discardableResult
    public func addPerson(
        name: String, organisation: String? = nil, roles: Set<QIRole> = [], nodes: [NodeID] = [],
        override: PIDOverride? = nil
    ) throws -> String {
        try QIText.checkLine(name, field: "name", maxLength: 200)
        let organisationID = try organisation.map { try self.organisation(named: $0).id }
        guard let id = QIDocumentKind.people.directoryID else { return "" }
        let key = QIIdentifiers.itemID()
        try write(id, kind: .people, override: override) { tx, check in
            let map = try QIWrite.map("people", &tx)
            let entry = try tx.makeContainer(.map, at: key, in: map)
            try check.set("name", name, in: entry, &tx)
            try check.set("organisation", optional: organisationID, in: entry, &tx)
            let roleMap = try tx.makeContainer(.map, at: "roles", in: entry)
            for role in roles { try tx.set(role.rawValue, .bool(true), in: roleMap) }
            let nodeMap = try tx.makeContainer(.map, at: "nodes", in: entry)
            for node in nodes { try tx.set("\(node)", .bool(true), in: nodeMap) }
        }
        return key
    }

    /// Finds a person by id or exact name.
    /// - Throws: ``QIError/Code/notFound``, or ``QIError/Code/invalidValue`` when several share the name.
    public func person(named text: String) throws -> Person {
        let all = try people()
        if let match = all.first(where: { $0.id == text }) { return match }
        let named = all.filter { $0.name.lowercased() == text.lowercased() }
        if named.count == 1 { return named[0] }
        if named.count > 1 {
            throw QIError.invalid(
                "person", "several people are named \"\(text)\": use the id (`placesync person list`)")
        }
        throw QIError(.notFound, field: "person", "no person \"\(text)\" (`placesync person list` shows them)")
    }
}
