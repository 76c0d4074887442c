/// Collects patches in application order, merging each into the one before where applying the two in
/// turn is the same as applying the merged one: text typed on from where the last insert ended, and
/// deletes at one index (forward delete) or ending where the last began (backspace).
struct PatchCoalescer {
    private var patches: [Patch] = []
    /// Whether the last patch is an `insertText` that may still be extended: then it is held in the
    /// `open…` fields, not in `patches`, so that its text is uniquely held and grows in place. Plain
    /// fields, not an optional struct: taking one out and putting it back copied and destroyed it for
    /// every patch.
    private var isOpen = false
    private var openContainer = ContainerID.root
    private var openIndex = 0
    private var openText = ""
    /// The open text's length in scalars, counted only once a following insert needs it (an insert
    /// followed by anything else, a replacement's delete for one, is never counted); -1 until then.
    private var openLength = -1

    /// Makes room for `count` patches, so that a long stretch of changes does not regrow the array again
    /// and again.
    mutating func reserve(_ count: Int) {
        patches.reserveCapacity(count)
    }

    /// Adds the next patch.
    mutating func append(_ patch: consuming Patch) {
        let container = patch.container
        let action = patch.action
        switch consume action {
        case .insertText(let index, let text):
            if isOpen && openContainer == container {
                if openLength < 0 { openLength = openText.scalarCount }
                if index == openIndex + openLength {
                    openText += text
                    openLength += text.scalarCount
                    return
                }
            }
            closeText()
            isOpen = true
            openContainer = container
            openIndex = index
            openText = text
            openLength = -1
        case .delete(let index, let count):
            closeText()
            // The last patch is read where it lies: a copy of it would retain its text.
            if let last = patches.indices.last, case let .delete(lastIndex, lastCount) = patches[last].action,
                patches[last].container == container, index == lastIndex || index + count == lastIndex
            {
                patches[last].action = .delete(index: index, count: lastCount + count)
                return
            }
            patches.append(Patch(container: container, action: .delete(index: index, count: count)))
        case let other:
            closeText()
            patches.append(Patch(container: container, action: other))
        }
    }

    /// The merged patches.
    mutating func finish() -> [Patch] {
        closeText()
        return patches
    }

    /// Moves the open insert, if any, to `patches`.
    private mutating func closeText() {
        guard isOpen else { return }
        isOpen = false
        var text = ""
        swap(&text, &openText)
        patches.append(Patch(container: openContainer, action: .insertText(index: openIndex, text: text)))
    }
}
