import Testing

@testable import PlaceQI

/// The guard against patient-identifiable data in QI text.
@Suite struct PIDGuardTests {
    /// A valid NHS number from nine digits (nil when the check digit would be 10: no valid number).
    static func nhsNumber(_ nine: [Int]) -> [Int]? {
        var sum = 0
        for (index, digit) in nine.enumerated() { sum += digit * (10 - index) }
        let check = 11 - sum % 11
        if check == 10 { return nil }
        return nine + [check == 11 ? 0 : check]
    }

    static func format(_ digits: [Int], style: Int) -> String {
        let text = digits.map(String.init).joined()
        switch style {
        case 0: return text
        case 1:
            return String(text.prefix(3)) + " " + String(text.dropFirst(3).prefix(3)) + " " + String(text.suffix(4))
        default:
            return String(text.prefix(3)) + "-" + String(text.dropFirst(3).prefix(3)) + "-" + String(text.suffix(4))
        }
    }

    @Test func aThousandValidNHSNumbersAreCaughtAndTheirNeighboursWithWrongCheckDigitsAreNot() {
        var generator = SplitMix(seed: 20_261_206)
        var caught = 0
        var tried = 0
        while tried < 1_000 {
            let nine = (0..<9).map { _ in Int.random(in: 0...9, using: &generator) }
            guard let valid = Self.nhsNumber(nine) else { continue }
            tried += 1
            let style = tried % 3
            let text = "Seen in clinic, ref \(Self.format(valid, style: style)), follow-up booked."
            let findings = PIDGuard.scan(text, field: "aim")
            if findings.contains(where: { $0.kind == .nhsNumber && $0.position == 20 }) { caught += 1 }
            // Never the number in full in what is reported.
            #expect(!findings.map(\.description).joined().contains(valid.map(String.init).joined()))
            // Every other last digit fails the check.
            for wrong in 0...9 where wrong != valid[9] {
                let invalid = Array(valid.prefix(9)) + [wrong]
                #expect(!PIDGuard.isValidNHSNumber(invalid))
                let other = PIDGuard.scan("ref \(Self.format(invalid, style: style))", field: "aim")
                #expect(!other.contains { $0.kind == .nhsNumber })
            }
        }
        #expect(caught == 1_000)
    }

    @Test func theCheckDigitFollowsModulus11() {
        // 943 476 5919: 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2;
        // 11 − 2 = 9, the last digit.
        #expect(PIDGuard.isValidNHSNumber([9, 4, 3, 4, 7, 6, 5, 9, 1, 9]))
        #expect(!PIDGuard.isValidNHSNumber([9, 4, 3, 4, 7, 6, 5, 9, 1, 8]))
        // Eleven digits, or ten inside a longer number, are not an NHS number.
        #expect(PIDGuard.scan("94347659191", field: "x").isEmpty)
        #expect(PIDGuard.scan("tel 019434765919", field: "x").isEmpty)
        // Grouped other than 3-3-4 is not either.
        #expect(PIDGuard.scan("9434 765 919", field: "x").isEmpty)
    }

    @Test func datesOfBirthNextToTheirWordsAreCaughtAndOtherDatesAreNot() {
        for text in [
            "DOB 31/01/1950", "d.o.b.: 1.2.50", "Date of birth 1950-01-31", "born 31 January 1950",
            "Born on 3 Mar 1948, lives alone",
        ] {
            #expect(PIDGuard.scan(text, field: "note").contains { $0.kind == .dateOfBirth }, "\(text)")
        }
        for text in ["Review on 31/01/2026", "PDSA started 2026-03-01", "born out of a team meeting"] {
            #expect(!PIDGuard.scan(text, field: "note").contains { $0.kind == .dateOfBirth }, "\(text)")
        }
    }

    @Test func fullPostcodesAreCaughtAndDistrictsAreNot() {
        for text in ["lives at GL50 1AA", "gl501aa", "SW1A 1AA.", "M1 1AE", "B33 8TH"] {
            #expect(PIDGuard.scan(text, field: "note").contains { $0.kind == .postcode }, "\(text)")
        }
        for text in ["practices in GL50 and GL51", "PDSA 1A", "A1 road"] {
            #expect(!PIDGuard.scan(text, field: "note").contains { $0.kind == .postcode }, "\(text)")
        }
        let finding = PIDGuard.scan("at GL50 1AA", field: "note").first
        #expect(finding?.position == 3 && finding?.masked == "GL** ***")
    }

    @Test func recordNumbersGivenAsSuchAreCaught() {
        #expect(PIDGuard.scan("MRN: 1234567", field: "note").contains { $0.kind == .recordNumber })
        #expect(PIDGuard.scan("hospital number 00456712", field: "note").contains { $0.kind == .recordNumber })
        #expect(PIDGuard.scan("MRN review in 12 weeks", field: "note").isEmpty)
    }
}
