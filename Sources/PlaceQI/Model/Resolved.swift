internal import PlaceSync

/// A single-valued field as the CRDT holds it: the value every node shows (the winner of concurrent
/// writes) and, when two nodes wrote it concurrently, the values that lost — shown, never silently
/// dropped, so a person can pick.
public struct Resolved<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value every node shows, or `nil` when the field is unset.
    public var value: Value?
    /// Concurrent values kept beside it (empty without a conflict).
    public var conflicts: [Value]

    /// Creates a resolved value.
    public init(value: Value?, conflicts: [Value] = []) {
        self.value = value
        self.conflicts = conflicts
    }

    /// Whether concurrent writes disagree.
    public var hasConflict: Bool { !conflicts.isEmpty }

    /// The same field with each value transformed (values `transform` rejects are left out).
    func map<Other>(_ transform: (Value) -> Other?) -> Resolved<Other> {
        Resolved<Other>(value: value.flatMap(transform), conflicts: conflicts.compactMap(transform))
    }
}

extension Document {
    /// The scalar at `key` of the map `container`, with its concurrent alternatives.
    func scalar(_ key: String, in container: ContainerID = .root) -> Resolved<ScalarValue> {
        var values: [ScalarValue] = []
        for (_, value) in conflicts(forKey: key, in: container).sorted(by: { $0.id > $1.id }) {
            if case .scalar(let scalar) = value { values.append(scalar) }
        }
        guard let winner = values.first else { return Resolved(value: nil) }
        return Resolved(value: winner, conflicts: Array(Set(values.dropFirst()).subtracting([winner])))
    }

    /// A string field.
    func string(_ key: String, in container: ContainerID = .root) -> Resolved<String> {
        scalar(key, in: container).map { if case .string(let text) = $0 { text } else { nil } }
    }

    /// A number field (integers read as numbers too).
    func number(_ key: String, in container: ContainerID = .root) -> Resolved<Double> {
        scalar(key, in: container).map {
            switch $0 {
            case .double(let value): value
            case .int(let value): Double(value)
            default: nil
            }
        }
    }

    /// A true/false field (`false` when unset).
    func flag(_ key: String, in container: ContainerID = .root) -> Bool {
        if case .bool(true) = scalar(key, in: container).value { return true }
        return false
    }

    /// A vocabulary field: values a newer build may have added and this one does not know read as
    /// `nil` here, yet stay in the document.
    func vocabulary<V: QIVocabulary>(_ key: String, in container: ContainerID = .root) -> Resolved<V> {
        string(key, in: container).map { V(rawValue: $0) }
    }

    /// A date field (an unreadable date reads as `nil`).
    func date(_ key: String, in container: ContainerID = .root) -> Resolved<QIDate> {
        string(key, in: container).map { try? QIDate(parsing: $0, field: key) }
    }

    /// The map container at `key`, if there is one.
    func mapContainer(_ key: String, in container: ContainerID = .root) -> ContainerID? {
        if case .container(let id, .map) = value(forKey: key, in: container) { return id }
        return nil
    }

    /// The text container at `key`, if there is one.
    func textContainer(_ key: String, in container: ContainerID = .root) -> ContainerID? {
        if case .container(let id, .text) = value(forKey: key, in: container) { return id }
        return nil
    }

    /// The keys of the map at `key` (a set: concurrent additions all survive), sorted.
    func keySet(_ key: String) -> [String] {
        guard let map = mapContainer(key) else { return [] }
        return (keys(in: map) ?? []).sorted()
    }

    /// The string values of the map at `key`, by key.
    func stringMap(_ key: String) -> [String: String] {
        guard let map = mapContainer(key) else { return [:] }
        var result: [String: String] = [:]
        for entry in keys(in: map) ?? [] {
            if let value = string(entry, in: map).value { result[entry] = value }
        }
        return result
    }
}
