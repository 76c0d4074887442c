/// Limits and checks on what people type into QI fields.
enum QIText {
    /// The longest single-line field (titles, names).
    static let maxLine = 500
    /// The longest multi-line field (aims, plans, studies).
    static let maxParagraphs = 20_000

    /// A one-line value: not empty, no line breaks, at most `maxLength` characters.
    static func checkLine(_ text: String, field: String, maxLength: Int = maxLine) throws(QIError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw QIError.invalid(field, "must not be empty") }
        guard !text.contains(where: \.isNewline) else { throw QIError.invalid(field, "must be one line") }
        guard text.count <= maxLength else {
            throw QIError.invalid(field, "is \(text.count) characters; at most \(maxLength) are allowed")
        }
    }

    /// A free-text value of at most `maxParagraphs` characters.
    static func checkParagraphs(_ text: String, field: String) throws(QIError) {
        guard text.count <= maxParagraphs else {
            throw QIError.invalid(field, "is \(text.count) characters; at most \(maxParagraphs) are allowed")
        }
    }

    /// A key (organisation id, tag): 1 to 64 letters, digits, `-` or `_`.
    static func checkKey(_ text: String, field: String) throws(QIError) {
        guard (1...64).contains(text.count),
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
        else {
            throw QIError.invalid(field, "\"\(text)\" is not allowed: use 1 to 64 letters, digits, '-' or '_'")
        }
    }
}

extension String {
    func trimmingCharacters(in set: WhitespaceSet) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

/// Only whitespace is trimmed (no Foundation needed).
enum WhitespaceSet { case whitespaces }
