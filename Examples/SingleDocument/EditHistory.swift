import PlaceCRDT

/// An editor's undo and redo for one text container of a collaborative document.
///
/// Undo in a shared document takes back *this* user's edit, not whatever happened last: each entry
/// remembers where its text is, and that place moves as other edits land — the user's own later edits
/// and the patches ``ChangeLog/receive(_:)-([Change])`` reports for remote ones. Undoing an insert deletes
/// the scalars it inserted (those a peer has deleted meanwhile are already gone); undoing a delete
/// inserts the deleted text again where it was. Either way the undo is a new change that peers merge
/// like any other edit.
///
/// Positions count Unicode scalars, as PlaceCRDT's text does.
struct EditHistory {
    /// One local edit, where its text is now.
    enum Edit: Equatable {
        /// `text` was inserted and now starts at `at`.
        case inserted(at: Int, text: [Unicode.Scalar])
        /// `text` was deleted from where `at` now is.
        case deleted(at: Int, text: [Unicode.Scalar])

        /// The edit that takes this one back.
        var inverse: Edit {
            switch self {
            case .inserted(let at, let text): .deleted(at: at, text: text)
            case .deleted(let at, let text): .inserted(at: at, text: text)
            }
        }
    }

    let container: ContainerID
    private(set) var undoStack: [Edit] = []
    private(set) var redoStack: [Edit] = []

    init(container: ContainerID) { self.container = container }

    /// Records a local edit the user made (a new edit makes redo impossible, as in any editor).
    mutating func record(_ edit: Edit) {
        map(through: edit.patchAction)
        undoStack.append(edit)
        redoStack = []
    }

    /// Moves every entry past patches of other edits (a peer's, as ``ReceiveOutcome`` reports them).
    mutating func map(through patches: [Patch]) {
        for patch in patches where patch.container == container { map(through: patch.action) }
    }

    /// Takes the last edit off the undo stack: the caller applies what it returns and gives it to
    /// ``didApply(_:undoing:)``. `nil`: nothing left to undo.
    mutating func popUndo() -> Edit? { undoStack.popLast()?.inverse }

    /// Takes the last undone edit off the redo stack (see ``popUndo()``).
    mutating func popRedo() -> Edit? { redoStack.popLast()?.inverse }

    /// Records that `edit`, from ``popUndo()`` (`undoing: true`) or ``popRedo()``, was applied.
    mutating func didApply(_ edit: Edit, undoing: Bool) {
        map(through: edit.patchAction)
        if undoing { redoStack.append(edit) } else { undoStack.append(edit) }
    }

    private mutating func map(through action: Patch.Action) {
        undoStack = undoStack.compactMap { $0.mapped(through: action) }
        redoStack = redoStack.compactMap { $0.mapped(through: action) }
    }
}

extension EditHistory.Edit {
    /// What this edit does to the text, as a patch would say it.
    var patchAction: Patch.Action {
        switch self {
        case .inserted(let at, let text): .insertText(index: at, text: String(String.UnicodeScalarView(text)))
        case .deleted(let at, let text): .delete(index: at, count: text.count)
        }
    }

    /// This entry after `action` happened to the text; `nil` when nothing of it is left to take back.
    func mapped(through action: Patch.Action) -> Self? {
        switch (self, action) {
        case (.inserted(let at, let text), .insertText(let index, let inserted)):
            let count = inserted.unicodeScalars.count
            if index <= at { return .inserted(at: at + count, text: text) }
            // Typed into the middle of this insert: its two halves are no longer one run. Keep the first
            // half (a real editor would keep both as one step).
            if index < at + text.count { return .inserted(at: at, text: Array(text[..<(index - at)])) }
            return self
        case (.inserted(let at, let text), .delete(let index, let count)):
            let end = at + text.count
            let deletedEnd = index + count
            if deletedEnd <= at { return .inserted(at: at - count, text: text) }
            if index >= end { return self }
            // Some of the inserted scalars were deleted: keep those that are left.
            let keptBefore = Array(text[..<max(0, index - at)])
            let keptAfter = Array(text[min(text.count, deletedEnd - at)...])
            let left = keptBefore + keptAfter
            return left.isEmpty ? nil : .inserted(at: min(at, index), text: left)
        case (.deleted(let at, let text), .insertText(let index, let inserted)):
            return index < at ? .deleted(at: at + inserted.unicodeScalars.count, text: text) : self
        case (.deleted(let at, let text), .delete(let index, let count)):
            if index + count <= at { return .deleted(at: at - count, text: text) }
            if index < at { return .deleted(at: index, text: text) }
            return self
        default:
            return self
        }
    }
}
