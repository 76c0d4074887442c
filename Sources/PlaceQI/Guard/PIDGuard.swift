/// Looks for patient-identifiable data in text before it is written into a shared QI document: QI
/// work is about services, not patients, and a space is shared across a county.
///
/// What it catches:
/// - **NHS numbers**: ten digits (together, or grouped 3-3-4 with spaces or hyphens) whose last digit
///   is the modulus-11 check digit of the first nine (weights 10 down to 2; 11 − remainder, 11 → 0,
///   10 → never valid). Ten digits that fail the check are not caught (a phone number usually fails).
/// - **Dates of birth**: a date (`31/01/1950`, `31-01-1950`, `31.1.50`, `1950-01-31`, `31 January
///   1950`, `31 Jan 1950`) within 24 characters after "DOB", "D.O.B.", "date of birth", "birth date"
///   or "born".
/// - **Full UK postcodes** (`GL50 1AA`, `gl501aa`): an outward and an inward code; a district alone
///   (`GL50`) is not a person's address and is not caught.
/// - **Hospital or record numbers** given as such: "MRN", "hospital number", "patient ID" or "record
///   number" followed by a number of four digits or more.
///
/// A finding names the field and the position and never repeats the value in full.
public enum PIDGuard {
    /// Every finding in `text`, which is the value of `field`.
    public static func scan(_ text: String, field: String) -> [PIDFinding] {
        let scalars = Array(text.unicodeScalars)
        var findings: [PIDFinding] = []
        findings += nhsNumbers(in: scalars, field: field)
        findings += datesOfBirth(in: scalars, field: field)
        findings += postcodes(in: scalars, field: field)
        findings += recordNumbers(in: scalars, field: field)
        return findings.sorted { ($0.position, $0.kind.rawValue) < ($1.position, $1.kind.rawValue) }
    }

    /// Whether ten digits form a valid NHS number (the modulus-11 check).
    public static func isValidNHSNumber(_ digits: [Int]) -> Bool {
        guard digits.count == 10, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 0
        for index in 0..<9 { sum += digits[index] * (10 - index) }
        let check = 11 - sum % 11
        if check == 10 { return false }
        return (check == 11 ? 0 : check) == digits[9]
    }

    // MARK: NHS numbers

    private static func nhsNumbers(in text: [Unicode.Scalar], field: String) -> [PIDFinding] {
        var findings: [PIDFinding] = []
        var index = 0
        while index < text.count {
            guard isDigit(text[index]), index == 0 || !isDigit(text[index - 1]) else {
                index += 1
                continue
            }
            // Collect digits, allowing single spaces or hyphens between groups of 3, 3 and 4.
            var digits: [Int] = []
            var cursor = index
            var separators: [Int] = []
            while cursor < text.count, digits.count < 11 {
                if isDigit(text[cursor]) {
                    digits.append(Int(text[cursor].value) - 48)
                    cursor += 1
                } else if (text[cursor] == " " || text[cursor] == "-"), cursor + 1 < text.count,
                    isDigit(text[cursor + 1]), [3, 6].contains(digits.count)
                {
                    separators.append(digits.count)
                    cursor += 1
                } else {
                    break
                }
            }
            let grouped = separators.isEmpty || separators == [3, 6]
            if digits.count == 10, grouped, isValidNHSNumber(digits) {
                findings.append(PIDFinding(kind: .nhsNumber, field: field, position: index, masked: mask(digits)))
            }
            index = max(cursor, index + 1)
        }
        return findings
    }

    private static func mask(_ digits: [Int]) -> String {
        digits.prefix(3).map(String.init).joined() + " *** ****"
    }

    // MARK: Dates of birth

