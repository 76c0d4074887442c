public import PlaceSync

extension QISpace {
    // MARK: PDSA cycles

    /// Starts a PDSA cycle on `project` (status `planned` unless the draft says otherwise).
    @discardableResult
    public func createPDSA(on project: DocumentID, _ draft: PDSADraft, override: PIDOverride? = nil) throws
        -> DocumentID
    {
        var draft = draft
        if draft.status == nil { draft.status = .planned }
        try draft.validate(creating: true)
        try checkCycleReferences(draft, project: project)
        let id = try write(QIIdentifiers.documentID(), kind: .pdsa, creating: true, override: override) { tx, check in
            try tx.set("project", .string("\(project)"))
            try apply(draft, &tx, &check)
        }
        try index(id, in: "pdsaCycles", of: project)
        return id
    }

    /// Changes a PDSA cycle (the draft's non-`nil` fields).
    public func updatePDSA(_ id: DocumentID, _ draft: PDSADraft, override: PIDOverride? = nil) throws {
        try draft.validate(creating: false)
        let cycle = try pdsa(id)
        if let project = cycle.project { try checkCycleReferences(draft, project: project) }
        try write(id, kind: .pdsa, override: override) { tx, check in try apply(draft, &tx, &check) }
    }

    /// Reads a PDSA cycle.
    public func pdsa(_ id: DocumentID) throws -> PDSACycle { try PDSACycle(id: id, document: read(id, kind: .pdsa)) }

    /// The space's PDSA cycles (of one project, when given), by start date.
    public func pdsaCycles(of project: DocumentID? = nil) throws -> [PDSACycle] {
        let ids = try project.map { try self.project($0).pdsaCycleIDs } ?? documents(of: .pdsa)
        return try readAll(ids) { try pdsa($0) }.filter { project == nil || $0.project == project }
            .sorted {
                ($0.startDate.value?.description ?? "", "\($0.id)") < (
                    $1.startDate.value?.description ?? "", "\($1.id)"
                )
            }
    }

    private func checkCycleReferences(_ draft: PDSADraft, project: DocumentID) throws {
        let owner = try self.project(project)
        if let idea = draft.changeIdea, !owner.changeIdeas.contains(where: { $0.id == idea }) {
            throw QIError(.notFound, field: "change-idea", "the project has no change idea \(idea)")
        }
        if let previous = draft.previous { _ = try pdsa(previous) }
    }

    private func apply(_ draft: PDSADraft, _ tx: inout Transaction, _ check: inout QIWrite) throws {
        if let title = draft.title { try check.set("title", title, &tx) }
        if let idea = draft.changeIdea { try tx.set("changeIdea", .string(idea)) }
        if let status = draft.status { try tx.set("status", .string(status.rawValue)) }
        for (key, text) in [
            ("objective", draft.objective), ("questions", draft.questions), ("prediction", draft.prediction),
            ("plan", draft.plan), ("do", draft.observations), ("study", draft.study),
        ] {
            if let text { try check.set(key, text, &tx) }
        }
        if let decision = draft.decision { try tx.set("act", .string(decision.rawValue)) }
        if let start = draft.startDate { try tx.set("startDate", .string("\(start)")) }
        if let end = draft.endDate { try tx.set("endDate", .string("\(end)")) }
        if let previous = draft.previous { try tx.set("previous", .string("\(previous)")) }
    }

    // MARK: Measures

    /// Creates a measure (of a project, when given).
    @discardableResult
    public func createMeasure(_ draft: MeasureDraft, project: DocumentID? = nil, override: PIDOverride? = nil) throws
        -> DocumentID
    {
        try draft.validate(creating: true)
        if let project { _ = try self.project(project) }
        let id = try write(QIIdentifiers.documentID(), kind: .measure, creating: true, override: override) {
            tx, check in
            if let project { try tx.set("project", .string("\(project)")) }
            if let name = draft.name { try check.set("name", name, &tx) }
            if let type = draft.type { try tx.set("measureType", .string(type.rawValue)) }
            if let direction = draft.direction { try tx.set("direction", .string(direction.rawValue)) }
            if let definition = draft.definition { try check.set("definition", definition, &tx) }
            if let unit = draft.unit { try check.set("unit", unit, &tx) }
            if let target = draft.target { try tx.set("target", .double(target)) }
        }
        if let project { try index(id, in: "measures", of: project) }
        return id
    }

