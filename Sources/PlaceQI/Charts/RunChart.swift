internal import Foundation

/// A run chart's analysis: the median and the four rules of Perla, Provost and Murray, "The run
/// chart: a simple analytical tool for learning from variation in healthcare processes", BMJ Quality
/// & Safety 20 (2011) 46–51.
///
/// - **Shift**: six or more consecutive points all above or all below the median. Points on the
///   median neither break a shift nor count towards it.
/// - **Trend**: five or more consecutive points all going up (or all going down). A point equal to the
///   one before neither breaks a trend nor counts towards it.
/// - **Runs**: too few or too many runs. A run is a stretch of points on one side of the median
///   (points on it are skipped). The limits are those of the runs test the paper's table comes from
///   (Swed and Eisenhart 1943): the number of runs among `n` useful observations split as evenly as
///   possible, each tail at most 2.5 % (``RunsLimits``). The test needs at least 10 useful
///   observations.
/// - **Astronomical point**: a point obviously different from the rest. The paper leaves this to the
///   eye; here a point counts when it lies beyond the median ± 3 × 1.4826 × the median absolute
///   deviation (a robust three-sigma), and there are at least 10 points.
///
/// A run chart needs at least 10 points before it is analysed (fewer: ``isTooShort``).
public struct RunChart: Sendable, Hashable {
    /// The fewest points the rules are applied to.
    public static let minimumPoints = 10
    /// Points needed for a shift, and trend length in points.
    public static let shiftLength = 6
    public static let trendLength = 5

    /// The values, in time order.
    public let values: [Double]
    /// The median of the baseline points (all points when no baseline is given).
    public let median: Double
    /// Points not on the median.
    public let usefulObservations: Int
    /// Runs on either side of the median.
    public let runs: Int
    /// The limits for `runs` (nil when fewer than 10 useful observations).
    public let runsLimits: RunsLimits?
    /// Each shift found: the indices of its points.
    public let shifts: [ClosedRange<Int>]
    /// Each trend found: the indices of its points (the first point starts it).
    public let trends: [ClosedRange<Int>]
    /// Points beyond the robust limits.
    public let astronomicalPoints: [Int]

    /// Whether there are too few points for the rules.
    public var isTooShort: Bool { values.count < Self.minimumPoints }
    /// Whether the number of runs is below the limit.
    public var tooFewRuns: Bool { runsLimits.map { runs < $0.fewest } ?? false }
    /// Whether the number of runs is above the limit.
    public var tooManyRuns: Bool { runsLimits.map { runs > $0.most } ?? false }
    /// Whether any rule signals non-random variation.
    public var hasSignal: Bool {
        !shifts.isEmpty || !trends.isEmpty || tooFewRuns || tooManyRuns || !astronomicalPoints.isEmpty
    }

    /// Analyses `values` (in time order); the median comes from the points flagged in `baseline`
    /// (all points when `baseline` is empty or flags none).
    public init(values: [Double], baseline: [Bool] = []) {
        self.values = values
        let base = zip(values, baseline).filter(\.1).map(\.0)
        let centre = Statistics.median(base.isEmpty ? values : base)
        median = centre
        let sides = values.map { $0 > centre ? 1 : ($0 < centre ? -1 : 0) }
        let useful = sides.filter { $0 != 0 }
        usefulObservations = useful.count
        runs = useful.isEmpty ? 0 : 1 + zip(useful, useful.dropFirst()).filter { $0 != $1 }.count
        guard values.count >= Self.minimumPoints else {
            runsLimits = nil
            shifts = []
            trends = []
            astronomicalPoints = []
            return
        }
        runsLimits = RunsLimits(usefulObservations: usefulObservations)
        shifts = Self.shifts(sides)
        trends = Self.trends(values)
        let spread = 1.4826 * Statistics.median(values.map { abs($0 - centre) })
        astronomicalPoints = spread > 0 ? values.indices.filter { abs(values[$0] - centre) > 3 * spread } : []
    }

    /// Stretches of at least six useful points on one side (points on the median skipped inside).
    static func shifts(_ sides: [Int]) -> [ClosedRange<Int>] {
        var found: [ClosedRange<Int>] = []
        var start: Int?
        var side = 0
        var count = 0
        var last = 0
        func close() {
            if let start, count >= shiftLength { found.append(start...last) }
        }
        for (index, current) in sides.enumerated() where current != 0 {
            if current == side {
                count += 1
            } else {
                close()
                start = index
                side = current
                count = 1
            }
            last = index
        }
        close()
        return found
    }

    /// Stretches of at least five points each higher (or each lower) than the last, ties skipped.
    static func trends(_ values: [Double]) -> [ClosedRange<Int>] {
        var found: [ClosedRange<Int>] = []
        var start = 0
        var direction = 0
        var count = 1
        var last = 0
        func close() {
            if count >= trendLength { found.append(start...last) }
        }
        for index in values.indices.dropFirst() {
            let step = values[index] > values[last] ? 1 : (values[index] < values[last] ? -1 : 0)
            if step == 0 { continue }
            if step == direction {
                count += 1
            } else {
                close()
                start = last
                direction = step
                count = 2
            }
            last = index
        }
        close()
        return found
    }
}

/// The fewest and most runs expected from random variation among `n` useful observations.
public struct RunsLimits: Sendable, Hashable {
    /// Fewer runs than this signal non-random variation.
    public let fewest: Int
    /// More runs than this signal non-random variation.
    public let most: Int

    /// The limits for `usefulObservations` points not on the median (nil below 10): the exact
    /// distribution of the number of runs with the points split evenly above and below, each tail at
    /// most 2.5 %.
    public init?(usefulObservations n: Int) {
        guard n >= RunChart.minimumPoints, n <= 1_000 else { return nil }
        let below = n / 2
        let above = n - below
        // Probabilities of r runs, from the counts of arrangements (log space: no overflow).
        let total = Statistics.logChoose(n, below)
        var probability: [Int: Double] = [:]
        for r in 2...n {
            let logCount: Double
            if r % 2 == 0 {
                let k = r / 2
                logCount =
                    log(2) + Statistics.logChoose(below - 1, k - 1) + Statistics.logChoose(above - 1, k - 1)
            } else {
                let k = (r - 1) / 2
                let first = Statistics.logChoose(below - 1, k) + Statistics.logChoose(above - 1, k - 1)
                let second = Statistics.logChoose(below - 1, k - 1) + Statistics.logChoose(above - 1, k)
                logCount = Statistics.logAdd(first, second)
            }
            probability[r] = logCount.isFinite ? exp(logCount - total) : 0
        }
        var cumulative = 0.0
        var fewest = 2
        for r in 2...n {
            if cumulative + (probability[r] ?? 0) > 0.025 {
                fewest = r
                break
            }
            cumulative += probability[r] ?? 0
        }
        cumulative = 0
        var most = n
        for r in stride(from: n, through: 2, by: -1) {
            if cumulative + (probability[r] ?? 0) > 0.025 {
                most = r
                break
            }
            cumulative += probability[r] ?? 0
        }
        self.fewest = fewest
        self.most = most
    }
}
