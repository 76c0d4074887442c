internal import Foundation

/// Wall times in QI records (when a note was written, say) are what the writing node's clock said, and
/// nothing decides by them: order comes from causality. A clock can still be wrong by years, so a stamp
/// more than ``maximum`` ahead of this node's clock is flagged as coming from a skewed clock (RELIABILITY.md
/// D16): shown as such and left out of the report's months.
public enum ClockSkew {
    /// How far ahead of this node's clock a stamp may be before it is flagged: 48 hours (clocks a day
    /// off in either direction are common on practice machines; more is a wrong clock).
    public static let maximum: Double = 48 * 3_600

    /// Whether the ISO 8601 `stamp` lies more than ``maximum`` ahead of `now` (seconds since 1970). A
    /// stamp that does not parse is not flagged: it is shown as written.
    public static func isAhead(_ stamp: String, of now: Double) -> Bool {
        guard let date = ISO8601DateFormatter().date(from: stamp) else { return false }
        return date.timeIntervalSince1970 > now + maximum
    }
}
