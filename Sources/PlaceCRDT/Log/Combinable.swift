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
    /// Reads the changes in place (no copies: this runs once per received change).
    static func groupEnd(in changes: UnsafeBufferPointer<Change>, from start: Int) -> Int {
        guard changes[start].operations.count == 1 else { return start + 1 }
        let isTyping: Bool
        let container: ContainerID
        var right: OpID?
        switch changes[start].operations[0] {
        case .insert(let insert):
            guard case .text = insert.content else { return start + 1 }
            isTyping = true
            container = insert.container
            right = insert.originRight
        case let .delete(deleteContainer, _):
            isTyping = false
            container = deleteContainer
        default:
            return start + 1
        }
        let actor = changes[start].actor
        let document = changes[start].document
        let otherDependencies = changes[start].deps.count - 1
        var end = start + 1
        while end < changes.count, end - start < maxGroup {
            let previous = end - 1
            guard changes[end].actor == actor, changes[end].seq == changes[previous].seq + 1,
                changes[end].lamportStart == changes[previous].lamportEnd + 1, changes[end].document == document,
                changes[end].operations.count == 1
            else { break }
            if isTyping {
                guard case .insert(let next) = changes[end].operations[0], case .text = next.content,
                    next.container == container, next.originRight == right,
                    next.originLeft == OpID(counter: changes[end].lamportStart - 1, actor: actor)
                else { break }
            } else {
                guard case let .delete(nextContainer, _) = changes[end].operations[0], nextContainer == container
                else { break }
            }
            guard changes[end].deps.count - 1 == otherDependencies,
                otherDependencies == 0 || changes[start].deps.equalsIgnoring(actor, changes[end].deps)
            else { break }
            end += 1
        }
        return end
    }

    /// The text a group of keystroke inserts typed, appended to `utf8`; `false` if the group is not one.
    static func typedText(_ changes: UnsafeBufferPointer<Change>, _ group: Range<Int>, utf8: inout [UInt8]) -> Bool {
        for index in group {
            // A keystroke: its byte, without binding its string.
            let byte = changes[index].operations[0].singleASCIIByte
            if byte != 0 {
                utf8.append(byte)
                continue
            }
            guard let piece = changes[index].operations[0].insertedText else { return false }
            if piece.utf8.withContiguousStorageIfAvailable({ utf8.append(contentsOf: $0) }) == nil {
                utf8.append(contentsOf: piece.utf8)
            }
        }
        return true
    }

    /// The container and targets of the one delete that does what the group of deletes does, or `nil`
    /// if the group is not one. Targets that continue each other (deleting forward, or backspacing)
    /// become one range.
    static func combinedDelete(
        _ changes: UnsafeBufferPointer<Change>, _ group: Range<Int>
    ) -> (container: ContainerID, targets: [IDRange])? {
        guard case let .delete(container, _) = changes[group.lowerBound].operations[0] else { return nil }
        var targets: [IDRange] = []
        // Backspacing or deleting forward makes one range, a few at most otherwise: room for them at
        // once (growing one element at a time allocated again and again).
        targets.reserveCapacity(4)
        for index in group {
            guard case .delete(_, let more) = changes[index].operations[0] else { return nil }
            for target in more {
                if let last = targets.last, last.start.actor == target.start.actor {
                    if last.start.counter + last.count == target.start.counter {
                        targets[targets.count - 1].count += target.count
                        continue
                    }
                    if target.start.counter + target.count == last.start.counter {
                        targets[targets.count - 1] = IDRange(start: target.start, count: last.count + target.count)
                        continue
                    }
                }
                targets.append(target)
            }
        }
        return (container, targets)
    }
}
