internal import PlaceBinary
internal import PlaceCRDT
internal import PlaceStore
internal import PlaceWire

/// The causal pasts of stored envelopes, resolved from what the replica keeps (`Protocol/ENVELOPE.md`
/// §4). A format-1 envelope carries its vector. For a format-2 envelope the replica stores a record:
/// its whole causal past, or (usually) only the entries that grew since its author's previous
/// envelope, with a whole one at least every ``maxDepth`` + 1 envelopes of an author — so resolving
/// one reads at most that many rows, and an envelope costs the replica what changed, not the county.
///
///     record = u8 depth          ; 0: whole; d ≥ 1: a delta against the author's seq − 1, d deep
///              varint count, count × (author (32), varint seq ≥ 1), authors ascending
///
/// One value lives for one transaction (a rolled-back write leaves nothing behind).
struct CausalPasts {
    /// The most deltas in a row before a whole record.
    static let maxDepth: UInt8 = 31

    struct Key: Hashable {
        var space: SpaceID
        var author: ActorID
        var seq: UInt64
    }

    /// A resolved causal past (what the envelope depends on, not itself) and its record's depth.
    struct Past {
        var deps: VersionVector
        var depth: UInt8
    }

    /// The outcome of resolving a received header.
    enum Resolution {
        /// Every head is stored: the whole causal past.
        case resolved(VersionVector)
        /// A head (or the author's previous envelope) is not stored yet: wait for it.
        case missing(author: ActorID, seq: UInt64)
    }

    private var cache: [Key: Past] = [:]
    private static let cacheLimit = 2_048

    /// The causal past of stored envelope `(author, seq)`, or `nil` when it is not stored.
    /// - Throws: ``SyncError/Code/storage`` when a stored record or envelope does not decode.
    mutating func stored(_ tx: StoreTransaction, space: SpaceID, author: ActorID, seq: UInt64) throws -> Past? {
        let key = Key(space: space, author: author, seq: seq)
        if let known = cache[key] { return known }
        // Walk back over deltas to a whole record (or a format-1 envelope, or a cached past).
        var deltas: [(seq: UInt64, entries: VersionVector, depth: UInt8)] = []
        var base: Past?
        var current = seq
        while base == nil {
            if let known = cache[Key(space: space, author: author, seq: current)] {
                base = known
                break
            }
            guard let source = try tx.causalPastSource(space: space, author: author, seq: current) else {
                if current == seq { return nil }
                throw SyncError(.storage, "the replica lacks envelope \(current) of \(author), below a delta of it")
            }
            if let record = source.record {
                let (depth, entries) = try Self.decode(record)
                if depth == 0 {
                    base = Past(deps: entries, depth: 0)
                } else {
                    guard current > 1, Int(depth) <= Int(Self.maxDepth), deltas.count <= Int(Self.maxDepth) else {
                        throw SyncError(.storage, "envelope \(current) of \(author) has a bad causal-past record")
                    }
                    deltas.append((current, entries, depth))
                    current -= 1
                }
            } else if let bytes = source.bytes {
                do {
                    base = Past(deps: try Envelope(decoding: bytes).header.deps, depth: 0)
                } catch {
                    throw SyncError(.storage, "stored envelope \(current) of \(author) does not decode: \(error)")
                }
            } else {
                throw SyncError(.storage, "envelope \(current) of \(author) has neither a causal past nor bytes")
            }
        }
        guard var past = base else { return nil }
        remember(Key(space: space, author: author, seq: current), past)
        for delta in deltas.reversed() {
            past.deps.formUnion(delta.entries)
            past.deps[author] = delta.seq - 1
            past.depth = delta.depth
            remember(Key(space: space, author: author, seq: delta.seq), past)
        }
        return past
    }

    /// Resolves a received header's whole causal past from its author's previous envelope and its heads,
    /// each joined with its own causal past. A format-1 header is its own.
    mutating func resolve(_ header: EnvelopeHeader, _ tx: StoreTransaction) throws -> Resolution {
        guard header.namesHeads, !header.isResolved else { return .resolved(header.deps) }
        return try closure(tx, space: header.space, author: header.author, seq: header.seq, heads: header.heads)
    }

    /// The causal past of envelope `seq` of `author` naming `heads`: its previous envelope's and each
    /// head's, with them.
    mutating func closure(
        _ tx: StoreTransaction, space: SpaceID, author: ActorID, seq: UInt64, heads: VersionVector
    ) throws -> Resolution {
        var deps = VersionVector()
        if seq > 1 {
            guard let previous = try stored(tx, space: space, author: author, seq: seq - 1) else {
                return .missing(author: author, seq: seq - 1)
            }
            deps = previous.deps
            deps[author] = seq - 1
        }
        for (head, headSeq) in heads.entries {
            guard let past = try stored(tx, space: space, author: head, seq: headSeq) else {
                return .missing(author: head, seq: headSeq)
            }
            deps.formUnion(past.deps)
            deps[head] = max(deps[head], headSeq)
        }
        return .resolved(deps)
    }

