public import PlaceCRDT

/// The plaintext header of an envelope: what a relay may read. Layout in `Protocol/ENVELOPE.md`.
///
/// Format 1 carries the author's whole version vector as its dependencies; format 2 names only its
/// *heads* — the envelopes it directly follows that nothing else it names already covers — and a
/// receiver resolves the whole vector (the causal past) from what it stores:
///
/// ```swift
/// let header = try EnvelopeHeader(decoding: bytes)      // format 2: deps is only a lower bound
/// let past = try resolve(header.heads)                   // the receiver's stored causal pasts
/// let resolved = try header.resolving(deps: past)        // now deps is the whole vector
/// ```
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

    /// The newest header format this build reads (and the one it writes where it may).
    public static let formatVersion: UInt8 = 3
    /// The format that carries the whole version vector.
    public static let vectorFormat: UInt8 = 1
    /// The format that names heads (the causal frontier), with content sealed as in format 1.
    public static let headsFormat: UInt8 = 2
    /// Format 2's header with content sealed compactly: 8 nonce bytes carried instead of 24, the plaintext
    /// padded to at least 32 bytes instead of 256 (`Protocol/ENVELOPE.md` §1, `CRYPTO.md` §4).
    public static let compactFormat: UInt8 = 3

    /// The header's format: ``vectorFormat``, ``headsFormat`` or ``compactFormat``.
    public let format: UInt8
    /// Whether the header names heads (formats 2 and 3) rather than the whole vector (format 1).
    public var namesHeads: Bool { format != Self.vectorFormat }
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
    /// The version vector the author had applied (its causal past); names `seq - 1` for the author
    /// itself. Format 1 carries it. In format 2 it is whole once ``isResolved``; as decoded it is only
    /// the heads and the author's previous envelope, a lower bound.
    public private(set) var deps: VersionVector
    /// Format 2: the envelopes named as heads, at most one per author and never the author itself (its
    /// previous envelope is implied). Empty in format 1.
    public let heads: VersionVector
    /// Whether ``deps`` is the whole causal past: always in format 1; in format 2 once a receiver
    /// resolved it (``resolving(deps:)``) or the writer made the header.
    public private(set) var isResolved: Bool

    /// The most dependency entries a format-1 header may carry (bounded by the space's members).
    public static let maxDeps = 4_096
    /// The most heads a format-2 header may name. A writer with more concurrent heads writes format 1.
    public static let maxHeads = 1_024

    /// Creates a format-1 header, checking that its fields agree.
    /// - Throws: ``WireError/Code/invalidHeader`` when `seq` is 0, `previous` is missing or present
    ///   wrongly, or `deps` does not name `seq - 1` for the author.
    public init(
        kind: Kind, space: SpaceID, author: ActorID, seq: UInt64, epoch: UInt64, previous: EnvelopeID?,
        deps: VersionVector
    ) throws(WireError) {
        try Self.checkChain(author: author, seq: seq, previous: previous, deps: deps)
        guard deps.count <= Self.maxDeps else {
            throw WireError(.limitExceeded, "a format-1 header carries at most \(Self.maxDeps) dependencies")
        }
        self.init(
            format: Self.vectorFormat, kind: kind, space: space, author: author, seq: seq, epoch: epoch,
            previous: previous, heads: VersionVector(), deps: deps)
    }

    /// Creates a header of `format` 2 or 3 naming `heads`, with `deps`, the whole causal past they and
    /// the author's previous envelope close over, as the writer knows it.
    /// - Throws: ``WireError/Code/invalidHeader`` as for format 1, for a membership entry (entries stay
    ///   in format 1 so that a chain of them can be judged alone), for a head naming the author, or for
    ///   a head outside `deps`; ``WireError/Code/limitExceeded`` past ``maxHeads``;
    ///   ``WireError/Code/unsupportedVersion`` for a format that does not name heads.
    public init(
        kind: Kind, space: SpaceID, author: ActorID, seq: UInt64, epoch: UInt64, previous: EnvelopeID?,
        heads: VersionVector, deps: VersionVector, format: UInt8 = headsFormat
    ) throws(WireError) {
        guard format == Self.headsFormat || format == Self.compactFormat else {
            throw WireError(.unsupportedVersion, "envelope format \(format) does not name heads (2 and 3 do)")
        }
        try Self.checkChain(author: author, seq: seq, previous: previous, deps: deps)
        try Self.checkHeads(heads, kind: kind, author: author)
        guard deps.includes(heads) else {
            throw WireError(.invalidHeader, "a head lies outside the header's dependencies")
        }
        self.init(
            format: format, kind: kind, space: space, author: author, seq: seq, epoch: epoch,
            previous: previous, heads: heads, deps: deps)
    }

    /// The fields as given, already checked by the public initialisers.
    private init(
        format: UInt8, kind: Kind, space: SpaceID, author: ActorID, seq: UInt64, epoch: UInt64,
        previous: EnvelopeID?, heads: VersionVector, deps: VersionVector
    ) {
        self.format = format
        self.kind = kind
        self.space = space
        self.author = author
        self.seq = seq
        self.epoch = epoch
        self.previous = previous
        self.heads = heads
        self.deps = deps
        isResolved = true
    }

    /// A format-2 or -3 header as decoded: `deps` is the lower bound (heads and previous) until resolved.
    init(
        decodedKind kind: Kind, space: SpaceID, author: ActorID, seq: UInt64, epoch: UInt64, previous: EnvelopeID?,
        heads: VersionVector, format: UInt8
    ) throws(WireError) {
        var lowerBound = heads
        if seq > 1 { lowerBound[author] = seq - 1 }
        try self.init(
            kind: kind, space: space, author: author, seq: seq, epoch: epoch, previous: previous, heads: heads,
            deps: lowerBound, format: format)
        isResolved = false
    }

    /// This header with its whole causal past `deps`, as the receiver resolved it from its heads.
    /// - Throws: ``WireError/Code/invalidHeader`` when `deps` does not cover the heads or does not name
    ///   the author's previous envelope exactly.
    public func resolving(deps resolved: VersionVector) throws(WireError) -> EnvelopeHeader {
        guard namesHeads else { return self }
        try Self.checkChain(author: author, seq: seq, previous: previous, deps: resolved)
        guard resolved.includes(heads) else {
            throw WireError(.invalidHeader, "a resolved causal past must cover every head")
        }
        var copy = self
        copy.deps = resolved
        copy.isResolved = true
        return copy
    }

    private static func checkChain(
        author: ActorID, seq: UInt64, previous: EnvelopeID?, deps: VersionVector
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
    }

    static func checkHeads(_ heads: VersionVector, kind: Kind, author: ActorID) throws(WireError) {
        guard kind != .membership else {
            throw WireError(
                .invalidHeader,
                "a membership entry is written in envelope format 1 (its whole vector), so that a chain of entries can be judged alone"
            )
        }
        guard heads.count <= maxHeads else {
            throw WireError(
                .limitExceeded,
                "an envelope names at most \(maxHeads) heads, this one \(heads.count); write it in format 1")
        }
        guard heads[author] == 0 else {
            throw WireError(.invalidHeader, "a head names the author itself (its previous envelope is implied)")
        }
    }
}
