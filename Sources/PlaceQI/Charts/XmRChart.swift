/// An XmR (individuals and moving range) chart as NHS England's "Making Data Count" guidance draws it
/// (NHS England and NHS Improvement, *Making Data Count*, 2019, and its "Strengthening your decisions"
/// companion; the constants from Wheeler, *Understanding Variation*, 2000).
///
/// - Centre line: the mean of the phase's baseline points (all its points when none are flagged).
/// - Process limits: mean ± 2.66 × the mean moving range of those points (the moving range of a point
///   is its distance from the one before, within the phase).
/// - Phases: the chart is re-phased at the given indices (a change in the process), each phase with
///   its own mean and limits.
/// - Special-cause rules, each marked as improvement or concern by the measure's direction:
///   1. a point beyond a process limit;
///   2. a run of 7 or more consecutive points above (or below) the mean (points on the mean break it);
///   3. a run of 7 or more consecutive points each higher (or each lower) than the last — a trend;
///   4. two of three consecutive points beyond two sigma on the same side (sigma = 2.66 ÷ 3 × the mean
///      moving range, so the "near" line is at two thirds of the way to the limit), while inside it.
/// - Variation summary: special cause of improvement or concern (the latest signal decides if both
///   occur), else common cause. Assurance, when a target is given: the target outside the latest
///   phase's limits on the passing side ("consistently passes") or the failing side ("consistently
///   fails"), else "hit and miss".
///
/// Fewer than 2 points in a phase give no limits; the guidance asks for 15–20 baseline points before
/// limits are trusted (``isProvisional``).
public struct XmRChart: Sendable, Hashable {
    /// Points before the limits are taken as settled.
    public static let settledPoints = 15
    /// Consecutive points for a shift or a trend.
    public static let runLength = 7

    /// One phase of the chart.
    public struct Phase: Sendable, Hashable {
        /// The indices of its points.
        public let range: Range<Int>
        public let mean: Double
        public let meanMovingRange: Double
        public let lowerLimit: Double
        public let upperLimit: Double
        /// The points the mean and limits came from.
        public let baselineCount: Int

        /// Two sigma below and above the mean (the "near a limit" lines).
        public var lowerNear: Double { mean - 2.0 / 3.0 * (mean - lowerLimit) }
        public var upperNear: Double { mean + 2.0 / 3.0 * (upperLimit - mean) }
    }

    /// A special-cause signal.
    public struct Signal: Sendable, Hashable {
        public enum Rule: String, Sendable, Hashable, CaseIterable {
            case beyondLimit = "beyond-limit"
            case shift
            case trend
            case twoOfThreeNearLimit = "two-of-three-near-limit"
        }
        public let rule: Rule
        /// The points that make it.
        public let points: [Int]
        /// Whether it is in the direction of improvement (else of concern).
        public let isImprovement: Bool
    }

    /// The common-cause/special-cause summary.
    public enum Variation: String, Sendable, Hashable {
        case commonCause = "common-cause"
        case specialCauseImprovement = "special-cause-improvement"
        case specialCauseConcern = "special-cause-concern"
    }

    /// Whether the process can be relied on to meet a target.
    public enum Assurance: String, Sendable, Hashable {
        case consistentlyPasses = "consistently-passes"
        case hitAndMiss = "hit-and-miss"
        case consistentlyFails = "consistently-fails"
    }

    public let values: [Double]
    public let direction: ImprovementDirection
    public let phases: [Phase]
    public let signals: [Signal]
    public let variation: Variation
    /// `nil` without a target or limits.
    public let assurance: Assurance?

    /// Whether the latest phase's limits come from fewer points than the guidance asks.
    public var isProvisional: Bool { (phases.last?.baselineCount ?? 0) < Self.settledPoints }

