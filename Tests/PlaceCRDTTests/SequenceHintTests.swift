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

    /// The release-bar fuzz seed that first reached a stale hint: it must converge like every other.
    @Test func theFuzzSeedThatReachedAStaleHintConverges() throws {
        var fuzzer = ConvergenceFuzzer(seed: 10_773, replicas: 5, steps: 200)
        try fuzzer.run()
    }
}
