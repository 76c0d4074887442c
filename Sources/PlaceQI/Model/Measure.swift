public import PlaceSync

/// A measure of a project and its data points. Points added on two nodes at once both survive (each
/// is its own entry); a corrected value keeps the values it replaced.
public struct Measure: Sendable, Hashable {
    public var id: DocumentID
    public var project: DocumentID?
    public var name: Resolved<String>
    public var type: Resolved<MeasureType>
    /// Exactly what is counted, and how.
    public var definition: Resolved<String>
    public var unit: Resolved<String>
    public var direction: Resolved<ImprovementDirection>
    public var target: Resolved<Double>
    /// Data points by date (then id).
    public var points: [DataPoint]
    /// Dates from which the chart starts a new phase (a change in the process), in order.
    public var phaseStarts: [QIDate]

    /// One data point.
    public struct DataPoint: Sendable, Hashable {
        public var id: String
        public var date: QIDate
        public var value: Double
        /// What happened around it (a change tested, a holiday).
        public var annotation: String?
        /// Whether it belongs to the baseline the chart's centre line and limits come from.
        public var isBaseline: Bool
        /// The values it had before corrections, oldest first.
        public var history: [Double]
        /// Values written concurrently on other nodes, not yet reconciled.
        public var conflicts: [Double]
    }

    /// Reads a measure from its document.
    public init(id: DocumentID, document: Document) throws(QIError) {
        try QIDocumentKind.measure.check(document, id: id)
        self.id = id
        project = document.string("project").value.flatMap(DocumentID.init(hex:))
        name = document.string("name")
        type = document.vocabulary("measureType")
        definition = document.string("definition")
        unit = document.string("unit")
        direction = document.vocabulary("direction")
        target = document.number("target")
        points = Project.items("points", in: document) { key, map in
            guard let date = document.date("date", in: map).value else { return nil }
            let value = document.number("value", in: map)
            guard let current = value.value else { return nil }
            var history: [Double] = []
            if let list = document.mapContainer("history", in: map) {
                history = (document.keys(in: list) ?? []).sorted().compactMap { document.number($0, in: list).value }
            }
            return DataPoint(
                id: key, date: date, value: current, annotation: document.string("annotation", in: map).value,
                isBaseline: document.flag("baseline", in: map), history: history, conflicts: value.conflicts)
        }
        .sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        phaseStarts = document.keySet("phases").compactMap { try? QIDate(parsing: $0, field: "phases") }.sorted()
    }

    /// The indices of ``points`` where a phase starts (the first point on or after each phase date).
    public var phaseStartIndices: [Int] {
        phaseStarts.compactMap { start in points.firstIndex { $0.date >= start } }.filter { $0 > 0 }
    }

    /// The values in date order (what the charts take).
    public var values: [Double] { points.map(\.value) }
}

/// What to write into a measure: `nil` fields are left as they are.
public struct MeasureDraft: Sendable, Hashable {
    public var name: String?
    public var type: MeasureType?
    public var definition: String?
    public var unit: String?
    public var direction: ImprovementDirection?
    public var target: Double?

    /// A draft with a name.
    public init(name: String? = nil, type: MeasureType? = nil, direction: ImprovementDirection? = nil) {
        self.name = name
        self.type = type
        self.direction = direction
    }

    func validate(creating: Bool) throws(QIError) {
        if creating {
            guard name != nil else { throw QIError.invalid("name", "a measure needs a name") }
            guard type != nil else { throw QIError.invalid("type", "a measure needs a type: \(MeasureType.allowed)") }
            guard direction != nil else {
                throw QIError.invalid("direction", "say which way is better: \(ImprovementDirection.allowed)")
            }
        }
        if let name { try QIText.checkLine(name, field: "name") }
        if let unit { try QIText.checkLine(unit, field: "unit", maxLength: 50) }
        if let definition { try QIText.checkParagraphs(definition, field: "definition") }
        if let target, !target.isFinite { throw QIError.invalid("target", "must be a number") }
    }
}