    /// What to store with envelope `header` (format 2, resolved): a delta against its author's previous
    /// envelope, or a whole record every ``maxDepth`` + 1; `nil` for format 1.
    mutating func record(for header: EnvelopeHeader, _ tx: StoreTransaction) throws -> [UInt8]? {
        guard header.namesHeads else { return nil }
        guard header.isResolved else {
            throw SyncError(.storage, "envelope \(header.seq) of \(header.author) is stored before its past is known")
        }
        var record = (depth: UInt8(0), entries: header.deps)
        if header.seq > 1, header.kind == .content,
            let previous = try stored(tx, space: header.space, author: header.author, seq: header.seq - 1),
            previous.depth < Self.maxDepth
        {
            var grown = VersionVector()
            header.deps.forEachEntry { author, seq in
                if author != header.author, seq > previous.deps[author] { grown[author] = seq }
            }
            record = (previous.depth + 1, grown)
        }
        remember(
            Key(space: header.space, author: header.author, seq: header.seq),
            Past(deps: header.deps, depth: record.depth))
        return Self.encodeRecord(depth: record.depth, entries: record.entries)
    }

    /// A causal-past record: whole (`depth` 0) or the entries that grew since the author's previous
    /// envelope (`depth` deltas deep).
    static func encodeRecord(depth: UInt8, entries: VersionVector) -> [UInt8] {
        var writer = ByteWriter(capacity: 2 + 40 * entries.count)
        writer.writeByte(depth)
        writer.writeVarint(entries.count)
        entries.forEachEntry { author, seq in
            writer.writeBytes(author.bytes)
            writer.writeVarint(seq)
        }
        return writer.bytes
    }

    /// The heads a writer names in its next envelope of `space`, whose causal past is `version`: the
    /// space's frontier (the applied envelopes no other applied one follows) without the writer's own.
    /// The writer checks them as a receiver will: their closure must be `version` exactly (else the
    /// frontier is computed again from the causal pasts; `nil` if even that does not close over it, and
    /// the writer names the whole vector instead).
    mutating func heads(
        _ tx: StoreTransaction, space: SpaceID, author: ActorID, seq: UInt64, version: VersionVector
    ) throws -> VersionVector? {
        for attempt in 0..<2 {
            if attempt == 1 { try tx.clearFrontier(space: space) }
            var heads = try frontier(tx, space: space, version: version)
            heads[author] = 0
            if case .resolved(let deps) = try closure(tx, space: space, author: author, seq: seq, heads: heads),
                deps == version
            {
                return heads
            }
        }
        return nil
    }

    /// The space's frontier for the applied set `version`: as recorded (kept up to date as envelopes
    /// apply), else computed from the causal pasts of each author's last applied envelope and recorded.
    mutating func frontier(_ tx: StoreTransaction, space: SpaceID, version: VersionVector) throws -> VersionVector {
        if let recorded = try tx.frontier(space: space), Self.fits(recorded, version) { return recorded }
        var candidates: [(author: ActorID, seq: UInt64, past: VersionVector)] = []
        for (author, seq) in version.entries {
            guard let past = try stored(tx, space: space, author: author, seq: seq) else {
                throw SyncError(.storage, "the replica lacks applied envelope \(seq) of \(author)")
            }
            candidates.append((author, seq, past.deps))
        }
        var frontier = VersionVector()
        for candidate in candidates
        where !candidates.contains(where: {
            $0.author != candidate.author && $0.past[candidate.author] >= candidate.seq
        }) {
            frontier[candidate.author] = candidate.seq
        }
        try tx.setFrontier(space: space, frontier)
        return frontier
    }

    /// Whether a recorded frontier can be the one of `version`: each entry is its author's last applied
    /// envelope (a frontier that fell behind is computed again).
    private static func fits(_ frontier: VersionVector, _ version: VersionVector) -> Bool {
        var fits = true
        frontier.forEachEntry { author, seq in if version[author] != seq { fits = false } }
        return fits
    }

    /// `frontier` once `header` (resolved) applied: it follows everything in its causal past.
    static func advance(_ frontier: inout VersionVector, by header: EnvelopeHeader) {
        var covered: [ActorID] = []
        frontier.forEachEntry { author, seq in if header.deps[author] >= seq { covered.append(author) } }
        for author in covered { frontier[author] = 0 }
        frontier[header.author] = header.seq
    }

    /// Takes a causal past known from elsewhere (this node's own last envelope, committed).
    mutating func seed(space: SpaceID, author: ActorID, seq: UInt64, _ past: Past) {
        remember(Key(space: space, author: author, seq: seq), past)
    }

    /// A causal past resolved or recorded in this value, if any.
    func known(space: SpaceID, author: ActorID, seq: UInt64) -> Past? {
        cache[Key(space: space, author: author, seq: seq)]
    }

    private mutating func remember(_ key: Key, _ past: Past) {
        if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[key] = past
    }

    private static func decode(_ record: [UInt8]) throws -> (depth: UInt8, entries: VersionVector) {
        var reader = ByteReader(record)
        do {
            let depth = try reader.readByte()
            let count = try reader.readCount(limit: reader.remaining / 33, field: "causal-past entries")
            var entries = VersionVector()
            for _ in 0..<count {
                guard let author = ActorID(bytes: try reader.readBytes(ActorID.byteCount)) else {
                    throw SyncError(.storage, "a causal-past record names an author of the wrong length")
                }
                entries[author] = try reader.readVarint()
            }
            try reader.finish()
            return (depth, entries)
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError(.storage, "a stored causal-past record does not decode: \(error)")
        }
    }
}
