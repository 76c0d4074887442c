/// A value written in a document as its raw string, with the words a user may type for it.
public protocol QIVocabulary: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}

extension QIVocabulary {
    /// Parses what a user typed (case and spaces ignored: `"Frailty and dementia"`, `frailty-and-dementia`).
    /// - Throws: ``QIError/Code/invalidValue`` naming `field` and listing what is allowed.
    public static func parse(_ text: String, field: String) throws(QIError) -> Self {
        let key = normalised(text)
        if let match = allCases.first(where: { normalised($0.rawValue) == key }) { return match }
        throw QIError(
            .invalidValue, field: field, "\"\(text)\" is not allowed; use one of: \(allowed)",
            allowed: allCases.map(\.rawValue))
    }

    /// The allowed values, as a list for messages and `--help`.
    public static var allowed: String { allCases.map(\.rawValue).joined(separator: ", ") }

    private static func normalised(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

/// What an organisation is.
public enum OrganisationKind: String, QIVocabulary {
    case system, locality, pcn, practice, council, voluntary, trust
}

/// A person's QI roles.
public enum QIRole: String, QIVocabulary {
    case qiCoach = "qi-coach"
    case qMember = "q-member"
    case advancedPractitioner = "advanced-practitioner"
    case clinicalDirector = "clinical-director"
    case pcnManager = "pcn-manager"
    case improvementLead = "improvement-lead"
    case serviceUserPartner = "service-user-partner"
}

/// The themes the county's improvement board works on.
public enum ProjectTheme: String, QIVocabulary {
    case frailtyAndDementia = "frailty-and-dementia"
    case healthInequalities = "health-inequalities"
    case youngPeoplesMentalHealth = "young-peoples-mental-health"
    case communityCapacity = "community-capacity-and-volunteering"
    case other
}

/// Where a project is in its life, in order.
public enum ProjectStatus: String, QIVocabulary, Comparable {
    case idea, planning, testing, implementing, spreading, sustaining, closed

    public static func < (lhs: ProjectStatus, rhs: ProjectStatus) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// How far a project has spread to one organisation, in order.
public enum SpreadStage: String, QIVocabulary, Comparable {
    case awareness, interest, decision, action

    public static func < (lhs: SpreadStage, rhs: SpreadStage) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// Where a PDSA cycle is.
public enum PDSAStatus: String, QIVocabulary {
    case planned, doing, studying, acting, complete, abandoned
}

/// What the act step of a PDSA cycle decided.
public enum PDSADecision: String, QIVocabulary {
    case adopt, adapt, abandon
}

/// What a measure tells.
public enum MeasureType: String, QIVocabulary {
    case outcome, process, balancing
}

/// Which way is better for a measure.
public enum ImprovementDirection: String, QIVocabulary {
    case higherIsBetter = "higher-is-better"
    case lowerIsBetter = "lower-is-better"
}
