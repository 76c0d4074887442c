public import PlaceSync

extension QISpace {
    // MARK: Organisations

    /// The space's organisations, by name.
    ///
    /// The directory is flat — `org.<id>.<field>` keys in one document — so that organisations added
    /// or edited on several nodes at once merge field by field.
    public func organisations() throws -> [Organisation] {
        guard let document = try directory(.organisations) else { return [] }
        return Self.records(in: document, prefix: "org").compactMap { id, fields -> Organisation? in
            guard let kind = fields["kind"].flatMap(OrganisationKind.init(rawValue:)), let name = fields["name"] else {
                return nil
            }
            return Organisation(
                id: id, kind: kind, name: name, parent: fields["parent"], odsCode: fields["ods"],
                isExample: fields["example"] == "true")
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
            for record in records {
                let key = "org.\(record.id)."
                try tx.set(key + "kind", .string(record.kind.rawValue))
                try check.set(key + "name", record.name, field: "\(record.id).name", &tx)
                try check.set(key + "parent", optional: record.parent, &tx)
                try check.set(key + "ods", optional: record.odsCode, &tx)
                try tx.set(key + "example", .string(record.isExample ? "true" : "false"))
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

    /// The space's people, by name (a flat directory, `person.<id>.<field>`, like the organisations').
    public func people() throws -> [Person] {
        guard let document = try directory(.people) else { return [] }
        return Self.records(in: document, prefix: "person").compactMap { id, fields -> Person? in
            guard let name = fields["name"] else { return nil }
            let roles = Set(
                fields.keys.filter { $0.hasPrefix("role.") }.compactMap { QIRole(rawValue: String($0.dropFirst(5))) })
            let nodes = fields.keys.filter { $0.hasPrefix("node.") }.map { String($0.dropFirst(5)) }.sorted()
            return Person(id: id, name: name, organisation: fields["organisation"], roles: roles, nodes: nodes)
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
        let person = QIIdentifiers.itemID()
        try write(id, kind: .people, override: override) { tx, check in
            let key = "person.\(person)."
            try check.set(key + "name", name, field: "name", &tx)
            try check.set(key + "organisation", optional: organisationID, &tx)
            for role in roles { try tx.set(key + "role." + role.rawValue, .string("true")) }
            for node in nodes { try tx.set(key + "node.\(node)", .string("true")) }
        }
        return person
    }

    /// Changes a person: a new name or organisation when given, roles added and dropped.
    /// - Throws: ``QIError`` for an unknown person or organisation, or an empty name.
    public func updatePerson(
        _ person: String, name: String? = nil, organisation: String? = nil, addRoles: Set<QIRole> = [],
        dropRoles: Set<QIRole> = [], override: PIDOverride? = nil
    ) throws {
        let existing = try self.person(named: person)
        if let name { try QIText.checkLine(name, field: "name", maxLength: 200) }
        let organisationID = try organisation.map { try self.organisation(named: $0).id }
        guard let id = QIDocumentKind.people.directoryID else { return }
        try write(id, kind: .people, override: override) { tx, check in
            let key = "person.\(existing.id)."
            if let name { try check.set(key + "name", name, field: "name", &tx) }
            if let organisationID { try tx.set(key + "organisation", .string(organisationID)) }
            for role in addRoles { try tx.set(key + "role." + role.rawValue, .string("true")) }
            for role in dropRoles where tx.document.value(forKey: key + "role." + role.rawValue) != nil {
                try tx.removeKey(key + "role." + role.rawValue)
            }
        }
    }

    /// A directory document, checked; `nil` when the space has none yet.
    private func directory(_ kind: QIDocumentKind) throws -> Document? {
        guard let id = kind.directoryID else { return nil }
        let document = try node.document(id, in: space)
        guard document.value(forKey: "type") != nil else { return nil }
        try kind.check(document, id: id)
        return document
    }

    /// The records of a flat directory: for each id under `prefix`, its string fields.
    static func records(in document: Document, prefix: String) -> [(String, [String: String])] {
        var records: [String: [String: String]] = [:]
        for key in document.keys() ?? [] where key.hasPrefix(prefix + ".") {
            let rest = key.dropFirst(prefix.count + 1)
            guard let dot = rest.firstIndex(of: "."), let value = document.string(key).value else { continue }
            records[String(rest[..<dot]), default: [:]][String(rest[rest.index(after: dot)...])] = value
        }
        return records.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
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
