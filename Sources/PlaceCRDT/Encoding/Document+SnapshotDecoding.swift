internal import PlaceBinary

extension Document {
    /// Loads a document from ``snapshot()`` bytes, without replaying any history.
    ///
    /// - Throws: ``CRDTError`` — `.unsupportedVersion` for another format version, `.limitExceeded` beyond
    ///   ``CRDTLimits/maxSnapshotBytes`` or ``maxSnapshotElements``, `.malformedEncoding` for anything
    ///   truncated, corrupt, inconsistent or not canonical. Never traps on bad input.
    public init(snapshot bytes: [UInt8]) throws(CRDTError) {
        guard bytes.count <= CRDTLimits.maxSnapshotBytes else {
            throw CRDTError(
                .limitExceeded, "snapshot is \(bytes.count) bytes; the limit is \(CRDTLimits.maxSnapshotBytes)")
        }
        var reader = ByteReader(bytes)
        self = try Change.catching {
            guard Array(try reader.readBytes(3)) == Self.snapshotMagic else {
                throw CRDTError(.malformedEncoding, "not a PlaceSync document snapshot (bad magic bytes)")
            }
            let version = try reader.readByte()
            guard version == Self.snapshotVersion else {
                throw CRDTError(
                    .unsupportedVersion,
                    "snapshot version \(version) is not supported (this build reads version \(Self.snapshotVersion)); upgrade PlaceSync"
                )
            }
            var decoder = SnapshotDecoder(actors: try ActorTable.read(from: &reader, own: nil))
            let document = try decoder.decode(from: &reader)
            try reader.finish()
            return document
        }
    }
}

/// Reads the containers of a snapshot and checks that they form a consistent document.
private struct SnapshotDecoder {
    let actors: ActorTable
    var elementBudget = Document.maxSnapshotElements
    var document = Document()
    /// Containers that values in maps and lists say exist, with their kinds and slots.
    var claimed: [ContainerID: (ContainerKind, ParentSlot)] = [:]

    init(actors: ActorTable) {
        self.actors = actors
    }

    mutating func decode(from reader: inout ByteReader) throws -> Document {
        let count = try reader.readCount(
            limit: min(CRDTLimits.maxContainers, reader.remaining / 2), field: "container count")
        var previous: ContainerID?
        for index in 0..<count {
            let id = try actors.readContainerID(from: &reader)
            guard (index == 0) == id.isRoot, previous.map({ $0 < id }) ?? true else {
                throw CRDTError(.malformedEncoding, "containers must be sorted by id, starting with the root")
            }
            previous = id
            guard let kind = ContainerKind(rawValue: try reader.readByte()) else {
                throw CRDTError(.malformedEncoding, "unknown container kind at byte \(reader.offset - 1)")
            }
            guard !id.isRoot || kind == .map else { throw CRDTError(.malformedEncoding, "the root must be a map") }
            if !id.isRoot { document.createContainer(kind, id: id, parent: nil) }
            switch kind {
            case .map: document.maps.updateValue(try readMap(id, from: &reader), forKey: id)
            case .counter: document.counters.updateValue(try reader.readSignedVarint(), forKey: id)
            case .text: document.texts.updateValue(try readText(from: &reader), forKey: id)
            case .list: document.lists.updateValue(try readList(id, from: &reader), forKey: id)
            }
        }
        guard count >= 1 else { throw CRDTError(.malformedEncoding, "a snapshot holds at least the root") }
        for (id, (kind, slot)) in claimed {
            guard document.kinds[id] == kind else {
                throw CRDTError(
                    .malformedEncoding, "a value names container \(id) as a \(kind), but the snapshot does not hold it")
            }
            document.parents.updateValue(slot, forKey: id)
        }
        return document
    }

    private mutating func claim(_ value: ElementValue, id: OpID, slot: ParentSlot) throws {
        guard case .newContainer(let kind) = value else { return }
        // A container is always created after its parent, so parent ids are smaller: no cycles.
        guard slot.parent.opID < id else {
            throw CRDTError(.malformedEncoding, "container \(id) claims a parent created after it")
        }
        guard claimed.updateValue((kind, slot), forKey: ContainerID(id)) == nil else {
            throw CRDTError(.malformedEncoding, "container \(id) is claimed twice")
        }
    }

    private mutating func readMap(_ container: ContainerID, from reader: inout ByteReader) throws -> MapState {
        let keyCount = try reader.readCount(limit: reader.remaining / 2, field: "key count")
        var entries: [String: [MapEntry]] = [:]
        var previousKey: [UInt8]?
        for _ in 0..<keyCount {
            let key = try reader.readString(maxBytes: CRDTLimits.maxKeyBytes, field: "map key")
            guard previousKey.map({ $0.lexicographicallyPrecedes(Array(key.utf8)) }) ?? true else {
                throw CRDTError(.malformedEncoding, "map keys must be sorted by their UTF-8 bytes and distinct")
            }
            previousKey = Array(key.utf8)
            let entryCount = try reader.readCount(limit: reader.remaining / 3, field: "entry count")
            guard entryCount >= 1 else { throw CRDTError(.malformedEncoding, "a map key must have at least one entry") }
            var list: [MapEntry] = []
            for _ in 0..<entryCount {
                let id = try actors.readOpID(from: &reader)
                guard list.last.map({ $0.id < id }) ?? true else {
                    throw CRDTError(.malformedEncoding, "map entries must be sorted by id and distinct")
                }
                let value = try ElementValue.read(from: &reader, maxStringBytes: CRDTLimits.maxSnapshotBytes)
                try claim(value, id: id, slot: ParentSlot(parent: container, slot: .key(key)))
                list.append(MapEntry(id: id, value: value))
            }
            entries[key] = list
        }
        return MapState(entries: entries)
    }

