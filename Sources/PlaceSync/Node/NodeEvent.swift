public import PlaceCRDT
internal import PlaceWire

/// Something that changed in the replica, for frontends to refresh what they show.
public struct NodeEvent: Hashable, Sendable {
    /// Where the change came from.
    public enum Origin: Hashable, Sendable {
        /// A transaction made through this node.
        case local
        /// Envelopes ingested from other nodes.
        case remote
    }

    /// The space.
    public var space: SpaceID
    /// The document that changed.
    public var document: DocumentID
    /// Where the change came from.
    public var origin: Origin

    /// Creates an event.
    public init(space: SpaceID, document: DocumentID, origin: Origin) {
        self.space = space
        self.document = document
        self.origin = origin
    }
}

extension Node {
    /// The changes to the replica made through this node from now on (local transactions and ingested
    /// envelopes), as an `AsyncSequence`. Each call returns a new, independent stream.
    public var events: AsyncStream<NodeEvent> { eventHub.subscribe() }

    /// A signal each time envelopes are stored through this node — local writes, membership changes and
    /// ingests, relayed envelopes included (which produce no ``events``). Signals coalesce while the
    /// reader is busy. Writes by other processes on the same replica do not signal here; watch
    /// `lastEnvelopeRow()` for those.
    public var storedEnvelopes: AsyncStream<Void> { storeSignal.subscribe() }
}
