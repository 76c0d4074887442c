/// A measure's chart, read for people: the chart (as SVG), its centre line and limits, and each signal
/// said in a sentence — what the web page and the API show beside the chart.
public struct MeasureAnalysis: Sendable, Hashable, Codable {
    /// Which chart.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A run chart: median and the four run-chart rules (Perla et al. 2011).
        case run
        /// An XmR (individuals) SPC chart: mean, limits, the special-cause rules.
        case xmr
    }

    /// One signal, located by its points' dates.
    public struct Signal: Sendable, Hashable, Codable {
        /// The rule that fired (`shift`, `trend`, `too-few-runs`, `beyond-limit`, …).
        public var rule: String
        /// Whether it points towards improvement (`nil` where a rule has no direction).
        public var improvement: Bool?
        /// The dates of the points that make it.
        public var points: [String]
        /// The signal in one plain sentence.
        public var sentence: String
    }

    /// Which chart this is.
    public var kind: Kind
    /// The number of points charted.
    public var pointCount: Int
    /// The centre line: the median (run chart) or the latest phase's mean (XmR).
    public var centre: Double?
    /// The latest phase's process limits (XmR only).
    public var lowerLimit: Double?
    /// The latest phase's upper process limit (XmR only).
    public var upperLimit: Double?
    /// The signals, in the order of their first point.
    public var signals: [Signal]
    /// What the chart says overall, in plain sentences (too short to judge, common cause only, …).
    public var summary: [String]
    /// The chart as a self-contained SVG (no script, no external reference).
    public var svg: String

    /// Analyses `measure` as a chart of `kind`.
    public init(_ measure: Measure, kind: Kind) {
        let labels = measure.points.map { $0.date.description }
        let baseline = measure.points.map(\.isBaseline)
        let title = measure.name.value ?? "Measure"
        let unit = measure.unit.value.map { " \($0)" } ?? ""
        self.kind = kind
        pointCount = measure.points.count
        var signals: [Signal] = []
        var summary: [String] = []
        func span(_ range: ClosedRange<Int>) -> [String] { range.map { labels[$0] } }
        switch kind {
        case .run:
            let chart = RunChart(values: measure.values, baseline: baseline)
            svg = ChartSVG.render(chart, title: title, labels: labels)
            centre = measure.points.isEmpty ? nil : chart.median
            if measure.points.isEmpty {
                summary.append("No data points yet: add the first to start the chart.")
            } else {
                summary.append(
                    "The median is \(ChartSVG.format(chart.median))\(unit); the data cross it in \(chart.runs) runs.")
            }
            if chart.isTooShort, !measure.points.isEmpty {
                summary.append(
                    "With fewer than \(RunChart.minimumPoints) points the run-chart rules are not applied yet "
                        + "(\(measure.points.count) so far).")
            }
            for range in chart.shifts {
                signals.append(
                    Signal(
                        rule: "shift", improvement: nil, points: span(range),
                        sentence:
                            "Shift: \(range.count) points in a row on one side of the median, from \(labels[range.lowerBound]) to \(labels[range.upperBound]) — a sign of non-random change."
                    ))
            }
            for range in chart.trends {
                signals.append(
                    Signal(
                        rule: "trend", improvement: nil, points: span(range),
                        sentence:
                            "Trend: \(range.count) points going the same way, from \(labels[range.lowerBound]) to \(labels[range.upperBound])."
                    ))
            }
            if chart.tooFewRuns {
                signals.append(
                    Signal(
                        rule: "too-few-runs", improvement: nil, points: [],
                        sentence:
                            "Too few runs (\(chart.runs), fewer than \(chart.runsLimits?.fewest ?? 0) expected by chance): the process has probably changed."
                    ))
            }
            if chart.tooManyRuns {
                signals.append(
                    Signal(
                        rule: "too-many-runs", improvement: nil, points: [],
                        sentence:
                            "Too many runs (\(chart.runs), more than \(chart.runsLimits?.most ?? 0) expected by chance): check how the data are collected or mixed."
                    ))
            }
            for index in chart.astronomicalPoints {
                signals.append(
                    Signal(
                        rule: "astronomical", improvement: nil, points: [labels[index]],
                        sentence: "An astronomical point on \(labels[index]): obviously different from the rest.")
                )
            }
            if !chart.isTooShort, !chart.hasSignal {
                summary.append("No signal: the variation looks random (common cause). Keep testing changes.")
            }
        case .xmr:
            let chart = XmRChart(
                values: measure.values, direction: measure.direction.value ?? .higherIsBetter, baseline: baseline,
                phaseStarts: measure.phaseStartIndices, target: measure.target.value)
            svg = ChartSVG.render(chart, title: title, labels: labels)
            let phase = chart.phases.last
            centre = phase?.mean
            lowerLimit = phase?.lowerLimit
            upperLimit = phase?.upperLimit
            if let phase {
                summary.append(
                    "The mean is \(ChartSVG.format(phase.mean))\(unit); the process limits are \(ChartSVG.format(phase.lowerLimit)) to \(ChartSVG.format(phase.upperLimit))."
                )
                if chart.isProvisional {
                    summary.append(
                        "The limits are provisional: they rest on fewer than \(XmRChart.settledPoints) points.")
                }
            } else {
                summary.append("An XmR chart needs at least two points.")
            }
            switch chart.variation {
            case .commonCause: summary.append("Common-cause variation only: no special cause detected.")
            case .specialCauseImprovement: summary.append("The latest signal is special-cause improvement.")
            case .specialCauseConcern: summary.append("The latest signal is special-cause concern.")
            }
            switch chart.assurance {
            case .consistentlyPasses: summary.append("Assurance: the process will consistently meet the target.")
            case .consistentlyFails: summary.append("Assurance: the process will not meet the target without change.")
            case .hitAndMiss: summary.append("Assurance: hit and miss — the target lies within the limits.")
            case nil: break
            }
            for signal in chart.signals {
                let dates = signal.points.map { labels[$0] }
                let way = signal.isImprovement ? "improvement" : "concern"
                let when = dates.count > 1 ? "from \(dates[0]) to \(dates[dates.count - 1])" : "on \(dates.first ?? "")"
                let sentence: String
                switch signal.rule {
                case .beyondLimit: sentence = "A point beyond the process limits \(when) (\(way))."
                case .shift:
                    sentence = "Shift: \(dates.count) points in a row on one side of the mean, \(when) (\(way))."
                case .trend: sentence = "Trend: \(dates.count) points going the same way, \(when) (\(way))."
                case .twoOfThreeNearLimit:
                    sentence = "Two of three points close to a limit, \(when) (\(way))."
                }
                signals.append(
                    Signal(
                        rule: signal.rule.rawValue, improvement: signal.isImprovement, points: dates, sentence: sentence
                    ))
            }
        }
        self.signals = signals
        self.summary = summary
    }
}
