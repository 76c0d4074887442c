public import PlaceSync

/// A collaborative note: a title, tags, and a body of text that several people edit at once (PlaceCRDT
/// text: concurrent typing merges, never interleaves), on a project or free standing.
public struct Note: Sendable, Hashable {
    public var id: DocumentID
    public var title: Resolved<String>
    public var project: DocumentID?
    public var tags: [String]
    public var body: String
    /// When it was written (ISO 8601, UTC), if recorded: the writing node's clock.
    public var createdAt: String?
    /// Whether ``createdAt`` lies more than ``ClockSkew/maximum`` ahead of the reading node's clock:
    /// the writing node's clock was wrong (set by ``QISpace/note(_:)`` and the report).
    public var createdAtIsAhead = false

    /// Reads a note from its document.
    public init(id: DocumentID, document: Document) throws(QIError) {
        try QIDocumentKind.note.check(document, id: id)
        self.id = id
        title = document.string("title")
        project = document.string("project").value.flatMap(DocumentID.init(hex:))
        tags = document.keySet("tags")
        body = document.textContainer("body").flatMap { document.text(of: $0) } ?? ""
        createdAt = document.string("createdAt").value
    }

    /// Flags ``createdAt`` if it lies beyond the maximum clock skew ahead of `now`.
    mutating func flagClockSkew(now: Double) {
        createdAtIsAhead = createdAt.map { ClockSkew.isAhead($0, of: now) } ?? false
    }
}
