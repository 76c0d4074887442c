internal import Foundation

/// The few statistics the charts need.
enum Statistics {
    /// The median (0 for no values).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The mean (0 for no values).
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// log(n choose k); −∞ when k is out of range.
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, n >= 0, k <= n else { return -.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }

    /// log(exp(a) + exp(b)).
    static func logAdd(_ a: Double, _ b: Double) -> Double {
        if !a.isFinite { return b }
        if !b.isFinite { return a }
        let high = max(a, b)
        return high + log(exp(a - high) + exp(b - high))
    }
}
