public import PlaceCRDT
internal import PlaceWire

/// Names one envelope: `(space, author, seq)`.
public struct EnvelopeRef: Hashable, Sendable, CustomStringConvertible {
    /// The space.
    public var space: SpaceID
    /// The author.
    public var author: ActorID
    /// The author's sequence number.
    public var seq: UInt64

    public var description: String { "\(author)#\(seq)" }
}

/// What ``Node/ingest(_:in:source:)-82881`` did with a batch of envelopes.
public struct IngestReport: Sendable {
    /// Applied to the replica (including waiting ones the batch unblocked), in order.
    public var applied: [EnvelopeRef] = []
    /// Stored to wait for the author's previous envelope or another dependency.
    public var pending: [EnvelopeRef] = []
    /// Already held; nothing changed.
    public var duplicates: [EnvelopeRef] = []
    /// Kept as evidence only, beyond a cut-off (or depending on an envelope beyond one).
    public var excluded: [EnvelopeRef] = []
    /// Authors found signing two different envelopes for one seq: frozen at seq − 1 here.
    public var equivocations: [EnvelopeRef] = []
    /// Refused, with why (`envelope` is `nil` when the bytes did not even decode). Nothing of these is kept.
    public var rejected: [(envelope: EnvelopeRef?, reason: IngestRefusal)] = []
    /// Documents whose state changed.
    public var changedDocuments: Set<DocumentKey> = []

    /// A document in a space.
    public struct DocumentKey: Hashable, Sendable {
        /// The space.
        public var space: SpaceID
        /// The document.
        public var document: DocumentID
    }
}
