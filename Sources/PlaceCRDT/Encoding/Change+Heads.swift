internal import PlaceBinary

/// Change encoding version 3 (`Protocol/DOCUMENT-FORMAT.md` §3): the header names the change's
/// **heads** — the changes it directly follows that neither its author's previous change nor another
/// head already covers — instead of its whole dependencies, so a change's size does not grow with the
/// number of actors who ever wrote. A log resolves the whole dependencies from the heads
/// (``ChangeLog/receive(encoded:)``), so only a log writes and reads it (``ChangeLog/encodedWithHeads(_:)``).
extension Change {
    /// The version byte of the encoding that names heads.
    public static let headsEncodingVersion: UInt8 = 3

    /// This change in encoding 3, naming `heads` (sorted, never the author itself).
    func encoded(heads: VersionVector) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + heads.count * 33)
        writer.writeByte(Self.headsEncodingVersion)
        actor.write(to: &writer)
        writer.writeVarint(seq)
        writer.writeVarint(heads.count)
        heads.forEachEntry { headActor, headSeq in
            headActor.write(to: &writer)
            writer.writeVarint(headSeq)
        }
        writer.writeBytes(encodedBody())
        return writer.bytes
    }
}

/// A change decoded from encoding 3: whole but for its dependencies, which are only the lower bound its
/// heads and its author's previous change give until a log resolves them.
struct HeadsChange: Sendable {
    /// The change, with `deps` the lower bound.
    var change: Change
    /// The heads its header names.
    var heads: VersionVector

    /// Decodes encoding-3 bytes, body included (so bad input fails here, before anything is kept).
    /// - Throws: ``CRDTError`` — `.limitExceeded`, `.malformedEncoding` (truncated, unsorted heads, a head
    ///   naming the author), `.invalidChange`.
    init(decoding bytes: [UInt8]) throws(CRDTError) {
        guard bytes.count <= CRDTLimits.maxChangeBytes + 64 * CRDTLimits.maxActors else {
            throw CRDTError(.limitExceeded, "change is \(bytes.count) bytes, beyond the limit")
        }
        var reader = ByteReader(bytes)
        let (actor, seq, heads): (ActorID, UInt64, VersionVector) = try Change.catching {
            guard try reader.readByte() == Change.headsEncodingVersion else {
                throw CRDTError(.malformedEncoding, "not a change in encoding version 3")
            }
            let actor = try readActor(from: &reader)
            let seq = try reader.readVarint(in: 1...Change.maxLamport, field: "seq")
            let heads = try Change.readDeps(from: &reader)
            guard heads[actor] == 0 else {
                throw CRDTError(
                    .malformedEncoding, "a change's heads never name its author (its previous change is implied)")
            }
            return (actor, seq, heads)
        }
        var lowerBound = heads
        if seq > 1 { lowerBound[actor] = seq - 1 }
        let body = Array(try Change.catching { try reader.readBytes(reader.remaining) })
        change = try Change(actor: actor, seq: seq, deps: lowerBound, body: body)
        self.heads = heads
    }
}