    /// Draws the chart for `values` (time order).
    /// - Parameters:
    ///   - values: the data points, in time order.
    ///   - direction: which way is better (whether a signal is improvement or concern).
    ///   - baseline: per point, whether it belongs to its phase's baseline (none flagged: all points).
    ///   - phaseStarts: indices where a new phase begins (re-phasing after a change).
    ///   - target: what the measure should reach, for the assurance summary.
    public init(
        values: [Double], direction: ImprovementDirection, baseline: [Bool] = [], phaseStarts: [Int] = [],
        target: Double? = nil
    ) {
        self.values = values
        self.direction = direction
        let starts = ([0] + phaseStarts.filter { $0 > 0 && $0 < values.count }).sorted()
        var phases: [Phase] = []
        for (index, start) in Set(starts).sorted().enumerated() {
            let sortedStarts = Set(starts).sorted()
            let end = index + 1 < sortedStarts.count ? sortedStarts[index + 1] : values.count
            guard end - start >= 2 else { continue }
            let flagged = (start..<end).filter { $0 < baseline.count && baseline[$0] }
            let basis = flagged.count >= 2 ? flagged : Array(start..<end)
            let points = basis.map { values[$0] }
            let ranges = zip(basis, basis.dropFirst()).filter { $1 == $0 + 1 }.map { abs(values[$1] - values[$0]) }
            let mean = Statistics.mean(points)
            let movingRange = Statistics.mean(ranges)
            phases.append(
                Phase(
                    range: start..<end, mean: mean, meanMovingRange: movingRange,
                    lowerLimit: mean - 2.66 * movingRange, upperLimit: mean + 2.66 * movingRange,
                    baselineCount: basis.count))
        }
        self.phases = phases
        signals = phases.flatMap { Self.signals(in: $0, values: values, direction: direction) }
        let latest = signals.max { ($0.points.last ?? 0) < ($1.points.last ?? 0) }
        variation =
            latest.map { $0.isImprovement ? .specialCauseImprovement : .specialCauseConcern } ?? .commonCause
        if let target, let phase = phases.last, phase.meanMovingRange > 0 || phase.lowerLimit != phase.upperLimit {
            let higher = direction == .higherIsBetter
            if higher ? target <= phase.lowerLimit : target >= phase.upperLimit {
                assurance = .consistentlyPasses
            } else if higher ? target > phase.upperLimit : target < phase.lowerLimit {
                assurance = .consistentlyFails
            } else {
                assurance = .hitAndMiss
            }
        } else {
            assurance = nil
        }
    }

    static func signals(in phase: Phase, values: [Double], direction: ImprovementDirection) -> [Signal] {
        let indices = Array(phase.range)
        let good: (Int) -> Bool = { side in direction == .higherIsBetter ? side > 0 : side < 0 }
        var found: [Signal] = []
        // 1. Beyond a limit.
        for index in indices where phase.meanMovingRange > 0 {
            if values[index] > phase.upperLimit || values[index] < phase.lowerLimit {
                let side = values[index] > phase.upperLimit ? 1 : -1
                found.append(Signal(rule: .beyondLimit, points: [index], isImprovement: good(side)))
            }
        }
        // 2. Shift: 7 or more on one side of the mean.
        var run: [Int] = []
        var runSide = 0
        func closeShift() {
            if run.count >= runLength { found.append(Signal(rule: .shift, points: run, isImprovement: good(runSide))) }
        }
        for index in indices {
            let side = values[index] > phase.mean ? 1 : (values[index] < phase.mean ? -1 : 0)
            if side != 0, side == runSide {
                run.append(index)
            } else {
                closeShift()
                run = side == 0 ? [] : [index]
                runSide = side
            }
        }
        closeShift()
        // 3. Trend: 7 or more points each higher (or lower) than the last.
        var trend: [Int] = indices.isEmpty ? [] : [indices[0]]
        var trendDirection = 0
        func closeTrend() {
            if trend.count >= runLength {
                found.append(Signal(rule: .trend, points: trend, isImprovement: good(trendDirection)))
            }
        }
        for index in indices.dropFirst() {
            let step = values[index] > values[index - 1] ? 1 : (values[index] < values[index - 1] ? -1 : 0)
            if step != 0, step == trendDirection {
                trend.append(index)
            } else {
                closeTrend()
                trend = [index - 1, index]
                trendDirection = step
                if step == 0 { trend = [index] }
            }
        }
        closeTrend()
        // 4. Two of three beyond two sigma on the same side (inside the limits).
        if phase.meanMovingRange > 0, indices.count >= 3 {
            var marked: Set<Int> = []
            for window in 0...(indices.count - 3) {
                let three = Array(indices[window..<window + 3])
                for side in [1, -1] {
                    let near = three.filter { index in
                        let value = values[index]
                        return side > 0
                            ? value > phase.upperNear && value <= phase.upperLimit
                            : value < phase.lowerNear && value >= phase.lowerLimit
                    }
                    if near.count >= 2, !Set(near).isSubset(of: marked) {
                        marked.formUnion(near)
                        found.append(Signal(rule: .twoOfThreeNearLimit, points: near, isImprovement: good(side)))
                    }
                }
            }
        }
        return found
    }
}
