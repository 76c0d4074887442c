public import PlaceSync

/// The kinds of QI document, each a PlaceCRDT document whose root map says what it is: `type` (the
/// schema name), `schemaMajor` and `schemaMinor`.
///
/// Readers take documents of the same major version whatever their minor version: a newer minor
/// version only adds fields, and writers touch only the fields they know, so a field a newer build
/// added is kept, never dropped. A newer major version is refused with a message saying to upgrade.
public enum QIDocumentKind: String, Sendable, CaseIterable {
    /// The space's directory of organisations (one document per space).
    case organisations = "qi.organisations"
    /// The space's directory of people (one document per space).
    case people = "qi.people"
    /// A QI project.
    case project = "qi.project"
    /// A PDSA cycle on a project's change idea.
    case pdsa = "qi.pdsa"
    /// A measure and its data points.
    case measure = "qi.measure"
    /// A collaborative note.
    case note = "qi.note"

    /// The schema major version this build writes and reads.
    public static let schemaMajor: Int64 = 1
    /// The schema minor version this build writes.
    public static let schemaMinor: Int64 = 0

    /// The fixed document id of a directory (the same on every node, so two nodes that create it
    /// concurrently merge into one); `nil` for kinds with one document per item.
    public var directoryID: DocumentID? {
        switch self {
        case .organisations: DocumentID(bytes: Array("qi/organisations".utf8))
        case .people: DocumentID(bytes: Array("qi/people.......".utf8))
        default: nil
        }
    }

    /// Checks that `document` is of this kind and of a schema this build reads.
    /// - Throws: ``QIError/Code/wrongKind`` or ``QIError/Code/newerSchema``.
    public func check(_ document: Document, id: DocumentID) throws(QIError) {
        guard case .scalar(.string(let type)) = document.value(forKey: "type"), type == rawValue else {
            throw QIError(.wrongKind, "document \(id) is not a \(rawValue) document")
        }
        if case .scalar(.int(let major)) = document.value(forKey: "schemaMajor"), major > Self.schemaMajor {
            throw QIError(
                .newerSchema,
                "document \(id) was written with \(rawValue) schema version \(major); this build reads version \(Self.schemaMajor): upgrade PlaceSync to read it"
            )
        }
    }

    /// The maps a new document of this kind starts with. They are made once, by the node that creates
    /// the document: two nodes that each made a map at the same key concurrently would each see only
    /// one of them afterwards, so nothing else ever makes a map at a fixed key.
    var maps: [String] {
        switch self {
        case .project:
            [
                "organisations", "team", "partners", "tags", "drivers", "changeIdeas", "spread", "adoptedFrom",
                // The project's PDSA cycles, measures and notes, by id: its page reads them without a scan.
                "pdsaCycles", "measures", "notes",
            ]
        case .measure: ["points", "phases"]
        case .note: ["tags"]
        case .organisations, .people, .pdsa: []
        }
    }

    /// Writes the kind, the schema version and the kind's maps into a new document.
    func stamp(_ tx: inout Transaction) throws {
        try tx.set("type", .string(rawValue))
        try tx.set("schemaMajor", .int(Self.schemaMajor))
        try tx.set("schemaMinor", .int(Self.schemaMinor))
        for key in maps where tx.document.value(forKey: key) == nil { _ = try tx.makeContainer(.map, at: key) }
    }
}
