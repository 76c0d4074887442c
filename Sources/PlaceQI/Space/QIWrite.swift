internal import PlaceSync

/// Lets text that the PID guard flags be written anyway: a false positive (a phone number that passes
/// the NHS number check, a service's postcode). Every use is recorded in the document it was written
/// to — who, when, which field and what kind — so a reviewer can see it.
public struct PIDOverride: Sendable, Hashable {
    /// Why the flagged text is not patient-identifiable (kept in the record).
    public var reason: String

    /// An override with its reason.
    public init(reason: String) { self.reason = reason }
}

/// One write's guard: every text it sets is scanned first; findings refuse the write unless an
/// override is given, and then they are recorded in the document.
struct QIWrite {
    let override: PIDOverride?
    let time: String
    private(set) var accepted: [PIDFinding] = []

    init(override: PIDOverride?, time: String) {
        self.override = override
        self.time = time
    }

    /// Refuses `text` if it looks like patient-identifiable data and no override was given.
    mutating func check(_ text: String, field: String) throws(QIError) {
        let findings = PIDGuard.scan(text, field: field)
        guard let first = findings.first else { return }
        guard override != nil else {
            throw QIError(
                .patientIdentifiableData, field: field,
                "refused: \(first) — QI documents are shared across organisations and must not identify patients; remove it, or if it is not patient data, write again with an override and a reason"
            )
        }
        accepted += findings
    }

    /// Sets a string field after checking it.
    mutating func set(
        _ key: String, _ text: String, field: String? = nil, in map: ContainerID = .root, _ tx: inout Transaction
    )
        throws
    {
        try check(text, field: field ?? key)
        try tx.set(key, .string(text), in: map)
    }

    /// Sets or clears an optional string field.
    mutating func set(
        _ key: String, optional text: String?, field: String? = nil, in map: ContainerID = .root,
        _ tx: inout Transaction
    )
        throws
    {
        if let text, !text.isEmpty {
            try set(key, text, field: field, in: map, &tx)
        } else if tx.document.value(forKey: key, in: map) != nil {
            try tx.removeKey(key, in: map)
        }
    }

    /// The map at `key` of `map`, made if missing (only for keys no other node can make at the same time:
    /// a random item id, or a map ``QIDocumentKind/maps`` made with the document).
    static func map(_ key: String, in map: ContainerID = .root, _ tx: inout Transaction) throws -> ContainerID {
        if case .container(let id, .map) = tx.document.value(forKey: key, in: map) { return id }
        return try tx.makeContainer(.map, at: key, in: map)
    }

    /// Records the accepted findings in the document: one root key per finding,
    /// `pidOverride.<random id>`, whose value says the field, the kind, when, and the reason (a key of
    /// its own, so records made on two nodes at once all survive).
    func record(_ tx: inout Transaction) throws {
        guard !accepted.isEmpty, let override else { return }
        for finding in accepted {
            let record = "\(finding.field) | \(finding.kind.rawValue) | \(time) | \(override.reason)"
            try tx.set(Self.overridePrefix + QIIdentifiers.itemID(), .string(record))
        }
    }

    /// The root keys that record PID overrides start with this.
    static let overridePrefix = "pidOverride."
}

/// Random ids for documents and for items inside them.
enum QIIdentifiers {
    /// A new document id (16 random bytes).
    static func documentID() -> DocumentID {
        var generator = SystemRandomNumberGenerator()
        return DocumentID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }) ?? .main
    }

    /// A new item id inside a document (8 hex digits: a change idea, a data point).
    static func itemID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = UInt32.random(in: 0...UInt32.max, using: &generator)
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
