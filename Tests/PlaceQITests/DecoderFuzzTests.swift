import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

@testable import PlaceQI

/// Everything PlaceQI reads from outside — CSV files, audit exports, text for the guard, dates, and
/// documents other nodes wrote — is read by code that throws or answers, never traps, whatever the
/// input; and what it writes reads back the same.
@Suite struct DecoderFuzzTests {
    static let alphabet: [Character] = Array("ab,\"\n\r \t0123456789-/.:;é\u{FEFF}🙂DOBGL")

    static func randomText(_ generator: inout SplitMix, length: Int) -> String {
        String((0..<length).map { _ in alphabet[generator.below(alphabet.count)] })
    }

    @Test(arguments: 0..<8)
    func randomTextNeverTrapsTheCSVReaderTheGuardOrTheDateParser(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed) &+ 97)
        for _ in 0..<250 {
            let text = Self.randomText(&generator, length: generator.below(120))
            if let table = try? CSVTable(parsing: text) {
                #expect(table.rows.allSatisfy { $0.count <= table.header.count })
            }
            _ = try? Organisation.records(fromCSV: text)
            _ = try? Measure.points(fromCSV: text)
            for finding in PIDGuard.scan(text, field: "f") {
                #expect(finding.position >= 0 && finding.position < text.unicodeScalars.count)
            }
            _ = try? QIDate(parsing: text, field: "date")
            #expect(!AuditExport.verify(text).isValid)
        }
    }

    @Test(arguments: 0..<6)
    func aTableWrittenAsCSVReadsBackCellForCell(seed: Int) throws {
        var generator = SplitMix(seed: UInt64(seed) &+ 1_000)
        let columns = 1 + generator.below(5)
        let header = (0..<columns).map { "c\($0)" }
        let rows = (0..<(1 + generator.below(12))).map { _ in
            (0..<columns).map { _ in Self.randomText(&generator, length: generator.below(10)) }
        }
        func quoted(_ cell: String) -> String {
            "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let text = ([header] + rows).map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\n"
        let table = try CSVTable(parsing: text)
        #expect(table.header == header)
        // A row whose cells are all empty is a blank line and skipped; others come back exactly.
        let expected = rows.filter { !($0.count == 1 && $0[0].isEmpty) }
        #expect(table.rows.map { $0.map(\.text) } == expected.map { $0.map { $0 } })
    }

    @Test func oversizedInputIsRefusedBeforeItIsRead() {
        let big = String(repeating: "a,", count: CSVTable.maxBytes / 2 + 1)
        #expect(throws: QIError.self) { _ = try CSVTable(parsing: big) }
        #expect(!AuditExport.verify(String(repeating: "x", count: 10)).isValid)
    }

    /// Documents a hostile or buggy node could write — QI keys holding values of the wrong type,
    /// containers where scalars belong — read as "unset" or are refused with an error, never a trap.
    @Test(arguments: 0..<4)
    func documentsWithWrongTypesReadWithoutTrapping(seed: Int) throws {
        var generator = SplitMix(seed: UInt64(seed) &+ 5_000)
        let nodes = try TwoNodes()
        let qi = QISpace(node: nodes.a, space: nodes.space)
        let keys = [
            "type", "schemaMajor", "title", "aim", "theme", "status", "startDate", "organisations", "team", "tags",
            "drivers", "changeIdeas", "spread", "points", "phases", "body", "project", "measureType", "direction",
        ]
        for kind in [QIDocumentKind.project, .measure, .pdsa, .note] {
            for round in 0..<10 {
                let id = QIIdentifiers.documentID()
                try nodes.a.transact(in: nodes.space, document: id) { tx in
                    try tx.set("type", .string(kind.rawValue))
                    for key in keys.shuffled(using: &generator).prefix(8) where key != "type" || round % 3 == 0 {
                        switch generator.below(5) {
                        case 0: try tx.set(key, .int(Int64(generator.below(1_000)) - 500))
                        case 1: try tx.set(key, .double(Double(generator.below(100)) / 7))
                        case 2: try tx.set(key, .string(Self.randomText(&generator, length: 12)))
                        case 3: _ = try tx.makeContainer(.map, at: key)
                        default: _ = try tx.makeContainer(.text, at: key)
                        }
                    }
                }
                switch kind {
                case .project: _ = try? qi.project(id)
                case .measure:
                    if let measure = try? qi.measure(id) {
                        _ = XmRChart(values: measure.values, direction: .lowerIsBetter)
                    }
                case .pdsa: _ = try? qi.pdsa(id)
                default: _ = try? qi.note(id)
                }
            }
        }
        // The report over all of it still computes.
        _ = try QIReport(qi)
    }
}
