internal import PlaceBinary
public import PlaceCRDT

/// The header's bytes, formats 1 to 3 (`Protocol/ENVELOPE.md` §1).
extension EnvelopeHeader {
    /// The header's canonical bytes (authenticated as AEAD associated data and signed).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 96)
        writer.writeByte(format)
        writer.writeByte(kind.rawValue)
        writer.writeBytes(space.bytes)
        writer.writeBytes(author.bytes)
        writer.writeVarint(seq)
        writer.writeVarint(epoch)
        if let previous {
            writer.writeByte(1)
            writer.writeBytes(previous.bytes)
        } else {
            writer.writeByte(0)
        }
        let named = format == Self.vectorFormat ? deps : heads
        writer.writeVarint(named.count)
        named.forEachEntry { actor, seq in
            writer.writeBytes(actor.bytes)
            writer.writeVarint(seq)
        }
        return writer.bytes
    }

    /// Decodes a header from exactly `bytes`: format 1, or format 2 or 3 with ``deps`` only a lower bound
    /// until resolved.
    /// - Throws: ``WireError/Code/unsupportedVersion`` for another format, ``WireError/Code/malformed``,
    ///   ``WireError/Code/invalidHeader`` or ``WireError/Code/limitExceeded`` otherwise.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        do {
            let version = try reader.readByte()
            guard (Self.vectorFormat...Self.formatVersion).contains(version) else {
                throw WireError(
                    .unsupportedVersion,
                    "envelope format version \(version) is not supported (this build reads 1 to \(Self.formatVersion)); upgrade PlaceSync"
                )
            }
            guard let kind = Kind(rawValue: try reader.readByte()) else {
                throw WireError(.malformed, "unknown envelope kind")
            }
            let space = try SpaceID.decoding(Array(try reader.readBytes(SpaceID.byteCount)))
            guard let author = ActorID(bytes: try reader.readBytes(ActorID.byteCount)) else {
                throw WireError(.malformed, "author must be 32 bytes")
            }
            let seq = try reader.readVarint()
            let epoch = try reader.readVarint()
            var previous: EnvelopeID?
            switch try reader.readByte() {
            case 0: previous = nil
            case 1: previous = try EnvelopeID(bytes: Array(try reader.readBytes(EnvelopeID.byteCount)))
            default: throw WireError(.malformed, "the previous-envelope flag must be 0 or 1")
            }
            let limit = version == Self.vectorFormat ? Self.maxDeps : Self.maxHeads
            let named = try Self.readEntries(&reader, limit: limit, field: version == 1 ? "dependency" : "head")
            try reader.finish()
            if version == Self.vectorFormat {
                try self.init(
                    kind: kind, space: space, author: author, seq: seq, epoch: epoch, previous: previous, deps: named)
            } else {
                try self.init(
                    decodedKind: kind, space: space, author: author, seq: seq, epoch: epoch, previous: previous,
                    heads: named, format: version)
            }
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.malformed, "envelope header: \(error)", underlying: error)
        }
    }

    /// `count × (author (32), varint seq ≥ 1)`, authors strictly ascending, at most `limit`.
    private static func readEntries(_ reader: inout ByteReader, limit: Int, field: String) throws -> VersionVector {
        let declared = try reader.readVarint()
        guard declared <= UInt64(limit) else {
            throw WireError(.limitExceeded, "an envelope header names \(declared) \(field) entries, at most \(limit)")
        }
        guard declared <= UInt64(reader.remaining / 33) else {
            throw WireError(.malformed, "the header's \(declared) \(field) entries are cut short")
        }
        let count = Int(declared)
        var entries: [ActorID: UInt64] = [:]
        var last: ActorID?
        for _ in 0..<count {
            guard let actor = ActorID(bytes: try reader.readBytes(ActorID.byteCount)),
                last.map({ $0 < actor }) ?? true
            else {
                throw WireError(.malformed, "\(field) entries must be sorted by author and distinct")
            }
            let entrySeq = try reader.readVarint()
            guard entrySeq >= 1 else { throw WireError(.malformed, "a \(field) entry names seq 0") }
            entries[actor] = entrySeq
            last = actor
        }
        return VersionVector(entries)
    }
}
