internal import PlaceSync
internal import Synchronization

/// The note bodies this frontend recently served, by version tag, so a splice made against an older
/// body can be moved onto the current one (PlaceQI's `NoteSplice.rebased(from:onto:)`). Bounded:
/// a few versions per note, a few hundred notes; a splice whose base was forgotten gets 409 and the
/// editor rebases it itself.
final class NoteVersions: Sendable {
    private struct Entry {
        var versions: [(tag: String, text: String)] = []
        var used: UInt64 = 0
    }

    private let state = Mutex<(entries: [DocumentID: Entry], clock: UInt64)>(([:], 0))
    private let perNote: Int
    private let notes: Int

    init(perNote: Int = 32, notes: Int = 256) {
        self.perNote = perNote
        self.notes = notes
    }

    /// The tag of a body's text.
    static func tag(of text: String) -> String { ETag.of(Array(text.utf8)) }

    /// Remembers `text` as a version of `note`.
    func remember(_ text: String, for note: DocumentID) {
        let tag = Self.tag(of: text)
        state.withLock { state in
            state.clock += 1
            var entry = state.entries[note] ?? Entry()
            entry.used = state.clock
            if !entry.versions.contains(where: { $0.tag == tag }) {
                entry.versions.append((tag, text))
                if entry.versions.count > perNote { entry.versions.removeFirst(entry.versions.count - perNote) }
            }
            state.entries[note] = entry
            if state.entries.count > notes, let oldest = state.entries.min(by: { $0.value.used < $1.value.used }) {
                state.entries[oldest.key] = nil
            }
        }
    }

    /// The text of `note` with this tag, if remembered.
    func text(of note: DocumentID, tag: String) -> String? {
        state.withLock { $0.entries[note]?.versions.last(where: { $0.tag == tag })?.text }
    }
}
