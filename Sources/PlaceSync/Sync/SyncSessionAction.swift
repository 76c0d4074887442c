public import PlaceCrypto
public import PlaceWire

/// What a ``SyncSession`` asks its driver to do.
public enum SyncSessionAction: Sendable {
    /// Write these bytes to the stream (already framed and, after the handshake, encrypted).
    case write([UInt8])
    /// Something happened that the driver may log or show.
    case event(SyncSessionEvent)
    /// Close the stream (after writing what came before). `error` is nil for a clean end.
    case close(error: SyncSessionError?)
    /// Take in this batch from the peer (``Node/ingest(_:in:source:)-82881``), then give the session the
    /// result (``SyncSession/ingested(_:now:)``). Until then the session reads no further message and
    /// sends only heartbeats, so the ingest can run outside whatever guards the session: its ticks go on.
    case ingest(SyncIngestRequest)
}

/// A batch of envelopes the peer sent, for the driver to take in.
public struct SyncIngestRequest: Sendable {
    /// The space the batch belongs to (every envelope must be of it).
    public let space: SpaceID
    /// The envelopes, as received.
    public let envelopes: [[UInt8]]
    /// Where they came from, for the ingest report (`peer:` and the peer's node id).
    public let source: String
}

/// Something a sync session reports.
public enum SyncSessionEvent: Sendable, Equatable {
    /// The handshake completed with `peer`, proven to hold that node key, speaking `version`.
    case connected(peer: NodeID, version: UInt16)
    /// Envelopes of `space` from the peer were stored: how many applied, waited, were duplicates or
    /// were refused (a refusal names the reason in the node's ingest report; it is not fatal).
    case received(space: SpaceID, applied: Int, pending: Int, duplicates: Int, refused: Int)
    /// The peer sent `envelopes` envelopes of `space` in envelope format `format` (the newest among them),
    /// newer than this build reads: they were refused, not acknowledged, and come again once this node
    /// is upgraded. Everything else in the batch was taken in as usual.
    case newerEnvelopeFormat(space: SpaceID, envelopes: Int, format: UInt8)
    /// The peer sent a message of an optional type (`SyncMessage.optionalTypes`) this build does not
    /// know; it was skipped (reported once per type and session).
    case skippedOptionalMessage(type: UInt8)
    /// The peer claimed to hold less of `authors` authors' envelopes in `space` than it attested (signed)
    /// before this session began: it is keeping envelopes from this node (``Node/delivery(of:)``).
    case withholding(space: SpaceID, authors: Int)
    /// Head attestations of `space` from the peer: how many were kept and how many refused (not members,
    /// bad signatures).
    case attestations(space: SpaceID, stored: Int, refused: Int)
    /// This node started its state of `space` from a checkpoint the peer offered, in place of the
    /// `envelopes` envelopes of history below it (`Protocol/CHECKPOINT.md`).
    case checkpointInstalled(space: SpaceID, envelopes: UInt64)
    /// This node (a relay) keeps the checkpoint of `space` the peer sent, to offer it to new members.
    case checkpointKept(space: SpaceID)
    /// This node did not take the checkpoint of `space` the peer offered, and asked for the history
    /// instead: why (it does not verify, no key opens it, the replica already holds content).
    case checkpointDeclined(space: SpaceID, reason: String)
    /// This node took on `space` after the peer showed a membership chain naming it.
    case adopted(space: SpaceID)
    /// A peer said this node belongs to `space`, which it does not hold: kept as an offer for the user
    /// (``Node/offers()-kw31``), not taken on.
    case offered(space: SpaceID)
    /// This node admitted the peer to `space` on its invite.
    case admittedPeer(space: SpaceID)
    /// The peer admitted this node to `space` on the invite it brought.
    case admittedByPeer(space: SpaceID)
    /// The peer refused to exchange `space` (this node is not, or no longer, a member there in its view).
    case refusedByPeer(space: SpaceID)
    /// Both sides have exchanged everything they held when the session began (``SyncSession/isSynced``).
    case synced
}

/// Why a sync session ended badly. Never contains keys or content.
public struct SyncSessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The protocol's error code (sent to or received from the peer).
    public var code: SyncErrorCode
    /// What went wrong, for logs and `placesync status`.
    public var message: String
    /// Whether the peer reported it (`true`) or this side found it (`false`).
    public var fromPeer: Bool

    /// Creates an error.
    public init(code: SyncErrorCode, message: String, fromPeer: Bool = false) {
        self.code = code
        self.message = message
        self.fromPeer = fromPeer
    }

    public var description: String { "\(fromPeer ? "peer: " : "")\(code): \(message)" }
}
