/// A CSV file (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes doubled and
/// line breaks) read into a header and rows, each cell knowing its line and column — so an import can
/// say exactly where a bad value is.
public struct CSVTable: Sendable {
    /// One cell and where it is.
    public struct Cell: Sendable, Hashable {
        public var text: String
        /// 1-based line of the file where the cell starts.
        public var line: Int
        /// 1-based column (field number).
        public var column: Int
    }

    /// The header row's names, trimmed and lower-cased.
    public let header: [String]
    /// The data rows (blank lines skipped).
    public let rows: [[Cell]]

    /// The most bytes read (an organisation directory is far smaller).
    public static let maxBytes = 16 << 20

    /// Parses `text`.
    /// - Throws: ``QIError/Code/invalidValue`` for an unterminated quote, a stray quote, a missing or
    ///   repeated header name, a row with more cells than the header, or a file over ``maxBytes``.
    public init(parsing text: String) throws(QIError) {
        guard text.utf8.count <= Self.maxBytes else {
            throw QIError.invalid("file", "is over \(Self.maxBytes >> 20) MiB; split it")
        }
        var records: [[Cell]] = []
        var record: [Cell] = []
        var field = ""
        var line = 1
        var fieldLine = 1
        var quoted = false
        var wasQuoted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        func endField() {
            record.append(
                Cell(text: wasQuoted ? field : field.trimmingSpaces(), line: fieldLine, column: record.count + 1))
            field = ""
            wasQuoted = false
            fieldLine = line
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                guard field.allSatisfy(\.isWhitespace) else {
                    throw QIError.invalid(
                        "line \(line), column \(record.count + 1)", "a quote inside an unquoted field")
                }
                field = ""
                quoted = true
                wasQuoted = true
            } else if scalar == "," {
                endField()
            } else if scalar == "\n" || scalar == "\r" {
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                endField()
                if !(record.count == 1 && record[0].text.isEmpty) { records.append(record) }
                record = []
                line += 1
                fieldLine = line
            } else {
                field.unicodeScalars.append(scalar)
            }
            index += 1
        }
        if quoted { throw QIError.invalid("line \(fieldLine)", "a quoted field is never closed") }
        if !field.isEmpty || !record.isEmpty {
            endField()
            if !(record.count == 1 && record[0].text.isEmpty) { records.append(record) }
        }
        guard let first = records.first else {
            throw QIError.invalid("file", "is empty; the first line must name the columns")
        }
        header = first.map { $0.text.lowercased() }
        for (column, name) in header.enumerated() where name.isEmpty || header.firstIndex(of: name) != column {
            throw QIError.invalid(
                "line 1, column \(column + 1)",
                name.isEmpty ? "a column has no name" : "column \"\(name)\" appears twice")
        }
        for row in records.dropFirst() where row.count > header.count {
            throw QIError.invalid(
                "line \(row[header.count].line), column \(header.count + 1)",
                "this row has \(row.count) cells; the header names \(header.count) columns")
        }
        rows = Array(records.dropFirst())
    }

    /// Where `column` of `row` is, as an error names it: `line 3, column 2 (kind)`.
    public func place(_ row: [Cell], _ column: String) -> String {
        let line = cell(row, column)?.line ?? row.first?.line ?? 0
        return "line \(line), column \((header.firstIndex(of: column) ?? 0) + 1) (\(column))"
    }

    /// A yes/no cell (`yes`, `true`, `1`, `y` / `no`, `false`, `0`, `n`, any case); `nil` when empty.
    /// - Throws: ``QIError/Code/invalidValue`` naming the cell for anything else.
    public func flag(_ row: [Cell], _ column: String) throws(QIError) -> Bool? {
        guard let text = cell(row, column)?.text, !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "yes", "true", "1", "y": return true
        case "no", "false", "0", "n": return false
        default: throw QIError.invalid(place(row, column), "\"\(text)\" is not yes or no")
        }
    }

    /// The cell of `row` under `column` (nil when the row is short or the header has no such column).
    public func cell(_ row: [Cell], _ column: String) -> Cell? {
        guard let index = header.firstIndex(of: column), index < row.count else { return nil }
        return row[index]
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}

