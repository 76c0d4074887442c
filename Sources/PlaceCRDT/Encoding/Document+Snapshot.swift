internal import PlaceBinary

extension Document {
    /// The first bytes of every snapshot: "PSD" and the format version.
    public static let snapshotMagic: [UInt8] = [0x50, 0x53, 0x44]
    /// The snapshot format version this build writes and reads.
    public static let snapshotVersion: UInt8 = 1
    /// The most list or text elements, tombstones included, a snapshot may hold.
    public static let maxSnapshotElements = 1 << 22

    /// The document's state in its compact, canonical binary form (`Protocol/DOCUMENT-FORMAT.md`,
    /// "Snapshot"). Equal documents give byte-identical snapshots; loading one does not replay history.
    ///
    /// Deleted elements keep their ids and origins (needed to place concurrent inserts) but not their
    /// content.
    public func snapshot() -> [UInt8] {
        var referenced = Set<ActorID>()
        collectActors(into: &referenced)
        let actors = ActorTable(own: nil, referenced: referenced)
        var writer = ByteWriter(capacity: 256)
        writer.writeBytes(Self.snapshotMagic)
        writer.writeByte(Self.snapshotVersion)
        actors.write(to: &writer)
        let ids = containerIDs
        writer.writeVarint(ids.count)
        for id in ids {
            guard let kind = kinds[id] else { continue }
            actors.write(id, to: &writer)
            writer.writeByte(kind.rawValue)
            switch kind {
            case .map: writeMap(maps[id] ?? MapState(), to: &writer, actors: actors)
            case .counter: writer.writeSignedVarint(counters[id] ?? 0)
            case .text:
                writeRuns(texts[id] ?? SequenceState(), to: &writer, actors: actors) { elements, writer in
                    var text = String.UnicodeScalarView()
                    text.append(contentsOf: elements)
                    writer.writeString(String(text))
                }
            case .list:
                writeRuns(lists[id] ?? SequenceState(), to: &writer, actors: actors) { elements, writer in
                    for element in elements { element.write(to: &writer) }
                }
            }
        }
        return writer.bytes
    }

    private func collectActors(into actors: inout Set<ActorID>) {
        for id in kinds.keys where !id.isRoot { actors.insert(id.opID.actor) }
        for map in maps.values {
            for entries in map.entries.values {
                for entry in entries { actors.insert(entry.id.actor) }
            }
        }
        func collect<Element>(_ state: SequenceState<Element>) {
            for run in state.allRuns {
                actors.insert(state.actors[run.actor])
                if let left = run.originLeft { actors.insert(state.actors[left.actor]) }
                if let right = run.originRight { actors.insert(state.actors[right.actor]) }
            }
        }
        for text in texts.values { collect(text) }
        for list in lists.values { collect(list) }
    }

    private func writeMap(_ map: MapState, to writer: inout ByteWriter, actors: ActorTable) {
        let keys = map.entries.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        writer.writeVarint(keys.count)
        for key in keys {
            let entries = map.entries[key] ?? []
            writer.writeString(key)
            writer.writeVarint(entries.count)
            for entry in entries {
                actors.write(entry.id, to: &writer)
                entry.value.write(to: &writer)
            }
        }
    }

    /// Writes a sequence as maximal runs: elements with consecutive ids by one actor, each the left
    /// origin of the next, sharing a right origin and a deleted flag. Stored runs are merged where they
    /// qualify, so the output does not depend on how edits happened to split them.
    private func writeRuns<Element>(
        _ state: SequenceState<Element>, to writer: inout ByteWriter, actors: ActorTable,
        content: ([Element], inout ByteWriter) -> Void
    ) {
        // Maximal runs as (first stored run, element count, range of stored runs it covers).
        var merged: [(head: SequenceRun, count: Int, stored: Range<Int>)] = []
        let stored = Array(state.allRuns)
        for (index, run) in stored.enumerated() {
            if let last = merged.last, stored[index - 1].continues(into: run) {
                merged[merged.count - 1] = (last.head, last.count + run.count, last.stored.lowerBound..<(index + 1))
            } else {
                merged.append((run, run.count, index..<(index + 1)))
            }
        }
        writer.writeVarint(merged.count)
        var elements: [Element] = []
        for run in merged {
            actors.write(state.actors.opID(run.head.id), to: &writer)
            writer.writeVarint(run.count)
            writer.writeByte(run.head.isDeleted ? 1 : 0)
            actors.write(optional: run.head.originLeft.map { state.actors.opID($0) }, to: &writer)
            actors.write(optional: run.head.originRight.map { state.actors.opID($0) }, to: &writer)
            guard !run.head.isDeleted else { continue }
            elements.removeAll(keepingCapacity: true)
            for index in run.stored { elements.append(contentsOf: state.elements(of: stored[index])) }
            content(elements, &writer)
        }
    }
}
