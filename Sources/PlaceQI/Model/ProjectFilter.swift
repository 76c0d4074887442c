/// Which projects a list shows: by theme, status, organisation (a practice, or any PCN, locality or
/// system above it in the directory), spread stage and words in the title or aim. Empty: all.
public struct ProjectFilter: Sendable, Hashable {
    public var theme: ProjectTheme?
    public var status: ProjectStatus?
    /// An organisation id: projects run by it or by any organisation below it.
    public var organisation: String?
    /// Projects spread to some organisation at this stage (its furthest).
    public var spreadStage: SpreadStage?
    /// Words that must all appear in the title or aim (case ignored).
    public var text: String?

    /// A filter; every part optional.
    public init(
        theme: ProjectTheme? = nil, status: ProjectStatus? = nil, organisation: String? = nil,
        spreadStage: SpreadStage? = nil, text: String? = nil
    ) {
        self.theme = theme
        self.status = status
        self.organisation = organisation
        self.spreadStage = spreadStage
        self.text = text
    }

    /// The projects of `projects` this filter keeps, in their order; `organisations`: the directory
    /// (for what lies above each organisation).
    public func apply(to projects: [Project], organisations: [Organisation]) -> [Project] {
        let parents = Dictionary(organisations.map { ($0.id, $0.parent) }, uniquingKeysWith: { first, _ in first })
        let words = (text ?? "").lowercased().split(whereSeparator: \.isWhitespace)
        return projects.filter { project in
            if let theme, project.theme.value != theme { return false }
            if let status, project.status.value != status { return false }
            if let spreadStage, !project.spread.values.contains(where: { $0.stage == spreadStage }) { return false }
            if let organisation {
                let found = project.organisations.keys.contains { start in
                    var current: String? = start
                    var steps = 0
                    while let id = current, steps < 16 {
                        if id == organisation { return true }
                        current = parents[id] ?? nil
                        steps += 1
                    }
                    return false
                }
                if !found { return false }
            }
            if !words.isEmpty {
                let haystack = ((project.title.value ?? "") + " " + (project.aim.value ?? "")).lowercased()
                if !words.allSatisfy({ haystack.contains($0) }) { return false }
            }
            return true
        }
    }
}
