public import PlaceSync

/// A Plan-Do-Study-Act cycle testing one of a project's change ideas. Cycles link into ramps: each
/// names the cycle it builds on.
public struct PDSACycle: Sendable, Hashable {
    public var id: DocumentID
    public var project: DocumentID?
    /// The change idea it tests (an id in the project).
    public var changeIdea: String?
    public var title: Resolved<String>
    public var status: Resolved<PDSAStatus>
    /// Plan: what the cycle is for, the questions it asks, what is predicted, and who/what/when/where.
    public var objective: Resolved<String>
    public var questions: Resolved<String>
    public var prediction: Resolved<String>
    public var plan: Resolved<String>
    /// Do: what happened.
    public var observations: Resolved<String>
    /// Study: the results against the prediction.
    public var study: Resolved<String>
    /// Act: adopt, adapt or abandon.
    public var decision: Resolved<PDSADecision>
    public var startDate: Resolved<QIDate>
    public var endDate: Resolved<QIDate>
    /// The cycle this one builds on, in a ramp.
    public var previous: DocumentID?

    /// Reads a cycle from its document.
    public init(id: DocumentID, document: Document) throws(QIError) {
        try QIDocumentKind.pdsa.check(document, id: id)
        self.id = id
        project = document.string("project").value.flatMap(DocumentID.init(hex:))
        changeIdea = document.string("changeIdea").value
        title = document.string("title")
        status = document.vocabulary("status")
        objective = document.string("objective")
        questions = document.string("questions")
        prediction = document.string("prediction")
        plan = document.string("plan")
        observations = document.string("do")
        study = document.string("study")
        decision = document.vocabulary("act")
        startDate = document.date("startDate")
        endDate = document.date("endDate")
        previous = document.string("previous").value.flatMap(DocumentID.init(hex:))
    }
}

/// What to write into a PDSA cycle: `nil` fields are left as they are.
public struct PDSADraft: Sendable, Hashable {
    public var title: String?
    public var changeIdea: String?
    public var status: PDSAStatus?
    public var objective: String?
    public var questions: String?
    public var prediction: String?
    public var plan: String?
    public var observations: String?
    public var study: String?
    public var decision: PDSADecision?
    public var startDate: QIDate?
    public var endDate: QIDate?
    public var previous: DocumentID?

    /// An empty draft.
    public init(title: String? = nil) { self.title = title }

    func validate(creating: Bool) throws(QIError) {
        if creating, title == nil { throw QIError.invalid("title", "a PDSA cycle needs a title") }
        if let title { try QIText.checkLine(title, field: "title") }
        for (field, text) in [
            ("objective", objective), ("questions", questions), ("prediction", prediction), ("plan", plan),
            ("do", observations), ("study", study),
        ] {
            if let text { try QIText.checkParagraphs(text, field: field) }
        }
        if let startDate, let endDate, endDate < startDate {
            throw QIError.invalid("end", "\(endDate) is before the start date \(startDate)")
        }
    }
}