    /// One run's header: first id, length, deleted flag, origins.
    private mutating func readRunHeader(from reader: inout ByteReader) throws -> (OpID, Int, Bool, OpID?, OpID?) {
        let first = try actors.readOpID(from: &reader)
        let length = try reader.readCount(limit: elementBudget, field: "run length")
        guard length >= 1, first.counter + UInt64(length) - 1 <= Change.maxLamport else {
            throw CRDTError(.malformedEncoding, "a run must hold 1 or more elements with valid counters")
        }
        elementBudget -= length
        let flags = try reader.readByte()
        guard flags <= 1 else { throw CRDTError(.malformedEncoding, "unknown run flags 0x\(String(flags, radix: 16))") }
        let left = try actors.readOptionalOpID(from: &reader)
        let right = try actors.readOptionalOpID(from: &reader)
        return (first, length, flags == 1, left, right)
    }

    private mutating func readText(from reader: inout ByteReader) throws -> SequenceState<Unicode.Scalar> {
        let runCount = try reader.readCount(limit: reader.remaining / 5, field: "run count")
        var runs = SequenceRunsBuilder<Unicode.Scalar>()
        for _ in 0..<runCount {
            let header = try readRunHeader(from: &reader)
            if header.2 {
                runs.appendDeleted(header)
            } else {
                let scalars = try Self.decodeScalars(
                    reader.readLengthPrefixed(maxBytes: reader.remaining, field: "run text"))
                guard scalars.count == header.1 else {
                    throw CRDTError(
                        .malformedEncoding, "a text run declares \(header.1) scalars but holds \(scalars.count)")
                }
                runs.appendVisible(header, elements: scalars)
            }
        }
        try checkUniqueIDs(runs.runs)
        return runs.finish(filler: "\u{FFFD}")
    }

    private mutating func readList(
        _ container: ContainerID, from reader: inout ByteReader
    ) throws -> SequenceState<ElementValue> {
        let runCount = try reader.readCount(limit: reader.remaining / 5, field: "run count")
        var runs = SequenceRunsBuilder<ElementValue>()
        for _ in 0..<runCount {
            let header = try readRunHeader(from: &reader)
            if header.2 {
                runs.appendDeleted(header)
                continue
            }
            guard header.1 <= reader.remaining else {
                throw CRDTError(.malformedEncoding, "a list run is longer than the input")
            }
            var values: [ElementValue] = []
            for offset in 0..<header.1 {
                let value = try ElementValue.read(from: &reader, maxStringBytes: CRDTLimits.maxSnapshotBytes)
                let id = OpID(counter: header.0.counter + UInt64(offset), actor: header.0.actor)
                try claim(value, id: id, slot: ParentSlot(parent: container, slot: .element(id)))
                values.append(value)
            }
            runs.appendVisible(header, elements: values)
        }
        try checkUniqueIDs(runs.runs)
        return runs.finish(filler: .scalar(.null))
    }

    /// Decodes UTF-8 straight into scalars, refusing invalid sequences.
    static func decodeScalars(_ bytes: ArraySlice<UInt8>) throws -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return scalars
            case .error: throw CRDTError(.malformedEncoding, "run text is not valid UTF-8")
            }
        }
    }

    /// No element id appears twice: per actor, the runs' counter ranges must not overlap.
    private func checkUniqueIDs(_ runs: [SequenceRun]) throws {
        var ranges: [UInt32: [(start: UInt64, end: UInt64)]] = [:]
        for run in runs {
            ranges[run.id.actor, default: []].append((run.id.counter, run.id.counter + UInt64(run.count)))
        }
        for (_, list) in ranges {
            let sorted = list.sorted { $0.start < $1.start }
            for index in sorted.indices.dropFirst() where sorted[index].start < sorted[index - 1].end {
                throw CRDTError(.malformedEncoding, "element \(sorted[index].start) appears twice")
            }
        }
    }
}

/// Collects a snapshot's runs of one sequence and their elements.
///
/// A deleted run's elements are not in a snapshot, and nothing reads them again (an undo only restores
/// what its own edit deleted), so every deleted run shares one block of filler elements at the start of
/// the content buffer instead of holding its own.
private struct SequenceRunsBuilder<Element: Sendable> {
    private(set) var runs: [SequenceRun] = []
    private var visibleContent: [Element] = []
    private(set) var actors = SequenceActors()
    /// The longest deleted run: the size of the shared filler block.
    private var longestDeleted = 0

    mutating func appendDeleted(_ header: (OpID, Int, Bool, OpID?, OpID?)) {
        runs.append(
            SequenceRun(
                id: actors.intern(header.0), originLeft: header.3.map { actors.intern($0) },
                originRight: header.4.map { actors.intern($0) }, isDeleted: true, contentStart: 0, count: header.1))
        longestDeleted = max(longestDeleted, header.1)
    }

    mutating func appendVisible(_ header: (OpID, Int, Bool, OpID?, OpID?), elements: [Element]) {
        runs.append(
            SequenceRun(
                id: actors.intern(header.0), originLeft: header.3.map { actors.intern($0) },
                originRight: header.4.map { actors.intern($0) }, isDeleted: false,
                contentStart: visibleContent.count, count: elements.count))
        visibleContent.append(contentsOf: elements)
    }

    /// The sequence: the filler block, then the visible elements (their runs moved past the block).
    consuming func finish(filler: Element) -> SequenceState<Element> {
        var content = [Element](repeating: filler, count: longestDeleted)
        content.append(contentsOf: visibleContent)
        for index in runs.indices where !runs[index].isDeleted {
            runs[index].contentStart += longestDeleted
        }
        return SequenceState(runs: runs, content: content, actors: actors)
    }
}
