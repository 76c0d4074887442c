import PlaceCRDT

/// A deliberately naive model of a text sequence — one flat array, positions found by linear search,
/// origins compared by array index — to check the optimised `SequenceState` against (issue 3 asks
/// for this; the tree-indexed implementation must keep agreeing with it).
struct ReferenceSequence {
    struct Item {
        var id: OpID
        var left: OpID?
        var right: OpID?
        var deleted: Bool
        var scalar: Unicode.Scalar
    }

    var items: [Item] = []

    var text: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: items.filter { !$0.deleted }.map(\.scalar))
        return String(view)
    }

    func index(of id: OpID?) -> Int? {
        guard let id else { return nil }
        return items.firstIndex { $0.id == id }
    }

    /// Applies one operation of a change (only text inserts and deletes into `container`).
    mutating func apply(_ operation: Operation, id: OpID, container: ContainerID) {
        switch operation {
        case .insert(let insert) where insert.container == container:
            guard case .text(let text) = insert.content else { return }
            let (left, right) = (insert.originLeft, insert.originRight)
            integrate(Array(text.unicodeScalars), first: id, left: left, right: right)
        case let .delete(target, ranges) where target == container:
            for index in items.indices where ranges.contains(where: { $0.contains(items[index].id) }) {
                items[index].deleted = true
            }
        default:
            break
        }
    }

    /// YjsMod / FugueMax, written with array indices.
    mutating func integrate(_ scalars: [Unicode.Scalar], first: OpID, left: OpID?, right: OpID?) {
        let leftIndex = index(of: left) ?? -1
        let rightIndex = index(of: right) ?? items.count
        var position = leftIndex + 1
        var scanning = false
        var scanStart = position
        while position < rightIndex {
            let other = items[position]
            let otherLeft = index(of: other.left) ?? -1
            if otherLeft < leftIndex { break }
            if otherLeft == leftIndex {
                let otherRight = index(of: other.right) ?? items.count
                if otherRight == rightIndex {
                    if (first.actor, first.counter) < (other.id.actor, other.id.counter) { break }
                    scanning = false
                } else if otherRight < rightIndex {
                    if !scanning {
                        scanning = true
                        scanStart = position
                    }
                } else {
                    scanning = false
                }
            }
            position += 1
        }
        if scanning { position = scanStart }
        var previous = left
        var run: [Item] = []
        for (offset, scalar) in scalars.enumerated() {
            let id = OpID(counter: first.counter + UInt64(offset), actor: first.actor)
            run.append(Item(id: id, left: previous, right: right, deleted: false, scalar: scalar))
            previous = id
        }
        items.insert(contentsOf: run, at: position)
    }

    /// Applies every operation of `change`.
    mutating func apply(_ change: Change, container: ContainerID) {
        var counter = change.lamportStart
        for operation in change.operations {
            apply(operation, id: OpID(counter: counter, actor: change.actor), container: container)
            counter += operation.width
        }
    }
}