extension Organisation {
    /// Reads organisations from a CSV file with the columns `id`, `kind`, `name`, and optionally
    /// `parent`, `ods` and `example` (`yes`/`no`). Every row is checked; the first bad cell throws,
    /// naming its line and column, and then nothing is imported. A `parent` must be an id in `known`
    /// (the directory already) or in the file.
    public static func records(fromCSV text: String, known: Set<String> = []) throws(QIError) -> [Organisation] {
        let table = try CSVTable(parsing: text)
        for required in ["id", "kind", "name"] where !table.header.contains(required) {
            throw QIError.invalid(
                "line 1", "no \"\(required)\" column; the columns are id, kind, name, parent, ods, example")
        }
        var records: [Organisation] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            func place(_ column: String) -> String { table.place(row, column) }
            func value(_ column: String) -> String? {
                guard let text = table.cell(row, column)?.text, !text.isEmpty else { return nil }
                return text
            }
            guard let id = value("id") else { throw QIError.invalid(place("id"), "is empty") }
            guard let kindText = value("kind") else { throw QIError.invalid(place("kind"), "is empty") }
            guard let name = value("name") else { throw QIError.invalid(place("name"), "is empty") }
            let kind: OrganisationKind
            do {
                kind = try OrganisationKind.parse(kindText, field: "kind")
            } catch {
                throw QIError.invalid(place("kind"), error.message)
            }
            let example = try table.flag(row, "example") ?? false
            if let line = seen[id] {
                throw QIError.invalid(place("id"), "\"\(id)\" is already on line \(line)")
            }
            seen[id] = table.cell(row, "id")?.line ?? 0
            let record = Organisation(
                id: id, kind: kind, name: name, parent: value("parent"), odsCode: value("ods"), isExample: example)
            do {
                try record.validate()
            } catch {
                throw QIError.invalid(place(error.field ?? "id"), error.message)
            }
            records.append(record)
        }
        let ids = known.union(records.map(\.id))
        for (index, record) in records.enumerated() {
            if let parent = record.parent, !ids.contains(parent) {
                throw QIError.invalid(
                    table.place(table.rows[index], "parent"),
                    "no organisation \"\(parent)\" in the directory or this file")
            }
        }
        return records
    }
}

extension Measure {
    /// Reads data points from a CSV file with the columns `date` (YYYY-MM-DD) and `value`, and
    /// optionally `annotation` and `baseline` (`yes`/`no`). Every row is checked; the first bad cell
    /// throws, naming its line and column, and then nothing is imported.
    public static func points(fromCSV text: String) throws(QIError) -> [(
        date: QIDate, value: Double, annotation: String?, baseline: Bool
    )] {
        let table = try CSVTable(parsing: text)
        for required in ["date", "value"] where !table.header.contains(required) {
            throw QIError.invalid(
                "line 1", "no \"\(required)\" column; the columns are date, value, annotation, baseline")
        }
        var points: [(date: QIDate, value: Double, annotation: String?, baseline: Bool)] = []
        for row in table.rows {
            func place(_ column: String) -> String { table.place(row, column) }
            let dateText = table.cell(row, "date")?.text ?? ""
            let date: QIDate
            do { date = try QIDate(parsing: dateText, field: "date") } catch {
                throw QIError.invalid(place("date"), error.message)
            }
            let valueText = table.cell(row, "value")?.text ?? ""
            guard let value = Double(valueText), value.isFinite else {
                throw QIError.invalid(place("value"), "\"\(valueText)\" is not a number")
            }
            let baseline = try table.flag(row, "baseline") ?? false
            let annotation = table.cell(row, "annotation")?.text
            points.append((date, value, annotation?.isEmpty == false ? annotation : nil, baseline))
        }
        return points
    }
}
