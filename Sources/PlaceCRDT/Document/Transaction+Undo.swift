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
            maps.withValue(forKey: container) { $0.setEntries(key, entries) }
        case .removeContainer(let id):
            kinds.removeValue(forKey: id)
            maps.removeValue(forKey: id)
            lists.removeValue(forKey: id)
            texts.removeValue(forKey: id)
            counters.removeValue(forKey: id)
            parents.removeValue(forKey: id)
        case let .removeInserted(container, kind, first, count):
            if kind == .text {
                texts.withValue(forKey: container) { $0.removeItems(first: first, count: count) }
            } else {
                lists.withValue(forKey: container) { $0.removeItems(first: first, count: count) }
            }
        case let .undelete(container, kind, targets):
            if kind == .text {
                texts.withValue(forKey: container) { $0.undelete(targets) }
            } else {
                lists.withValue(forKey: container) { $0.undelete(targets) }
            }
        case let .decrement(container, delta):
            counters.withValue(forKey: container) { $0 &-= delta }
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
    /// Removes `count` elements with consecutive ids from `first` (undo of an insert; rare).
    mutating func removeItems(first: OpID, count: Int) {
        var removed = 0
        while removed < count {
            let id = OpID(counter: first.counter + UInt64(removed), actor: first.actor)
            guard let compact = actors.compact(id), let cursor = locate(compact) else { return }
            var run = chunks[cursor.chunk].runs[cursor.run]
            let take = min(count - removed, run.count - cursor.offset)
            let visible = run.isDeleted ? 0 : take
            if take == run.count {
                chunks[cursor.chunk].runs.remove(at: cursor.run)
            } else if cursor.offset == 0 {
                run.dropFirst(take)
                chunks[cursor.chunk].runs[cursor.run] = run
            } else if cursor.offset + take == run.count {
                chunks[cursor.chunk].runs[cursor.run].count -= take
            } else {
                var tail = chunks[cursor.chunk].runs[cursor.run].split(at: cursor.offset)
                tail.dropFirst(take)
                chunks[cursor.chunk].runs.insert(tail, at: cursor.run + 1)
            }
            chunks[cursor.chunk].totalCount -= take
            chunks[cursor.chunk].visibleCount -= visible
            visibleTree.add(-visible, at: cursor.chunk)
            totalCount -= take
            visibleCount -= visible
            // After the counts: a split recomputes both halves' counts from their runs.
            splitChunkIfNeeded(cursor.chunk)
            if cursor.chunk < chunks.count && chunks[cursor.chunk].runs.isEmpty {
                chunkIndices[chunks[cursor.chunk].stableID] = -1
                chunks.remove(at: cursor.chunk)
                renumberChunks(from: cursor.chunk)
                rebuildVisibleTree(from: cursor.chunk)
            }
            removed += take
        }
        hint = SequenceCursor(chunk: 0, run: 0, offset: 0)
        previousHint = hint
    }

    /// Marks the elements named by `targets` visible again (undo of a delete).
    mutating func undelete(_ targets: [IDRange]) {
        for target in targets {
            var done: UInt64 = 0
            while done < target.count {
                let id = OpID(counter: target.start.counter + done, actor: target.start.actor)
                guard let compact = actors.compact(id), var cursor = locate(compact) else { return }
                let run = chunks[cursor.chunk].runs[cursor.run]
                let take = min(Int(target.count - done), run.count - cursor.offset)
                if run.isDeleted {
                    cursor = splitRun(at: cursor)
                    if take < chunks[cursor.chunk].runs[cursor.run].count {
                        splitRun(at: SequenceCursor(chunk: cursor.chunk, run: cursor.run, offset: take))
                    }
                    chunks[cursor.chunk].runs[cursor.run].isDeleted = false
                    chunks[cursor.chunk].visibleCount += take
                    visibleTree.add(take, at: cursor.chunk)
                    visibleCount += take
                    splitChunkIfNeeded(cursor.chunk)
                }
                done += UInt64(take)
            }
        }
        hint = SequenceCursor(chunk: 0, run: 0, offset: 0)
        previousHint = hint
    }
}