    /// Reads a measure.
    public func measure(_ id: DocumentID) throws -> Measure { try Measure(id: id, document: read(id, kind: .measure)) }

    /// The space's measures (of one project, when given).
    public func measures(of project: DocumentID? = nil) throws -> [Measure] {
        let ids = try project.map { try self.project($0).measureIDs } ?? documents(of: .measure)
        return try readAll(ids) { try measure($0) }.filter { project == nil || $0.project == project }
    }

    /// Adds data points in one change; returns their ids.
    /// - Throws: ``QIError`` for a value that is not a finite number or an annotation the guard flags.
    @discardableResult
    public func addPoints(
        to measure: DocumentID, _ points: [(date: QIDate, value: Double, annotation: String?, baseline: Bool)],
        override: PIDOverride? = nil
    ) throws -> [String] {
        for (index, point) in points.enumerated() where !point.value.isFinite {
            throw QIError.invalid("points[\(index + 1)].value", "must be a finite number")
        }
        _ = try self.measure(measure)
        var ids: [String] = []
        try write(measure, kind: .measure, override: override) { tx, check in
            let map = try QIWrite.map("points", &tx)
            for (index, point) in points.enumerated() {
                let key = QIIdentifiers.itemID()
                let entry = try tx.makeContainer(.map, at: key, in: map)
                try tx.set("date", .string("\(point.date)"), in: entry)
                try tx.set("value", .double(point.value), in: entry)
                try check.set(
                    "annotation", optional: point.annotation, field: "points[\(index + 1)].annotation", in: entry, &tx)
                if point.baseline { try tx.set("baseline", .bool(true), in: entry) }
                // Made with the point, so that corrections on two nodes add to one history.
                _ = try tx.makeContainer(.map, at: "history", in: entry)
                ids.append(key)
            }
        }
        return ids
    }

    /// Starts a new phase of the measure's chart from `date` (the process changed: limits are worked out
    /// again from the points after it).
    public func startPhase(of measure: DocumentID, on date: QIDate) throws {
        _ = try self.measure(measure)
        try write(measure, kind: .measure) { tx, _ in
            try tx.set("\(date)", .bool(true), in: try QIWrite.map("phases", &tx))
        }
    }

    /// Corrects a data point's value; the value it replaces is kept in its history.
    public func correctPoint(_ point: String, of measure: DocumentID, to value: Double) throws {
        guard value.isFinite else { throw QIError.invalid("value", "must be a finite number") }
        guard let old = try self.measure(measure).points.first(where: { $0.id == point }) else {
            throw QIError(.notFound, field: "point", "the measure has no data point \(point)")
        }
        try write(measure, kind: .measure) { tx, _ in
            let entry = try QIWrite.map(point, in: try QIWrite.map("points", &tx), &tx)
            let history = try QIWrite.map("history", in: entry, &tx)
            try tx.set(QIIdentifiers.orderedKey(now), .double(old.value), in: history)
            try tx.set("value", .double(value), in: entry)
        }
    }

    // MARK: Notes

    /// Creates a note (on a project, when given).
    @discardableResult
    public func createNote(
        title: String, body: String = "", project: DocumentID? = nil, tags: [String] = [], override: PIDOverride? = nil
    ) throws -> DocumentID {
        try QIText.checkLine(title, field: "title")
        try QIText.checkParagraphs(body, field: "body")
        for tag in tags { try QIText.checkKey(tag, field: "tags") }
        if let project { _ = try self.project(project) }
        let id = try write(QIIdentifiers.documentID(), kind: .note, creating: true, override: override) { tx, check in
            try check.set("title", title, &tx)
            if let project { try tx.set("project", .string("\(project)")) }
            for tag in tags { try tx.set(tag, .bool(true), in: try QIWrite.map("tags", &tx)) }
            try check.check(body, field: "body")
            let text = try tx.makeContainer(.text, at: "body")
            if !body.isEmpty { try tx.insertText(body, at: 0, in: text) }
        }
        if let project { try index(id, in: "notes", of: project) }
        return id
    }

