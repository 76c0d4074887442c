/// A calendar date as QI records write it: `YYYY-MM-DD`. Compared and sorted as dates.
public struct QIDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`.
    /// - Throws: ``QIError/Code/invalidValue`` naming `field` for anything else, or a day that does not
    ///   exist (2025-02-30).
    public init(parsing text: String, field: String) throws(QIError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw QIError.invalid(field, "\"\(text)\" is not a date; write YYYY-MM-DD, e.g. 2026-03-31") }
        guard (1900...2200).contains(year), (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day)
        else { throw QIError.invalid(field, "\(text) is not a day of the calendar") }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date from its parts (checked as ``init(parsing:field:)`` does).
    public init(year: Int, month: Int, day: Int) throws(QIError) {
        let text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        try self.init(parsing: text, field: "date")
    }

    /// The month, as `YYYY-MM` (activity is counted per month).
    public var monthText: String { padded(year, 4) + "-" + padded(month, 2) }

    public var description: String { monthText + "-" + padded(day, 2) }

    public static func < (lhs: QIDate, rhs: QIDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// `value` with at least `width` digits, zeros in front.
private func padded(_ value: Int, _ width: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
