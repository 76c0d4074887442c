import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// The patches a merged stretch reports are merged where they continue each other. Whatever is merged,
/// applying the merged patches must do exactly what applying the original ones in turn does.
@Suite struct PatchCoalescerTests {
    static let texts = [ContainerID(OpID(counter: 1, actor: .test(1))), ContainerID(OpID(counter: 2, actor: .test(1)))]
    static let counter = ContainerID(OpID(counter: 3, actor: .test(1)))

    /// Two texts and a counter, as plain values.
    struct Mirror: Equatable {
        var texts: [[Unicode.Scalar]] = [[], []]
        var counter: Int64 = 0

        mutating func apply(_ patch: Patch) {
            switch patch.action {
            case let .insertText(index, text):
                texts[PatchCoalescerTests.texts.firstIndex(of: patch.container)!]
                    .insert(contentsOf: text.unicodeScalars, at: index)
            case let .delete(index, count):
                texts[PatchCoalescerTests.texts.firstIndex(of: patch.container)!]
                    .removeSubrange(index..<(index + count))
            case .increment(let delta):
                counter += delta
            default:
                Issue.record("unexpected patch \(patch)")
            }
        }
    }

    /// A valid next patch for `mirror`: mostly typing on, backspacing and deleting forward where the
    /// last patch was, sometimes somewhere else, in the other text, or on the counter.
    static func nextPatch(
        for mirror: Mirror, after last: (text: Int, index: Int), random: inout SeededRandom
    ) -> Patch {
        if random.chance(5) { return Patch(container: counter, action: .increment(1)) }
        let text = random.chance(10) ? random.below(2) : last.text
        let length = mirror.texts[text].count
        var index = random.chance(70) ? min(last.index, length) : random.below(length + 1)
        let pieces = ["a", "bc", "é", "🙂x", "long text of several words"]
        if length == 0 || random.chance(55) {
            let piece = pieces[random.below(pieces.count)]
            return Patch(container: texts[text], action: .insertText(index: index, text: piece))
        }
        if index == length || (index > 0 && random.chance(50)) { index -= 1 }  // backspace
        let count = 1 + random.below(min(3, length - index))
        return Patch(container: texts[text], action: .delete(index: index, count: count))
    }

    @Test(arguments: 0..<20 as Range<UInt64>)
    func mergedPatchesDoWhatTheOriginalsDo(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var coalescer = PatchCoalescer()
        var original = Mirror()
        var last = (text: 0, index: 0)
        var count = 0
        for _ in 0..<400 {
            let patch = Self.nextPatch(for: original, after: last, random: &random)
            original.apply(patch)
            switch patch.action {
            case let .insertText(index, text):
                last = (Self.texts.firstIndex(of: patch.container)!, index + text.unicodeScalars.count)
            case .delete(let index, _):
                last = (Self.texts.firstIndex(of: patch.container)!, index)
            default:
                break
            }
            coalescer.append(patch)
            count += 1
        }
        let merged = coalescer.finish()
        var replayed = Mirror()
        for patch in merged { replayed.apply(patch) }
        #expect(replayed == original)
        // Typing on and backspacing where the last patch was: many of them merge.
        #expect(merged.count < count * 4 / 5)
    }

    @Test func typingOnAndBackspacingBecomeOnePatchEach() {
        var coalescer = PatchCoalescer()
        let text = Self.texts[0]
        for (offset, piece) in ["h", "é", "llo", " 🙂"].enumerated() {
            let index = [0, 1, 2, 5][offset]
            coalescer.append(Patch(container: text, action: .insertText(index: index, text: piece)))
        }
        for index in stride(from: 6, through: 4, by: -1) {
            coalescer.append(Patch(container: text, action: .delete(index: index, count: 1)))
        }
        // Forward delete at one index.
        coalescer.append(Patch(container: text, action: .delete(index: 1, count: 1)))
        coalescer.append(Patch(container: text, action: .delete(index: 1, count: 2)))
        // The same index in another container is not merged.
        coalescer.append(Patch(container: Self.texts[1], action: .delete(index: 1, count: 1)))
        #expect(
            coalescer.finish() == [
                Patch(container: text, action: .insertText(index: 0, text: "héllo 🙂")),
                Patch(container: text, action: .delete(index: 4, count: 3)),
                Patch(container: text, action: .delete(index: 1, count: 3)),
                Patch(container: Self.texts[1], action: .delete(index: 1, count: 1)),
            ])
    }
}
