public import PlaceWire

/// Why ``Node/ingest(_:in:source:)-82881`` refused an envelope (nothing of it is kept). `description` says it
/// in words for logs and the command line.
public enum IngestRefusal: Hashable, Sendable, CustomStringConvertible {
    /// The bytes are no envelope (the decoder's message).
    case undecodable(String)
    /// The envelope is in a newer envelope format than this build reads: upgrade PlaceSync to take it.
    /// It is not acknowledged, so the peer sends it again in a later session.
    case newerFormat(UInt8)
    /// The author's signature does not check (the message).
    case badSignature(String)
    /// The envelope is of another space than the batch it came in.
    case wrongSpace(envelope: SpaceID, batch: SpaceID)
    /// This replica does not hold the envelope's space.
    case spaceNotHeld(SpaceID)
    /// Its `previous` does not name the author's stored envelope `seq − 1`.
    case previousMismatch(seq: UInt64)
    /// Its dependencies go back behind its author's previous envelope's.
    case dependenciesGoBack
    /// Its heads (format 2) close over a causal past that does not fit it: one of them follows a later
    /// envelope of its own author (the message).
    case headsDoNotFit(String)
    /// Its membership entry does not decode (the message).
    case malformedMembershipEntry(String)
    /// It claims to be the genesis of a space it does not define.
    case notTheGenesis
    /// No entry in its causal past ever gave its author the role it needs: write rights for content, admin
    /// for membership entries and key wraps.
    case noAuthority(needed: MemberRole)
    /// Its content does not open with the epoch's key or does not decode (the message).
    case unopenable(String)
    /// Its change does not apply (the message).
    case invalidChange(String)
    /// The pending set is full.
    case tooManyWaiting(Int)
    /// Another envelope for the same author and seq is already waiting.
    case conflictsWithWaiting

    public var description: String {
        switch self {
        case .undecodable(let message): message
        case .newerFormat(let format):
            "it is in envelope format \(format), and this build reads formats 1 to \(EnvelopeHeader.formatVersion): upgrade PlaceSync to take it (peers send it again)"
        case .badSignature(let message): message
        case let .wrongSpace(envelope, batch): "it belongs to space \(envelope), not to the batch's space \(batch)"
        case .spaceNotHeld(let space): "this replica does not hold space \(space)"
        case .previousMismatch(let seq):
            "its previous-envelope id does not match the stored envelope #\(seq) of its author"
        case .dependenciesGoBack: "its dependencies go back behind its author's previous envelope's"
        case .headsDoNotFit(let message): "its heads do not fit it: \(message)"
        case .malformedMembershipEntry(let message): "its membership entry is malformed: \(message)"
        case .notTheGenesis: "it is not the genesis of this space"
        case .noAuthority(let needed):
            needed == .admin
                ? "its author is not an admin of the space at its causal position"
                : "its author is not a member with write rights at its causal position"
        case .unopenable(let message): "its content does not open or decode: \(message)"
        case .invalidChange(let message): "its change is invalid: \(message)"
        case .tooManyWaiting(let count): "\(count) envelopes already wait for dependencies; sync the missing ones first"
        case .conflictsWithWaiting: "another envelope for this author and seq is already waiting"
        }
    }
}
