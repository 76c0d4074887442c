public import PlaceCRDT

/// An envelope as the store keeps it: its bytes exactly as received, and the facts the node read from it.
public struct StoredEnvelope: Hashable, Sendable {
    /// The space id (16 bytes).
    public var space: SpaceID
    /// The author (the envelope's signer, the change's actor).
    public var author: ActorID
    /// The author's sequence number in the space.
    public var seq: UInt64
    /// The envelope kind (its header byte).
    public var kind: UInt8
    /// The content-key epoch.
    public var epoch: UInt64
    /// The envelope id (BLAKE2b-256 of `bytes`).
    public var id: [UInt8]
    /// The envelope, byte for byte.
    public var bytes: [UInt8]
    /// The document a content envelope edits, once decrypted (`nil` on a relay).
    public var document: DocumentID?
    /// The Lamport counter of the change's last operation, once applied.
    public var lamportEnd: UInt64?
    /// Whether the change is part of the replica's state (`false`: kept as evidence only).
    public var applied: Bool
    /// The envelope's resolved causal past, as PlaceSync encodes it (whole, or a delta against the
    /// author's previous envelope); `nil` for a format-1 envelope, whose header carries it.
    public var causalPast: [UInt8]?

    /// Creates a record.
    public init(
        space: SpaceID, author: ActorID, seq: UInt64, kind: UInt8, epoch: UInt64, id: [UInt8], bytes: [UInt8],
        document: DocumentID?, lamportEnd: UInt64?, applied: Bool, causalPast: [UInt8]? = nil
    ) {
        self.causalPast = causalPast
        self.space = space
        self.author = author
        self.seq = seq
        self.kind = kind
        self.epoch = epoch
        self.id = id
        self.bytes = bytes
        self.document = document
        self.lamportEnd = lamportEnd
        self.applied = applied
    }
}

/// A materialized document and its query columns.
public struct StoredDocument: Sendable {
    /// The space id.
    public var space: SpaceID
    /// The document id.
    public var id: DocumentID
    /// The CRDT snapshot (`Document.snapshot()` in PlaceCRDT) as of the last whole save.
    public var snapshot: [UInt8]
    /// The changes applied since `snapshot`, in the order they applied: the document's state is the
    /// snapshot with these re-applied.
    public var tail: [TailChange]
    /// Incremented on every save: lets a process tell whether its cached copy is current.
    public var revision: Int64
    /// The summary the frontends list and search (its `body` is empty: the index holds the text).
    public var summary: DocumentSummary

    /// Creates a record.
    public init(
        space: SpaceID, id: DocumentID, snapshot: [UInt8], tail: [TailChange] = [], revision: Int64,
        summary: DocumentSummary
    ) {
        self.space = space
        self.id = id
        self.snapshot = snapshot
        self.tail = tail
        self.revision = revision
        self.summary = summary
    }
}

/// One change of a document's tail: applied after its stored snapshot, kept as its plaintext change
/// body (the bytes the author sealed) until the next whole save folds it in.
public struct TailChange: Hashable, Sendable {
    /// The change's author.
    public var author: ActorID
    /// Its sequence number.
    public var seq: UInt64
    /// The change body (`Change.encodedBody()` in PlaceCRDT).
    public var body: [UInt8]

    /// Creates a tail change.
    public init(author: ActorID, seq: UInt64, body: [UInt8]) {
        self.author = author
        self.seq = seq
        self.body = body
    }
}

/// What the frontends show of a document without opening it.
public struct DocumentSummary: Hashable, Sendable {
    /// The document's `type` key (for example "note" or "project"), if it has one.
    public var type: String?
    /// The document's `title` key, if it has one.
    public var title: String?
    /// The text the full-text index holds (titles are indexed separately). Empty in summaries read
    /// back from the store: the index keeps the text in pieces and reads never need it whole.
    public var body: String
    /// When this replica last changed the document (seconds since 1970, local time of arrival: it
    /// differs between replicas).
    public var updatedAt: Double
    /// Who made the latest change: the author of the applied change with the highest Lamport counter
    /// (ties: the higher actor id), so every replica names the same author whatever order it applied
    /// changes in.
    public var updatedBy: ActorID
    /// The Lamport counter of that change.
    public var updatedLamport: UInt64

    /// Creates a summary.
    public init(
        type: String?, title: String?, body: String, updatedAt: Double, updatedBy: ActorID, updatedLamport: UInt64
    ) {
        self.type = type
        self.title = title
        self.body = body
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.updatedLamport = updatedLamport
    }
}

/// A space this replica holds.
public struct StoredSpace: Hashable, Sendable {
    /// The space id.
    public var id: SpaceID
    /// The local name.
    public var name: String
    /// When it was created or joined here.
    public var createdAt: Double
    /// The largest Lamport counter of any applied change in the space.
    public var maxLamport: UInt64

    /// Creates a record.
    public init(id: SpaceID, name: String, createdAt: Double, maxLamport: UInt64) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.maxLamport = maxLamport
    }
}

/// One full-text search result.
public struct SearchHit: Hashable, Sendable {
    /// The space id.
    public var space: SpaceID
    /// The document.
    public var document: DocumentID
    /// The title, if any.
    public var title: String?
    /// A short excerpt around the match, with the matched words in `[` `]`.
    public var excerpt: String
}
