import Testing

@testable import PlaceQI

/// The run-chart rules of Perla, Provost and Murray (2011) against hand-worked series.
@Suite struct RunChartTests {
    @Test func aShiftAndATrendAreFoundWhereTheyAre() {
        // Sorted: 8 9 10 11 12 13 | 20 21 22 23 24 25 → median (13 + 20) / 2 = 16.5.
        let chart = RunChart(values: [10, 12, 11, 13, 9, 20, 21, 22, 23, 24, 25, 8])
        #expect(chart.median == 16.5)
        // Indices 5…10 are six points above the median.
        #expect(chart.shifts == [5...10])
        // 9 → 20 → 21 → 22 → 23 → 24 → 25: seven points going up, from index 4.
        #expect(chart.trends == [4...10])
        // Below (0–4), above (5–10), below (11): three runs among 12 useful observations.
        #expect(chart.usefulObservations == 12)
        #expect(chart.runs == 3)
        #expect(chart.hasSignal)
    }

    @Test func pointsOnTheMedianNeitherBreakNorAddToAShift() {
        // Sorted: 2 ×6, 5, 5, 8 ×5 → median 5 (the 7th of 13). Indices 3 and 7 sit on it.
        let values: [Double] = [2, 2, 2, 5, 2, 2, 2, 5, 8, 8, 8, 8, 8]
        let chart = RunChart(values: values)
        #expect(chart.median == 5)
        #expect(chart.usefulObservations == 11)
        // Six useful points below (0, 1, 2, 4, 5, 6) across the point on the median: one shift.
        #expect(chart.shifts == [0...6])
        // The five above are one short.
        #expect(chart.runs == 2)
        // Two runs among 11 useful observations: fewer than the limit.
        #expect(chart.tooFewRuns)
        // Without the second point on the median, the first stretch is five useful points: no shift.
        let shorter = RunChart(values: [2, 2, 2, 5, 2, 2, 5, 8, 8, 8, 8, 8])
        #expect(shorter.shifts.isEmpty)
    }

    @Test func equalNeighboursNeitherBreakNorAddToATrend() {
        // 1, 2, (2), 3, 4, (4), 5: five points going up, ties skipped.
        let chart = RunChart(values: [1, 2, 2, 3, 4, 4, 5, 3, 4, 3])
        #expect(chart.trends == [0...6])
        // Four points up is not a trend.
        #expect(RunChart(values: [1, 2, 2, 3, 4, 4, 2, 3, 2, 3]).trends.isEmpty)
    }

    @Test func runsLimitsComeFromTheExactRunsDistribution() throws {
        // With 20 useful observations split 10/10: P(R ≤ 6) = 0.0185 and P(R ≤ 7) = 0.0513, so fewer
        // than 7 runs signal; P(R ≥ 16) = 0.0185 and P(R ≥ 15) = 0.0513, so more than 15 do.
        let twenty = try #require(RunsLimits(usefulObservations: 20))
        #expect(twenty.fewest == 7 && twenty.most == 15)
        // 16 useful observations: 5…13 runs are expected.
        let sixteen = try #require(RunsLimits(usefulObservations: 16))
        #expect(sixteen.fewest == 5 && sixteen.most == 13)
        #expect(RunsLimits(usefulObservations: 9) == nil)
        // An alternating series has too many runs.
        let alternating = RunChart(values: (0..<20).map { $0 % 2 == 0 ? 1 : 9 })
        #expect(alternating.runs == 20 && alternating.tooManyRuns)
    }

    @Test func anAstronomicalPointStandsOut() {
        var values: [Double] = [10, 11, 9, 10, 12, 10, 11, 9, 10, 11, 10]
        #expect(RunChart(values: values).astronomicalPoints.isEmpty)
        values[5] = 40
        #expect(RunChart(values: values).astronomicalPoints == [5])
    }

    @Test func fewerThanTenPointsAreNotAnalysed() {
        let chart = RunChart(values: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(chart.isTooShort)
        #expect(!chart.hasSignal && chart.trends.isEmpty && chart.runsLimits == nil)
        #expect(chart.median == 5)
    }

    @Test func theMedianComesFromTheBaselineWhenOneIsFlagged() {
        let values: [Double] = [10, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 20]
        let chart = RunChart(
            values: values, baseline: Array(repeating: true, count: 6) + Array(repeating: false, count: 6))
        #expect(chart.median == 10)
        // Against the baseline median, the last six are a shift.
        #expect(chart.shifts == [6...11])
    }
}