    /// Reads a note.
    public func note(_ id: DocumentID) throws -> Note {
        var note = try Note(id: id, document: read(id, kind: .note))
        note.flagClockSkew(now: node.configuration.now())
        return note
    }

    /// The space's notes (of one project, when given).
    public func notes(of project: DocumentID? = nil) throws -> [Note] {
        let ids = try project.map { try self.project($0).noteIDs } ?? documents(of: .note)
        return try readAll(ids) { try note($0) }.filter { project == nil || $0.project == project }
    }

    /// Replaces a note's body with `text` as the smallest edit: the common start and end stay, only
    /// the middle is spliced — so another person's concurrent edit elsewhere in the note merges.
    public func editNote(_ id: DocumentID, body text: String, override: PIDOverride? = nil) throws {
        try QIText.checkParagraphs(text, field: "body")
        _ = try note(id)
        try write(id, kind: .note, override: override) { tx, check in
            try check.check(text, field: "body")
            let container: ContainerID
            if case .container(let existing, .text) = tx.document.value(forKey: "body") {
                container = existing
            } else {
                container = try tx.makeContainer(.text, at: "body")
            }
            let old = Array((tx.document.text(of: container) ?? "").unicodeScalars)
            let new = Array(text.unicodeScalars)
            let (prefix, oldEnd, newEnd) = NoteSplice.changedRegion(from: old, to: new)
            let inserted = String(String.UnicodeScalarView(new[prefix..<newEnd]))
            guard !inserted.isEmpty || oldEnd > prefix else { return }
            try tx.spliceText(at: prefix, deleting: oldEnd - prefix, inserting: inserted, in: container)
        }
    }
}

extension QISpace {
    /// Splices a note's body: deletes `deleting` characters (Unicode scalars) at `offset` and inserts
    /// `inserting` there, as one edit — what a collaborative editor sends, so concurrent splices from
    /// other people merge instead of overwriting. The whole resulting body is checked (length, PID
    /// guard) before anything is written. Returns the new body.
    /// - Throws: ``QIError`` naming `at` or `delete` when the range is outside the body.
    @discardableResult
    public func spliceNote(
        _ id: DocumentID, at offset: Int, deleting: Int, inserting text: String, override: PIDOverride? = nil
    ) throws -> String {
        _ = try note(id)
        var result = ""
        try write(id, kind: .note, override: override) { tx, check in
            let container: ContainerID
            if case .container(let existing, .text) = tx.document.value(forKey: "body") {
                container = existing
            } else {
                container = try tx.makeContainer(.text, at: "body")
            }
            let old = Array((tx.document.text(of: container) ?? "").unicodeScalars)
            guard offset >= 0, offset <= old.count else {
                throw QIError.invalid("at", "\(offset) is outside the note (0…\(old.count))")
            }
            guard deleting >= 0, deleting <= old.count - offset else {
                throw QIError.invalid("delete", "\(deleting) characters from \(offset) run past the end (\(old.count))")
            }
            var new = String.UnicodeScalarView(old[..<offset])
            new.append(contentsOf: text.unicodeScalars)
            new.append(contentsOf: old[(offset + deleting)...])
            result = String(new)
            try QIText.checkParagraphs(result, field: "body")
            // The guard reads the splice with its surroundings: text typed a character at a time
            // is caught when the pattern completes, and the whole note is not rescanned per key.
            let scalars = Array(new)
            let window = max(0, offset - 64)..<min(scalars.count, offset + text.unicodeScalars.count + 64)
            try check.check(String(String.UnicodeScalarView(scalars[window])), field: "body")
            guard deleting > 0 || !text.isEmpty else { return }
            try tx.spliceText(at: offset, deleting: deleting, inserting: text, in: container)
        }
        return result
    }

    /// Adds `child` to the project's index at `key` (a map made with the project).
    func index(_ child: DocumentID, in key: String, of project: DocumentID) throws {
        try write(project, kind: .project) { tx, _ in
            try tx.set("\(child)", .bool(true), in: try QIWrite.map(key, &tx))
        }
    }
}

extension QIIdentifiers {
    /// A key that sorts by time, then at random (history entries).
    static func orderedKey(_ time: String) -> String { time + "/" + itemID() }
}
