/// Draws a run chart or an XmR chart as a self-contained SVG document (no script, no external
/// resource), for a file the CLI writes or a page the web frontend shows. Points that make a signal
/// are drawn larger, coloured by meaning (improvement blue, concern orange, as Making Data Count
/// does) and carry `class="signal …"` so a page or a test can find them.
public enum ChartSVG {
    /// The drawing size, in SVG user units.
    static let width = 720.0
    static let height = 320.0
    static let margin = (left: 56.0, right: 16.0, top: 36.0, bottom: 40.0)

    /// A run chart: the values, the median, and the points of shifts, trends and astronomical points.
    public static func render(_ chart: RunChart, title: String, labels: [String] = []) -> String {
        var highlighted: [Int: String] = [:]
        for range in chart.shifts { for index in range { highlighted[index] = "signal shift" } }
        for range in chart.trends {
            for index in range { highlighted[index] = highlighted[index].map { $0 + " trend" } ?? "signal trend" }
        }
        for index in chart.astronomicalPoints { highlighted[index] = "signal astronomical" }
        let lines = [Line(value: chart.median, label: "median", style: "centre")]
        var subtitle = "Run chart · median \(format(chart.median))"
        if chart.isTooShort { subtitle += " · fewer than \(RunChart.minimumPoints) points: rules not applied" }
        if chart.tooFewRuns { subtitle += " · too few runs (\(chart.runs))" }
        if chart.tooManyRuns { subtitle += " · too many runs (\(chart.runs))" }
        return document(
            values: chart.values, lines: lines, highlighted: highlighted.mapValues { ($0, "#1f77b4") },
            title: title, subtitle: subtitle, labels: labels)
    }

    /// An XmR chart: the values, each phase's mean and process limits, and the special-cause points.
    public static func render(_ chart: XmRChart, title: String, labels: [String] = []) -> String {
        var highlighted: [Int: (String, String)] = [:]
        for signal in chart.signals {
            let colour = signal.isImprovement ? "#1f77b4" : "#e07b00"
            let meaning = signal.isImprovement ? "improvement" : "concern"
            for index in signal.points { highlighted[index] = ("signal \(signal.rule.rawValue) \(meaning)", colour) }
        }
        var lines: [Line] = []
        for phase in chart.phases {
            let range = phase.range
            lines.append(Line(value: phase.mean, label: "mean", style: "centre", range: range))
            lines.append(Line(value: phase.upperLimit, label: "upper limit", style: "limit", range: range))
            lines.append(Line(value: phase.lowerLimit, label: "lower limit", style: "limit", range: range))
        }
        var subtitle = "XmR chart · \(chart.variation.rawValue.replacingOccurrences(of: "-", with: " "))"
        if let assurance = chart.assurance {
            subtitle += " · \(assurance.rawValue.replacingOccurrences(of: "-", with: " "))"
        }
        if chart.isProvisional { subtitle += " · limits provisional" }
        return document(
            values: chart.values, lines: lines, highlighted: highlighted, title: title, subtitle: subtitle,
            labels: labels)
    }

    struct Line {
        var value: Double
        var label: String
        var style: String
        var range: Range<Int>? = nil
    }

    static func document(
        values: [Double], lines: [Line], highlighted: [Int: (String, String)], title: String, subtitle: String,
        labels: [String]
    ) -> String {
        let plotWidth = width - margin.left - margin.right
        let plotHeight = height - margin.top - margin.bottom
        let all = values + lines.map(\.value)
        var low = all.min() ?? 0
        var high = all.max() ?? 1
        if high == low {
            low -= 1
            high += 1
        }
        let padding = (high - low) * 0.08
        low -= padding
        high += padding
        func x(_ index: Int) -> Double {
            margin.left + (values.count <= 1 ? plotWidth / 2 : plotWidth * Double(index) / Double(values.count - 1))
        }
        func y(_ value: Double) -> Double { margin.top + plotHeight * (high - value) / (high - low) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(format(width)) \(format(height))" \
            role="img" aria-label="\(escape(title))" font-family="sans-serif" font-size="12">
            <title>\(escape(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(format(margin.left))" y="16" font-size="14" font-weight="bold">\(escape(title))</text>
            <text x="\(format(margin.left))" y="30" fill="#555555">\(escape(subtitle))</text>

            """
        // Axis and its labels.
        svg += line(margin.left, margin.top, margin.left, margin.top + plotHeight, stroke: "#999999")
        svg += line(
            margin.left, margin.top + plotHeight, width - margin.right, margin.top + plotHeight, stroke: "#999999")
        for step in 0...4 {
            let value = low + (high - low) * Double(step) / 4
            svg +=
                "<text x=\"\(format(margin.left - 6))\" y=\"\(format(y(value) + 4))\" text-anchor=\"end\" fill=\"#555555\">\(format(value))</text>\n"
        }
        if let first = labels.first, let last = labels.last, !values.isEmpty {
            svg += "<text x=\"\(format(x(0)))\" y=\"\(format(height - 12))\" fill=\"#555555\">\(escape(first))</text>\n"
            svg +=
                "<text x=\"\(format(x(values.count - 1)))\" y=\"\(format(height - 12))\" text-anchor=\"end\" fill=\"#555555\">\(escape(last))</text>\n"
        }
        // Centre lines and limits.
        for item in lines where item.value.isFinite {
            let range = item.range ?? 0..<values.count
            guard let first = range.first, let last = range.last else { continue }
            let dash = item.style == "limit" ? " stroke-dasharray=\"6 4\"" : ""
            let colour = item.style == "limit" ? "#888888" : "#333333"
            svg +=
                "<line class=\"\(item.style)\" x1=\"\(format(x(first)))\" y1=\"\(format(y(item.value)))\" x2=\"\(format(x(last)))\" y2=\"\(format(y(item.value)))\" stroke=\"\(colour)\"\(dash)><title>\(item.label) \(format(item.value))</title></line>\n"
        }
        // The series.
        if values.count > 1 {
            let points = values.indices.map { "\(format(x($0))),\(format(y(values[$0])))" }.joined(separator: " ")
            svg +=
                "<polyline class=\"series\" points=\"\(points)\" fill=\"none\" stroke=\"#5b6770\" stroke-width=\"1.5\"/>\n"
        }
        for (index, value) in values.enumerated() {
            let label = index < labels.count ? "\(labels[index]): " : ""
            if let (kind, colour) = highlighted[index] {
                svg +=
                    "<circle class=\"\(kind)\" cx=\"\(format(x(index)))\" cy=\"\(format(y(value)))\" r=\"5\" fill=\"\(colour)\"><title>\(escape(label))\(format(value))</title></circle>\n"
            } else {
                svg +=
                    "<circle class=\"point\" cx=\"\(format(x(index)))\" cy=\"\(format(y(value)))\" r=\"3\" fill=\"#5b6770\"><title>\(escape(label))\(format(value))</title></circle>\n"
            }
        }
        return svg + "</svg>\n"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String) -> String {
        "<line x1=\"\(format(x1))\" y1=\"\(format(y1))\" x2=\"\(format(x2))\" y2=\"\(format(y2))\" stroke=\"\(stroke)\"/>\n"
    }

    /// A number with at most two decimals, no trailing zeros (as the charts label it).
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Text made safe inside XML.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
