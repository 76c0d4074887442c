import ArgumentParser
import Foundation
import PlaceQI
import PlaceSync

struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure", abstract: "Measures: define, add data points, show, chart (run chart or XmR).",
        discussion: """
            Examples:
              placesync measure new "Falls per 1,000 bed days" --type outcome --direction lower-is-better --project "Fewer falls"
              placesync measure add "Falls per 1,000 bed days" 2026-01-31 7.2 --baseline
              placesync measure chart "Falls per 1,000 bed days" --xmr -o falls.svg
            A measure is named by its name or the first 8+ hex digits of its id.
            """,
        subcommands: [NewMeasure.self, AddPoint.self, ShowMeasure.self, ChartMeasure.self, PhaseMeasure.self])
}

/// Finds a measure by id prefix or exact name.
func findMeasure(_ text: String, in qi: QISpace) throws -> Measure {
    try pick(
        text, from: try reported { try qi.measures() }, id: \.id, name: \.name.value, what: "measure",
        list: "measure show")
}

struct NewMeasure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Define a measure (prints its id).",
        discussion:
            "Example: placesync measure new \"Falls per 1,000 bed days\" --type outcome --direction lower-is-better")
    @OptionGroup var options: QIOptions
    @Argument(help: "The name.") var name: String
    @Option(help: "One of: \(MeasureType.allowed).") var type: String
    @Option(help: "Which way is better: \(ImprovementDirection.allowed).") var direction: String
    @Option(help: "The project it measures (title or id prefix).") var project: String?
    @Option(help: "Exactly what is counted, and how.") var definition: String?
    @Option(help: "The unit (\"falls per 1,000 bed days\").") var unit: String?
    @Option(help: "The target value.") var target: Double?
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        var draft = MeasureDraft(
            name: name, type: try parseValue(type, as: MeasureType.self, option: "type"),
            direction: try parseValue(direction, as: ImprovementDirection.self, option: "direction"))
        draft.definition = definition
        draft.unit = unit
        draft.target = target
        let project = try self.project.map { name in try reported { try qi.project(named: name).id } }
        print(try reported { try qi.createMeasure(draft, project: project, override: pid.override) })
    }
}

struct AddPoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a data point to a measure.",
        discussion:
            "Example: placesync measure add \"Falls per 1,000 bed days\" 2026-02-28 6.1 --note \"lights fitted\"")
    @OptionGroup var options: QIOptions
    @Argument(help: "The measure: name or id prefix.") var measure: String
    @Argument(help: "The date, YYYY-MM-DD.") var date: String
    @Argument(help: "The value.") var value: String
    @Option(help: "What happened around it.") var note: String?
    @Flag(help: "The point belongs to the baseline.") var baseline = false
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        guard let number = Double(value), number.isFinite else { throw CLIError("value: \"\(value)\" is not a number") }
        let when = try parseDate(date, field: "date")
        let id = try findMeasure(measure, in: qi).id
        _ = try reported { try qi.addPoints(to: id, [(when, number, note, baseline)], override: pid.override) }
    }
}

