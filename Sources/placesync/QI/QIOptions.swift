import ArgumentParser
import Foundation
import PlaceQI
import PlaceSync

/// Options every QI command takes: the node, and the space (optional when the node holds one).
struct QIOptions: ParsableArguments {
    @OptionGroup var node: NodeOptions

    @Option(help: "The space (id or name). Default: the only space this node holds.")
    var space: String?

    /// The node and the QI documents of the chosen space.
    func open() throws -> QISpace {
        let node = try node.open()
        if let space { return QISpace(node: node, space: try resolveSpace(space, in: node)) }
        let spaces = try node.spaces()
        guard spaces.count == 1 else {
            throw CLIError(
                spaces.isEmpty
                    ? "this node holds no space: create one (`placesync create-space NAME`) or join one"
                    : "this node holds \(spaces.count) spaces: say which with --space (`placesync spaces` lists them)")
        }
        return QISpace(node: node, space: spaces[0].id)
    }
}

/// `--allow-pid REASON`: write text the patient-data guard flags, recording why.
struct PIDOptions: ParsableArguments {
    @Option(
        name: .customLong("allow-pid"),
        help: "Write text the patient-data guard flags (a false positive), recording this reason in the document.")
    var reason: String?

    var override: PIDOverride? { reason.map { PIDOverride(reason: $0) } }
}

/// Parses a date option or argument.
func parseDate(_ text: String, field: String) throws -> QIDate {
    do { return try QIDate(parsing: text, field: field) } catch { throw CLIError("\(error)") }
}

/// Runs `body`, turning a QI error into the CLI's plain error.
func reported<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as QIError {
        throw CLIError("\(error)")
    }
}

/// Today, as a QI date (UTC).
func today() throws -> QIDate {
    let parts = Calendar(identifier: .gregorian).dateComponents(
        in: TimeZone(identifier: "UTC") ?? .current, from: Date())
    return try QIDate(year: parts.year ?? 2026, month: parts.month ?? 1, day: parts.day ?? 1)
}

/// An eight-character prefix of a document id, as lists show it.
func short(_ id: DocumentID) -> String { String("\(id)".prefix(8)) }

/// A resolved value for a person: the value, and any concurrent ones in brackets.
func shown<V>(_ field: Resolved<V>, _ describe: (V) -> String = { "\($0)" }) -> String {
    let value = field.value.map(describe) ?? "—"
    guard field.hasConflict else { return value }
    return value + "  [also written concurrently: " + field.conflicts.map(describe).joined(separator: " | ") + "]"
}

/// Parses a vocabulary value a person typed (`"Frailty and dementia"`), naming the option when it is wrong.
func parseValue<V: QIVocabulary>(_ text: String, as type: V.Type, option: String) throws -> V {
    do { return try V.parse(text, field: option) } catch { throw CLIError("\(error)") }
}

/// Picks the one item a person named: by the first 8 or more hex digits of its id, else by its exact
/// name (case ignored).
func pick<Item>(
    _ text: String, from items: [Item], id: (Item) -> DocumentID, name: (Item) -> String?, what: String, list: String
) throws -> Item {
    let lower = text.lowercased()
    if lower.count >= 8 {
        let byID = items.filter { "\(id($0))".hasPrefix(lower) }
        if byID.count == 1 { return byID[0] }
    }
    let named = items.filter { name($0)?.lowercased() == lower }
    if named.count == 1 { return named[0] }
    if named.count > 1 { throw CLIError("\(what): several are named \"\(text)\": use the id (`placesync \(list)`)") }
    throw CLIError("\(what): no \(what) \"\(text)\" in this space (`placesync \(list)` shows them)")
}
