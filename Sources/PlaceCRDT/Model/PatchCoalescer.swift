/// Collects patches in application order, merging each into the one before where applying the two in
/// turn is the same as applying the merged one: text typed on from where the last insert ended, and
/// deletes at one index (forward delete) or ending where the last began (backspace).
struct PatchCoalescer {
    private var patches: [Patch] = []
    /// The text of the last patch while it is an `insertText` being extended, kept apart (with its
    /// length in scalars, counted only once a following insert needs it: an insert followed by anything
    /// else, a replacement's delete for one, is never counted) so that extending it does not re-count
    /// the string.
    private var openText: OpenText?

    /// A struct, not a tuple: a tuple holding a `String` is copied and destroyed through its runtime
    /// metadata, several times slower.
    private struct OpenText {
        var container: ContainerID
        var index: Int
        var text: String
        var length: Int?
    }

    /// Makes room for `count` patches, so that a long stretch of changes does not regrow the array again
    /// and again.
    mutating func reserve(_ count: Int) {
        patches.reserveCapacity(count)
    }

    /// Adds the next patch.
    mutating func append(_ patch: consuming Patch) {
        if case let .insertText(index, text) = patch.action {
            // Taken out, not copied: the text is then uniquely held and grows in place.
            if var open = openText.take() {
                if open.container == patch.container {
                    let length = open.length ?? open.text.scalarCount
                    if index == open.index + length {
                        open.text += text
                        open.length = length + text.scalarCount
                        openText = consume open
                        return
                    }
                }
                patches.append(
                    Patch(container: open.container, action: .insertText(index: open.index, text: open.text)))
            }
            openText = OpenText(container: patch.container, index: index, text: text, length: nil)
            return
        }
        closeText()
        // The last patch is read where it lies: a copy of it would retain its text.
        if case let .delete(index, count) = patch.action, let last = patches.indices.last,
            case let .delete(lastIndex, lastCount) = patches[last].action, patches[last].container == patch.container
        {
            if index == lastIndex {
                patches[last].action = .delete(index: index, count: lastCount + count)
                return
            }
            if index + count == lastIndex {
                patches[last].action = .delete(index: index, count: lastCount + count)
                return
            }
        }
        patches.append(patch)
    }

    /// The merged patches.
    mutating func finish() -> [Patch] {
        closeText()
        return patches
    }

    private mutating func closeText() {
        guard let open = openText.take() else { return }
        patches.append(Patch(container: open.container, action: .insertText(index: open.index, text: open.text)))
    }
}