    private static let birthWords = ["dob", "d.o.b", "date of birth", "birth date", "birthdate", "born"]
    private static let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]

    private static func datesOfBirth(in text: [Unicode.Scalar], field: String) -> [PIDFinding] {
        let lower = asciiLowered(text)
        var findings: [PIDFinding] = []
        for word in birthWords {
            for end in occurrences(of: word, in: lower) {
                let window = Array(lower[end..<min(lower.count, end + 24 + 12)])
                if let offset = firstDate(in: window, within: 24) {
                    findings.append(
                        PIDFinding(
                            kind: .dateOfBirth, field: field, position: end + offset, masked: "a date after \"\(word)\""
                        ))
                }
            }
        }
        return findings
    }

    /// The offset of the first date starting within `limit` scalars of `window`.
    private static func firstDate(in window: [Unicode.Scalar], within limit: Int) -> Int? {
        var index = 0
        while index < min(limit, window.count) {
            if isDigit(window[index]), index == 0 || !isDigit(window[index - 1]),
                isDate(Array(window[index...]))
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Whether `text` starts with a date in one of the accepted forms.
    private static func isDate(_ text: [Unicode.Scalar]) -> Bool {
        var cursor = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var count = 0
            while cursor < text.count, count < maxDigits, isDigit(text[cursor]) {
                value = value * 10 + Int(text[cursor].value) - 48
                count += 1
                cursor += 1
            }
            return count == 0 ? nil : value
        }
        guard let first = number(maxDigits: 4) else { return false }
        guard cursor < text.count else { return false }
        let separator = text[cursor]
        if ["/", "-", "."].contains(separator) {
            cursor += 1
            guard let second = number(maxDigits: 2), cursor < text.count, text[cursor] == separator else {
                return false
            }
            cursor += 1
            guard let third = number(maxDigits: 4) else { return false }
            if first > 31 { return (1...12).contains(second) && (1...31).contains(third) }  // YYYY-MM-DD
            return (1...31).contains(first) && (1...12).contains(second) && third >= 0
        }
        if separator == " " {
            cursor += 1
            let letters = text[cursor...].prefix { $0.properties.isAlphabetic }
            let word = String(String.UnicodeScalarView(letters))
            guard word.count >= 3, months.contains(String(word.prefix(3))) else { return false }
            cursor += letters.count
            guard cursor < text.count, text[cursor] == " " else { return false }
            cursor += 1
            guard let year = number(maxDigits: 4) else { return false }
            return (1...31).contains(first) && year >= 0
        }
        return false
    }

    // MARK: Postcodes

    private static func postcodes(in text: [Unicode.Scalar], field: String) -> [PIDFinding] {
        var findings: [PIDFinding] = []
        var index = 0
        while index < text.count {
            if isLetter(text[index]), index == 0 || !isAlphanumeric(text[index - 1]),
                let length = postcodeLength(Array(text[index..<min(text.count, index + 9)])),
                index + length == text.count || !isAlphanumeric(text[index + length])
            {
                let outward = String(String.UnicodeScalarView(text[index..<index + 2])).uppercased()
                findings.append(PIDFinding(kind: .postcode, field: field, position: index, masked: outward + "** ***"))
                index += length
            } else {
                index += 1
            }
        }
        return findings
    }

    /// The length of a full postcode at the start of `text`: A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA,
    /// AA9A 9AA (the space optional).
    private static func postcodeLength(_ text: [Unicode.Scalar]) -> Int? {
        for outward in ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"] {
            for space in [true, false] {
                let pattern = Array(outward.unicodeScalars) + (space ? [" "] : []) + Array("9AA".unicodeScalars)
                guard text.count >= pattern.count else { continue }
                let fits = zip(pattern, text).allSatisfy { shape, scalar in
                    switch shape {
                    case "A": isLetter(scalar)
                    case "9": isDigit(scalar)
                    default: scalar == " "
                    }
                }
                if fits { return pattern.count }
            }
        }
        return nil
    }

    // MARK: Record numbers

    private static let recordWords = ["mrn", "hospital number", "hospital no", "patient id", "record number"]

    private static func recordNumbers(in text: [Unicode.Scalar], field: String) -> [PIDFinding] {
        let lower = asciiLowered(text)
        var findings: [PIDFinding] = []
        for word in recordWords {
            for end in occurrences(of: word, in: lower) {
                let after = lower[end..<min(lower.count, end + 16)]
                let skip = after.prefix { !isDigit($0) && !isLetter($0) }.count
                let digits = after.dropFirst(skip).prefix { isDigit($0) }.count
                if skip <= 4, digits >= 4 {
                    findings.append(
                        PIDFinding(
                            kind: .recordNumber, field: field, position: end + skip,
                            masked: "a number after \"\(word)\""))
                }
            }
        }
        return findings
    }

    /// Where each occurrence of `word` (lower case ASCII) ends in `text`, matched at word starts.
    private static func occurrences(of word: String, in text: [Unicode.Scalar]) -> [Int] {
        let pattern = Array(word.unicodeScalars)
        guard !pattern.isEmpty, text.count >= pattern.count else { return [] }
        var ends: [Int] = []
        for start in 0...(text.count - pattern.count)
        where (start == 0 || !isLetter(text[start - 1])) && Array(text[start..<start + pattern.count]) == pattern {
            ends.append(start + pattern.count)
        }
        return ends
    }

    /// `text` with ASCII capitals made small (positions unchanged).
    private static func asciiLowered(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32) ?? $0 : $0 }
    }

    // MARK: Characters

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { isDigit(scalar) || isLetter(scalar) }
}

/// One piece of text that looks like patient-identifiable data.
public struct PIDFinding: Hashable, Sendable, CustomStringConvertible {
    /// What it looks like.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case nhsNumber = "nhs-number"
        case dateOfBirth = "date-of-birth"
        case postcode
        case recordNumber = "record-number"
    }

    /// What it looks like.
    public var kind: Kind
    /// The field it is in.
    public var field: String
    /// Where it starts, in Unicode scalars from the start of the field's text.
    public var position: Int
    /// A hint that does not repeat the value (`943 *** ****`).
    public var masked: String

    public var description: String {
        "\(field), at character \(position + 1): what looks like \(kind.words) (\(masked))"
    }
}

extension PIDFinding.Kind {
    /// The kind in plain words.
    public var words: String {
        switch self {
        case .nhsNumber: "an NHS number"
        case .dateOfBirth: "a date of birth"
        case .postcode: "a full postcode"
        case .recordNumber: "a hospital or record number"
        }
    }
}
