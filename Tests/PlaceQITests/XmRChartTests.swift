import Testing

@testable import PlaceQI

/// The XmR chart and its special-cause rules, as Making Data Count draws them, against hand-worked data.
@Suite struct XmRChartTests {
    /// Mean 11.5; moving ranges 2 1 2 1 1 1 2 1 2 → mean 13/9; limits 11.5 ± 2.66 × 13/9.
    let baseline: [Double] = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11]
    var baselineFlags: [Bool] { Array(repeating: true, count: baseline.count) }
    let movingRange = 13.0 / 9.0

    @Test func limitsAreTheMeanPlusOrMinus266MeanMovingRanges() throws {
        let chart = XmRChart(values: baseline, direction: .higherIsBetter)
        let phase = try #require(chart.phases.first)
        #expect(phase.mean == 11.5)
        #expect(abs(phase.meanMovingRange - movingRange) < 1e-12)
        #expect(abs(phase.upperLimit - (11.5 + 2.66 * movingRange)) < 1e-12)
        #expect(abs(phase.lowerLimit - (11.5 - 2.66 * movingRange)) < 1e-12)
        #expect(chart.signals.isEmpty && chart.variation == .commonCause)
        #expect(chart.isProvisional)
    }

    @Test func aPointBeyondALimitIsImprovementOrConcernByDirection() {
        let values = baseline + [20]
        let flags = baselineFlags + [false]
        let up = XmRChart(values: values, direction: .higherIsBetter, baseline: flags)
        #expect(up.signals.contains { $0.rule == .beyondLimit && $0.points == [10] && $0.isImprovement })
        #expect(up.variation == .specialCauseImprovement)
        let down = XmRChart(values: values, direction: .lowerIsBetter, baseline: flags)
        #expect(down.signals.contains { $0.rule == .beyondLimit && !$0.isImprovement })
        #expect(down.variation == .specialCauseConcern)
    }

    @Test func sevenPointsOnOneSideOfTheMeanAreAShiftAndSixAreNot() {
        let seven = XmRChart(
            values: baseline + Array(repeating: 12.5, count: 7), direction: .higherIsBetter,
            baseline: baselineFlags + Array(repeating: false, count: 7))
        #expect(seven.signals.contains { $0.rule == .shift && $0.points == Array(10...16) && $0.isImprovement })
        let six = XmRChart(
            values: baseline + Array(repeating: 12.5, count: 6) + [11.5], direction: .higherIsBetter,
            baseline: baselineFlags + Array(repeating: false, count: 7))
        #expect(!six.signals.contains { $0.rule == .shift })
    }

    @Test func sevenPointsEachHigherThanTheLastAreATrend() {
        // 10.0 → 10.5 → … → 13.0: seven points rising, inside the limits.
        let rising = (0..<7).map { 10 + 0.5 * Double($0) }
        let chart = XmRChart(
            values: baseline + rising, direction: .lowerIsBetter, baseline: baselineFlags + rising.map { _ in false })
        let trend = chart.signals.first { $0.rule == .trend }
        #expect(trend?.points == Array(10...16))
        #expect(trend?.isImprovement == false)
        // An equal neighbour breaks it.
        let broken = baseline + [10, 10.5, 11, 11, 11.5, 12, 12.5]
        #expect(
            !XmRChart(values: broken, direction: .lowerIsBetter, baseline: baselineFlags).signals.contains {
                $0.rule == .trend
            })
    }

    @Test func twoOfThreePointsNearALimitSignal() {
        // Upper limit 15.342, two-sigma line 11.5 + 2/3 × 3.842 = 14.061.
        let values = baseline + [14.5, 11, 14.8]
        let chart = XmRChart(
            values: values, direction: .higherIsBetter, baseline: baselineFlags + [false, false, false])
        #expect(
            chart.signals.contains { $0.rule == .twoOfThreeNearLimit && $0.points == [10, 12] && $0.isImprovement })
        // One near point in three is not a signal.
        let one = XmRChart(values: baseline + [14.5, 11, 12], direction: .higherIsBetter, baseline: baselineFlags)
        #expect(!one.signals.contains { $0.rule == .twoOfThreeNearLimit })
    }

    @Test func assuranceComparesTheTargetWithTheLimits() {
        #expect(XmRChart(values: baseline, direction: .higherIsBetter, target: 5).assurance == .consistentlyPasses)
        #expect(XmRChart(values: baseline, direction: .higherIsBetter, target: 20).assurance == .consistentlyFails)
        #expect(XmRChart(values: baseline, direction: .higherIsBetter, target: 12).assurance == .hitAndMiss)
        #expect(XmRChart(values: baseline, direction: .lowerIsBetter, target: 20).assurance == .consistentlyPasses)
        #expect(XmRChart(values: baseline, direction: .higherIsBetter).assurance == nil)
    }

    @Test func rePhasingGivesEachPhaseItsOwnLimits() {
        let after: [Double] = [20, 22, 21, 23, 22, 21, 20, 22, 23, 21]
        let chart = XmRChart(values: baseline + after, direction: .higherIsBetter, phaseStarts: [10])
        #expect(chart.phases.count == 2)
        #expect(chart.phases.map(\.mean) == [11.5, 21.5])
        #expect(chart.phases[1].range == 10..<20)
        // Within its own phase the second stretch is common cause.
        #expect(chart.signals.isEmpty)
    }

    @Test func fewerThanTwoPointsGiveNoLimits() {
        #expect(XmRChart(values: [5], direction: .higherIsBetter).phases.isEmpty)
        #expect(XmRChart(values: [], direction: .higherIsBetter).variation == .commonCause)
    }
}
