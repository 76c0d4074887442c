import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// Id lookups look first where the last edits were (the hint, and the hint before it). Those cursors
/// are only guesses: runs removed after they were taken (merged tombstones, an undone insert) can
/// leave them pointing past the end of a chunk's runs, and a lookup must then look elsewhere, never
/// trap.
@Suite struct SequenceHintTests {
    @Test func aLookupNearAHintPastTheEndOfItsChunkLooksElsewhere() {
        var actors = SequenceActors()
        let author = actors.intern(.test(1))
        // Three runs of two elements each, by one author, not continuing each other (so not merged).
        let runs = (0..<3).map { index in
            SequenceRun(
                id: CompactID(counter: UInt64(10 * index + 1), actor: author), originLeft: nil, originRight: nil,
                isDeleted: false, contentStart: 2 * index, count: 2)
        }
        let content = Array("abcdef".unicodeScalars)
        for stale in [4, 5, 9, 64, 1_000] {
            var state = SequenceState(runs: runs, content: content, actors: actors)
            state.hint = SequenceCursor(chunk: 0, run: stale, offset: 0)
            state.previousHint = SequenceCursor(chunk: 0, run: stale + 1, offset: 1)
            let found = state.locateNearHint(CompactID(counter: 22, actor: author))
            #expect(found == SequenceCursor(chunk: 0, run: 2, offset: 1), "hint at run \(stale)")
            #expect(state.locateNearHint(CompactID(counter: 3, actor: author)) == nil)
        }
    }

    /// A delete's next piece is looked for where the last piece ended and past the tombstones there,
    /// since the visible index there is known; anything past a visible element, or further than the
    /// limit, is left to the full lookup.
    @Test func aLookupPastTombstonesFindsOnlyWhatHasTheSameVisibleIndex() {
        var actors = SequenceActors()
        let author = actors.intern(.test(1))
        // Runs of two elements, counters 1, 11, 21, …: visible, deleted, deleted, visible, visible, then
        // ten deleted runs and a visible one.
        let deleted = [false, true, true, false, false] + Array(repeating: true, count: 10) + [false]
        let runs = deleted.enumerated().map { index, isDeleted in
            SequenceRun(
                id: CompactID(counter: UInt64(10 * index + 1), actor: author), originLeft: nil, originRight: nil,
                isDeleted: isDeleted, contentStart: 2 * index, count: 2)
        }
        let content = Array(repeating: Unicode.Scalar("x"), count: 2 * runs.count)
        let state = SequenceState(runs: runs, content: content, actors: actors)
        func cursor(run: Int, offset: Int) -> SequenceCursor? {
            var position = SequenceCursor(chunk: 0, run: run, offset: offset)
            state.normalize(&position)
            return position
        }
        func find(_ counter: UInt64, from run: Int, _ offset: Int) -> SequenceCursor? {
            let start = cursor(run: run, offset: offset) ?? SequenceCursor(chunk: 0, run: 0, offset: 0)
            return state.locate(CompactID(counter: counter, actor: author), pastTombstonesFrom: start)
        }
        // At the cursor itself.
        #expect(find(2, from: 0, 1) == cursor(run: 0, offset: 1))
        // In the tombstones after it, at any offset, and first in the visible run after them.
        #expect(find(12, from: 1, 0) == cursor(run: 1, offset: 1))
        #expect(find(22, from: 1, 0) == cursor(run: 2, offset: 1))
        #expect(find(31, from: 1, 0) == cursor(run: 3, offset: 0))
        // Not past a visible element: the second element of a visible run, or a later visible run.
        #expect(find(32, from: 1, 0) == nil)
        #expect(find(41, from: 1, 0) == nil)
        #expect(find(2, from: 0, 0) == nil)
        // Not before the cursor, nor further than the limit (eight runs).
        #expect(find(11, from: 1, 1) == nil)
        #expect(find(101, from: 5, 0) == cursor(run: 10, offset: 0))
        #expect(find(151, from: 5, 0) == nil)
        // Not past the end.
        #expect(find(999, from: runs.count, 0) == nil)
    }

    /// The release-bar fuzz seed that first reached a stale hint: it must converge like every other.
    @Test func theFuzzSeedThatReachedAStaleHintConverges() throws {
        var fuzzer = ConvergenceFuzzer(seed: 10_773, replicas: 5, steps: 200)
        try fuzzer.run()
    }
}
