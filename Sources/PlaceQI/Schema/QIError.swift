/// Why a QI read or write failed: the field, and what is allowed there. A write that throws one changes
/// nothing (it is refused before the change is signed).
public struct QIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// A value is not allowed in a field (``QIError/field`` names it, the message says what is).
        case invalidValue
        /// Something named does not exist (a project, measure, organisation, person).
        case notFound
        /// The document was written by a newer major schema version than this build reads.
        case newerSchema
        /// The document is not a QI document of the expected kind.
        case wrongKind
        /// Text looks like patient-identifiable data; pass an override to write it anyway.
        case patientIdentifiableData
    }

    /// What kind of failure.
    public var code: Code
    /// The field, as a user names it (`title`, `points[3].value`), when one is at fault.
    public var field: String?
    /// What went wrong and what to do, in plain words.
    public var message: String
    /// The values allowed in ``field``, when they are a fixed list (a vocabulary); else empty.
    public var allowed: [String]

    /// Creates an error.
    public init(_ code: Code, field: String? = nil, _ message: String, allowed: [String] = []) {
        self.code = code
        self.field = field
        self.message = message
        self.allowed = allowed
    }

    /// A value not allowed in `field`, with what is.
    static func invalid(_ field: String, _ message: String) -> QIError {
        QIError(.invalidValue, field: field, message)
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}
