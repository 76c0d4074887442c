/// An organisation in the space's directory: a system, locality, PCN, practice, council, voluntary or
/// community partner, or trust.
public struct Organisation: Sendable, Hashable {
    /// Its key in the directory: the ODS code where one exists, else a short name (`forest-of-dean`).
    public var id: String
    public var kind: OrganisationKind
    public var name: String
    /// The organisation it belongs to (a practice's PCN, a PCN's locality), by id.
    public var parent: String?
    /// The NHS Organisation Data Service code, where one exists.
    public var odsCode: String?
    /// Whether it is made-up example data (the example county), not a real organisation.
    public var isExample: Bool

    /// Creates an organisation record.
    public init(
        id: String, kind: OrganisationKind, name: String, parent: String? = nil, odsCode: String? = nil,
        isExample: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.parent = parent
        self.odsCode = odsCode
        self.isExample = isExample
    }

    /// Checks the fields a person typed.
    /// - Throws: ``QIError/Code/invalidValue`` naming the field.
    public func validate() throws(QIError) {
        try QIText.checkKey(id, field: "id")
        try QIText.checkLine(name, field: "name", maxLength: 200)
        if let parent { try QIText.checkKey(parent, field: "parent") }
        if let odsCode, !(3...10).contains(odsCode.count) || !odsCode.allSatisfy({ $0.isLetter || $0.isNumber }) {
            throw QIError.invalid("ods", "\"\(odsCode)\" is not an ODS code: 3 to 10 letters and digits, e.g. L84001")
        }
    }
}

/// A person in the space's directory, and their QI roles.
public struct Person: Sendable, Hashable {
    /// Their key in the directory (made when they are added).
    public var id: String
    public var name: String
    /// Where they work, by organisation id.
    public var organisation: String?
    public var roles: Set<QIRole>
    /// The node ids of their devices, when they use PlaceSync themselves.
    public var nodes: [String]

    /// Creates a person record.
    public init(id: String, name: String, organisation: String? = nil, roles: Set<QIRole> = [], nodes: [String] = []) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.roles = roles
        self.nodes = nodes
    }
}
