public import PlaceCRDT

/// Random valid edits of every kind, for fuzzers and property tests.
public enum RandomEdit {
    static let keys = ["a", "b", "c", "d"]
    static let words = ["x", "hi", "QI", "café", "🙂", "PDSA", "\n", "ab"]

    /// Applies one random edit to a random container of the transaction's document (deleted containers
    /// included, so edits race with deletes of the containers they are in).
    public static func apply(to tx: inout Transaction, random: inout SeededRandom) throws {
        let containers = tx.document.containerIDs
        let container = containers[random.below(containers.count)]
        guard let kind = tx.document.kind(of: container) else { return }
        switch kind {
        case .map:
            let key = keys[random.below(keys.count)]
            let roll = random.below(100)
            if roll < 15 {
                try tx.removeKey(key, in: container)
            } else if roll < 40 {
                let kinds = ContainerKind.allCases
                try tx.makeContainer(kinds[random.below(kinds.count)], at: key, in: container)
            } else {
                try tx.set(key, randomScalar(&random), in: container)
            }
        case .text:
            let length = tx.document.count(of: container) ?? 0
            if length > 0 && random.chance(35) {
                let start = random.below(length)
                try tx.delete(at: start, count: 1 + random.below(min(4, length - start)), in: container)
            } else {
                try tx.insertText(words[random.below(words.count)], at: random.below(length + 1), in: container)
            }
        case .list:
            let length = tx.document.count(of: container) ?? 0
            let roll = random.below(100)
            if length > 0 && roll < 30 {
                let start = random.below(length)
                try tx.delete(at: start, count: 1 + random.below(min(3, length - start)), in: container)
            } else if roll < 50 {
                let kinds = ContainerKind.allCases
                try tx.insertContainer(kinds[random.below(kinds.count)], at: random.below(length + 1), in: container)
            } else {
                try tx.insert(
                    (0...random.below(2)).map { _ in randomScalar(&random) }, at: random.below(length + 1),
                    in: container)
            }
        case .counter:
            try tx.increment(container, by: Int64(random.below(21)) - 10)
        }
    }

    static func randomScalar(_ random: inout SeededRandom) -> ScalarValue {
        switch random.below(5) {
        case 0: .null
        case 1: .bool(random.chance(50))
        case 2: .int(Int64(random.below(2000)) - 1000)
        case 3: .double(Double(random.below(1000)) / 8)
        default: .string(words[random.below(words.count)])
        }
    }
}
