internal import PlaceBinary
public import PlaceCRDT

/// The plaintext header of an envelope: what a relay may read. Layout in `Protocol/ENVELOPE.md`.
public struct EnvelopeHeader: Hashable, Sendable {
    /// What the envelope carries.
    public enum Kind: UInt8, Hashable, Sendable {
        /// A CRDT change body, encrypted under the epoch's content key.
        case content = 1
        /// A membership entry, signed but readable (layout comes with the membership issue).
        case membership = 2
        /// A sealed epoch key for one member, signed but readable.
        case keyWrap = 3
    }

    /// The header format version this build writes and reads.
    public static let formatVersion: UInt8 = 1

    /// What the envelope carries.
    public var kind: Kind
    /// The space whose log it belongs to.
    public var space: SpaceID
    /// The author: the node id (Ed25519 public key) that signs it, as the CRDT actor id.
    public var author: ActorID
    /// The author's sequence number in the space log, from 1.
    public var seq: UInt64
    /// The epoch whose key encrypts the body (content) or that was current (other kinds).
    public var epoch: UInt64
    /// The id of the author's previous envelope in this space (`nil` exactly when `seq` is 1).
    public var previous: EnvelopeID?
    /// The version vector the author had applied; names `seq - 1` for the author itself.
    public var deps: VersionVector

    /// Creates a header, checking that its fields agree.
    /// - Throws: ``WireError/Code/invalidHeader`` when `seq` is 0, `previous` is missing or present
    ///   wrongly, or `deps` does not name `seq - 1` for the author.
    public init(
        kind: Kind, space: SpaceID, author: ActorID, seq: UInt64, epoch: UInt64, previous: EnvelopeID?,
        deps: VersionVector
    ) throws(WireError) {
        guard seq >= 1 else { throw WireError(.invalidHeader, "sequence numbers start at 1") }
        guard (previous == nil) == (seq == 1) else {
            throw WireError(
                .invalidHeader, "envelope \(seq) must name its author's previous envelope exactly when seq > 1")
        }
        guard deps[author] == seq - 1 else {
            throw WireError(
                .invalidHeader,
                "envelope \(seq) must depend on its author's envelope \(seq - 1), deps name \(deps[author])")
        }
        self.kind = kind
        self.space = space
        self.author = author
        self.seq = seq
        self.epoch = epoch
        self.previous = previous
        self.deps = deps
    }

    /// The header's canonical bytes (authenticated as AEAD associated data and signed).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 96)
        writer.writeByte(Self.formatVersion)
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
        writer.writeVarint(deps.count)
        for (actor, seq) in deps.entries {
            writer.writeBytes(actor.bytes)
            writer.writeVarint(seq)
        }
        return writer.bytes
    }

    /// The most dependency entries a header may carry (bounded by the space's members).
    public static let maxDeps = 4_096

    /// Decodes a header from exactly `bytes`.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        do {
            let version = try reader.readByte()
            guard version == Self.formatVersion else {
                throw WireError(
                    .unsupportedVersion,
                    "envelope format version \(version) is not supported (this build reads \(Self.formatVersion)); upgrade PlaceSync"
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
            let count = try reader.readCount(limit: min(Self.maxDeps, reader.remaining / 33), field: "dependency count")
            var entries: [ActorID: UInt64] = [:]
            var last: ActorID?
            for _ in 0..<count {
                guard let actor = ActorID(bytes: try reader.readBytes(ActorID.byteCount)),
                    last.map({ $0 < actor }) ?? true
                else {
                    throw WireError(.malformed, "dependencies must be sorted by author and distinct")
                }
                let depSeq = try reader.readVarint()
                guard depSeq >= 1 else { throw WireError(.malformed, "a dependency names seq 0") }
                entries[actor] = depSeq
                last = actor
            }
            try reader.finish()
            try self.init(
                kind: kind, space: space, author: author, seq: seq, epoch: epoch, previous: previous,
                deps: VersionVector(entries))
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.malformed, "envelope header: \(error)", underlying: error)
        }
    }
}
