/// How to take back one local edit. A failed transaction applies its steps in reverse, so the document
/// is restored without having been copied up front (a copy-on-write copy per transaction cost more
/// than the edit itself on long texts).
enum UndoStep {
    /// Put back what a map key held before (`nil`: the key had no value).
    case restoreMapKey(container: ContainerID, key: String, entries: [MapEntry]?)
    /// Forget a container the transaction created.
    case removeContainer(ContainerID)
    /// Remove the elements an insert added: `count` consecutive ids from `first`, adjacent in the sequence.
    case removeInserted(container: ContainerID, kind: ContainerKind, first: OpID, count: Int)
    /// Make visible again the elements a delete hid.
    case undelete(container: ContainerID, kind: ContainerKind, targets: [IDRange])
    /// Take back an increment.
    case decrement(container: ContainerID, delta: Int64)
}

extension Document {
    /// Applies one undo step (in the reverse order of the edits).
    mutating func undo(_ step: UndoStep) {
        switch step {
        case let .restoreMapKey(container, key, entries):
            maps[container]?.setEntries(key, entries)
        case .removeContainer(let id):
            kinds[id] = nil
            maps[id] = nil
            lists[id] = nil
            texts[id] = nil
            counters[id] = nil
            parents[id] = nil
        case let .removeInserted(container, kind, first, count):
            if kind == .text {
                texts[container]?.removeItems(first: first, count: count)
            } else {
                lists[container]?.removeItems(first: first, count: count)
            }
        case let .undelete(container, kind, targets):
            if kind == .text {
                texts[container]?.undelete(targets)
            } else {
                lists[container]?.undelete(targets)
            }
        case let .decrement(container, delta):
            counters[container] = (counters[container] ?? 0) &- delta
        }
    }
}

extension MapState {
    /// Replaces the entries of `key` wholesale (undo only).
    mutating func setEntries(_ key: String, _ list: [MapEntry]?) {
        var entries = self.entries
        entries[key] = list
        self = MapState(entries: entries)
    }
}

extension SequenceState {
    /// Removes `count` adjacent items starting with id `first` (undo of a local insert; linear, rare).
    mutating func removeItems(first: OpID, count: Int) {
        guard var cursor = locate(first) else { return }
        var removed = 0
        while removed < count, cursor.chunk < chunks.count, cursor.offset < chunks[cursor.chunk].items.count {
            let item = chunks[cursor.chunk].items.remove(at: cursor.offset)
            totalCount -= 1
            if !item.isDeleted {
                chunks[cursor.chunk].visibleCount -= 1
                visibleCount -= 1
            }
            removed += 1
            if chunks[cursor.chunk].items.isEmpty {
                chunks.remove(at: cursor.chunk)
                cursor = SequenceCursor(chunk: cursor.chunk, offset: 0)
            } else if cursor.offset == chunks[cursor.chunk].items.count {
                cursor = SequenceCursor(chunk: cursor.chunk + 1, offset: 0)
            }
        }
    }

    /// Marks the items named by `targets` visible again (undo of a local delete).
    mutating func undelete(_ targets: [IDRange]) {
        for chunkIndex in chunks.indices {
            for offset in chunks[chunkIndex].items.indices where chunks[chunkIndex].items[offset].isDeleted {
                let id = chunks[chunkIndex].items[offset].id
                guard targets.contains(where: { $0.contains(id) }) else { continue }
                chunks[chunkIndex].items[offset].isDeleted = false
                chunks[chunkIndex].visibleCount += 1
                visibleCount += 1
            }
        }
    }
}
