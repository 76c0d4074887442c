/// Runs of keystroke changes that can be integrated as one: what typing or backspacing produces, one
/// change per keystroke.
///
/// Consecutive changes `c1 … cn` of one author form a group when each holds a single operation on the
/// same container, each starts its Lamport counters right after the one before, their dependencies on
/// other authors are identical, and either
///
/// - each is a text insert whose left origin is the previous change's last element and whose right
///   origin is the first change's: integrating `c1`'s insert places every later element directly after
///   the one before (YjsMod never scans past an item for an insert whose left origin is the item just
///   inserted), so the group is the run of their texts, integrated once with `c1`'s origins; or
/// - each is a delete: deleting their targets in order is what deleting them one change at a time does.
///
/// Every id the combined change names is in the causal past of the change that named it (same other
/// dependencies, this author's own earlier counters), so when the combined change applies, each change
/// alone would have, with the same outcome. When it does not, the changes go one at a time.
enum Combinable {
    /// The largest number of changes combined into one (bounds the work redone when a group fails).
    static let maxGroup = 512

    /// The end (exclusive) of the group that starts at `start`; `start + 1` when nothing combines.
    static func groupEnd(in changes: [Change], from start: Int) -> Int {
        let first = changes[start]
        guard first.operations.count == 1 else { return start + 1 }
        var end = start + 1
        var previous = first
        while end < changes.count, end - start < maxGroup {
            let next = changes[end]
            guard next.actor == first.actor, next.document == first.document, next.seq == previous.seq + 1,
                next.lamportStart == previous.lamportEnd + 1, next.operations.count == 1,
                continues(previous.operations[0], with: next.operations[0], first: first.operations[0], next: next),
                sameOtherDependencies(first, next)
            else { break }
            previous = next
            end += 1
        }
        return end
    }

    /// Whether `operation` (of `next`) continues the group that `head` started, after `last`.
    private static func continues(_ last: Operation, with operation: Operation, first head: Operation, next: Change)
        -> Bool
    {
        switch (head, operation) {
        case let (.insert(container, _, right, .text), .insert(nextContainer, nextLeft, nextRight, .text)):
            return nextContainer == container && nextRight == right
                && nextLeft == OpID(counter: next.lamportStart - 1, actor: next.actor)
        case let (.delete(container, _), .delete(nextContainer, _)):
            return nextContainer == container
        default:
            return false
        }
    }

    /// Whether the two changes' dependencies on authors other than their own are identical.
    private static func sameOtherDependencies(_ lhs: Change, _ rhs: Change) -> Bool {
        guard lhs.deps.count == rhs.deps.count else { return false }
        if lhs.deps.count == 1 { return true }  // only the author's own entry
        var same = true
        rhs.deps.forEachEntry { actor, seq in
            if actor != rhs.actor && lhs.deps[actor] != seq { same = false }
        }
        return same
    }

    /// The text a group of keystroke inserts typed, as scalars and as one string; `nil` if the group is
    /// not one.
    static func typedText(_ group: ArraySlice<Change>) -> (scalars: [Unicode.Scalar], text: String)? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(group.count)
        var text = ""
        for change in group {
            guard case .insert(_, _, _, .text(let piece)) = change.operations[0] else { return nil }
            scalars.append(contentsOf: piece.unicodeScalars)
            text += piece
        }
        return (scalars, text)
    }

    /// The one change that does what the group does, or `nil` if it cannot be built.
    static func combine(_ group: ArraySlice<Change>) -> Change? {
        guard let first = group.first, let last = group.last else { return nil }
        switch first.operations[0] {
        case let .insert(container, left, right, .text):
            var text = ""
            for change in group {
                guard case .insert(_, _, _, .text(let piece)) = change.operations[0] else { return nil }
                text += piece
            }
            return try? Change(
                actor: first.actor, seq: first.seq, lamportStart: first.lamportStart, deps: first.deps,
                document: first.document,
                operations: [.insert(container: container, originLeft: left, originRight: right, content: .text(text))])
        case let .delete(container, _):
            var targets: [IDRange] = []
            for change in group {
                guard case .delete(_, let more) = change.operations[0] else { return nil }
                targets.append(contentsOf: more)
            }
            // The last change's header: its causal past holds every earlier change's.
            return try? Change(
                actor: last.actor, seq: last.seq, lamportStart: last.lamportStart, deps: last.deps,
                document: last.document, operations: [.delete(container: container, targets: targets)])
        default:
            return nil
        }
    }
}