struct ShowMeasure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a measure and its data points (all measures without a name).",
        discussion: "Example: placesync measure show \"Falls per 1,000 bed days\" --json")
    @OptionGroup var options: QIOptions
    @Argument(help: "The measure: name or id prefix.") var measure: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let qi = try options.open()
        guard let measure else {
            let all = try reported { try qi.measures() }
            if json {
                try printJSON(
                    all.map {
                        [
                            "id": "\($0.id)", "name": $0.name.value ?? "", "type": $0.type.value?.rawValue ?? "",
                            "project": $0.project.map { "\($0)" } ?? "", "points": $0.points.count,
                        ] as [String: Any]
                    })
                return
            }
            for item in all { print("\(short(item.id))  \(item.name.value ?? "")  (\(item.points.count) points)") }
            return
        }
        let found = try findMeasure(measure, in: qi)
        if json {
            try printJSON(
                [
                    "id": "\(found.id)", "name": found.name.value ?? "", "type": found.type.value?.rawValue ?? "",
                    "direction": found.direction.value?.rawValue ?? "", "unit": found.unit.value ?? "",
                    "points": found.points.map {
                        [
                            "id": $0.id, "date": "\($0.date)", "value": $0.value, "annotation": $0.annotation ?? "",
                            "baseline": $0.isBaseline, "history": $0.history,
                        ] as [String: Any]
                    },
                ] as [String: Any])
            return
        }
        print("\(shown(found.name))  (\(found.id))")
        print(
            "type: \(shown(found.type) { $0.rawValue })   \(shown(found.direction) { $0.rawValue })   unit: \(found.unit.value ?? "—")"
        )
        for point in found.points {
            let extra = [
                point.isBaseline ? "baseline" : nil, point.annotation,
                point.history.isEmpty ? nil : "was \(point.history.map { "\($0)" }.joined(separator: ", "))",
            ]
            .compactMap { $0 }.joined(separator: "; ")
            print("  \(point.date)  \(point.value)\(extra.isEmpty ? "" : "  (\(extra))")")
        }
    }
}

struct ChartMeasure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart", abstract: "Chart a measure: a text sparkline and its signals, or an SVG file.",
        discussion: """
            Run chart (default): median; shift, trend, too few/many runs, astronomical point (Perla et al. 2011).
            --xmr: XmR chart as NHS England's Making Data Count: mean, limits at ±2.66 mean moving ranges,
            special-cause points, variation and assurance.
            Example: placesync measure chart "Falls per 1,000 bed days" --xmr -o falls.svg
            """)
    @OptionGroup var options: QIOptions
    @Argument(help: "The measure: name or id prefix.") var measure: String
    @Flag(help: "An XmR (SPC) chart instead of a run chart.") var xmr = false
    @Option(name: .shortAndLong, help: "Write the chart as SVG to this file.") var output: String?
    @Flag(help: "Print the analysis as JSON.") var json = false

    func run() throws {
        let qi = try options.open()
        let found = try findMeasure(measure, in: qi)
        let title = found.name.value ?? "Measure"
        let labels = found.points.map { "\($0.date)" }
        let baseline = found.points.map(\.isBaseline)
        let direction = found.direction.value ?? .higherIsBetter
        var lines: [String] = [title, sparkline(found.values)]
        let svg: String
        var analysis: [String: Any] = ["points": found.points.count]
        if xmr {
            let chart = XmRChart(
                values: found.values, direction: direction, baseline: baseline,
                phaseStarts: found.phaseStartIndices, target: found.target.value)
            svg = ChartSVG.render(chart, title: title, labels: labels)
            if let phase = chart.phases.last {
                lines.append(
                    "mean \(ChartSVG.format(phase.mean)), limits \(ChartSVG.format(phase.lowerLimit))–\(ChartSVG.format(phase.upperLimit))\(chart.isProvisional ? " (provisional)" : "")"
                )
            }
            lines.append(
                "variation: \(chart.variation.rawValue)" + (chart.assurance.map { "; assurance: \($0.rawValue)" } ?? "")
            )
            for signal in chart.signals {
                lines.append(
                    "  \(signal.rule.rawValue) (\(signal.isImprovement ? "improvement" : "concern")): \(signal.points.map { labels[$0] }.joined(separator: ", "))"
                )
            }
            analysis["variation"] = chart.variation.rawValue
            analysis["assurance"] = chart.assurance?.rawValue ?? ""
            analysis["signals"] = chart.signals.map {
                ["rule": $0.rule.rawValue, "improvement": $0.isImprovement, "points": $0.points.map { labels[$0] }]
            }
        } else {
            let chart = RunChart(values: found.values, baseline: baseline)
            svg = ChartSVG.render(chart, title: title, labels: labels)
            lines.append("median \(ChartSVG.format(chart.median)); \(chart.runs) runs")
            if chart.isTooShort {
                lines.append("fewer than \(RunChart.minimumPoints) points: the run chart rules are not applied yet")
            }
            for range in chart.shifts {
                lines.append("  shift: \(labels[range.lowerBound]) to \(labels[range.upperBound])")
            }
            for range in chart.trends {
                lines.append("  trend: \(labels[range.lowerBound]) to \(labels[range.upperBound])")
            }
            if chart.tooFewRuns { lines.append("  too few runs") }
            if chart.tooManyRuns { lines.append("  too many runs") }
            for index in chart.astronomicalPoints { lines.append("  astronomical point: \(labels[index])") }
            analysis["median"] = chart.median
            analysis["shifts"] = chart.shifts.map { [labels[$0.lowerBound], labels[$0.upperBound]] }
            analysis["trends"] = chart.trends.map { [labels[$0.lowerBound], labels[$0.upperBound]] }
            analysis["tooFewRuns"] = chart.tooFewRuns
            analysis["tooManyRuns"] = chart.tooManyRuns
            analysis["astronomical"] = chart.astronomicalPoints.map { labels[$0] }
        }
        if let output {
            do {
                try svg.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("cannot write \(output): \(error.localizedDescription)")
            }
            lines.append("chart written to \(output)")
        }
        if json { try printJSON(analysis) } else { print(lines.joined(separator: "\n")) }
    }

    func sparkline(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "(no data points yet)" }
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(values.map { high == low ? bars[3] : bars[min(7, Int((($0 - low) / (high - low)) * 7.999))] })
    }
}

struct PhaseMeasure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phase",
        abstract: "Start a new phase of a measure's XmR chart from a date (re-phasing after a change).",
        discussion: "Example: placesync measure phase \"Falls per 1,000 bed days\" 2026-01-01")
    @OptionGroup var options: QIOptions
    @Argument(help: "The measure: name or id prefix.") var measure: String
    @Argument(help: "The first date of the new phase, YYYY-MM-DD.") var date: String

    func run() throws {
        let qi = try options.open()
        let when = try parseDate(date, field: "date")
        let id = try findMeasure(measure, in: qi).id
        try reported { try qi.startPhase(of: id, on: when) }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a measure's data points from a CSV file (all or nothing).",
        discussion: """
            Columns: date (YYYY-MM-DD), value, and optionally annotation and baseline (yes/no). Every row is
            checked first; a bad cell is reported with its line and column, and then nothing is written.
            Organisations are imported with `placesync org import`.
            Example: placesync import falls.csv --measure "Falls per 1,000 bed days"
            """)
    @OptionGroup var options: QIOptions
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "The measure the points belong to (name or id prefix).") var measure: String
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CLIError("cannot read \(file)")
        }
        let points: [(date: QIDate, value: Double, annotation: String?, baseline: Bool)]
        do { points = try Measure.points(fromCSV: text) } catch { throw CLIError("\(file), \(error)") }
        let id = try findMeasure(measure, in: qi).id
        // The guard is run over every annotation first, so that a flagged one refuses the whole file.
        if pid.override == nil {
            for (index, point) in points.enumerated() {
                if let finding = PIDGuard.scan(point.annotation ?? "", field: "annotation").first {
                    throw CLIError("\(file), data row \(index + 1): refused: \(finding); nothing was imported")
                }
            }
        }
        // One change per 500 points, with progress: a long series stays a handful of envelopes.
        var written = 0
        for start in stride(from: 0, to: points.count, by: 500) {
            let chunk = Array(points[start..<min(points.count, start + 500)])
            _ = try reported { try qi.addPoints(to: id, chunk, override: pid.override) }
            written += chunk.count
            if points.count > 500 {
                FileHandle.standardError.write(Data("  \(written) of \(points.count) points\n".utf8))
            }
        }
        print("imported \(points.count) data point(s) into \(try findMeasure(measure, in: qi).name.value ?? measure)")
    }
}
