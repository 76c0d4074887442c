public import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

/// A document as listed by ``Node/documents(in:)-6c71y``.
public struct DocumentInfo: Hashable, Sendable {
    /// The document.
    public var id: DocumentID
    /// Its `type` key, if any.
    public var type: String?
    /// Its `title` key, if any.
    public var title: String?
    /// When this replica last changed it (seconds since 1970).
    public var updatedAt: Double
    /// The node that made the last change.
    public var updatedBy: NodeID
}

/// How a document is stored, as ``Node/storage(of:in:)`` reports it.
public struct DocumentStorage: Hashable, Sendable {
    /// The most changes a tail holds before the next write folds it into a new snapshot.
    public static let maxTailChanges = DocumentSaving.maxTailChanges
    /// The bytes of its snapshot (as of the last whole save).
    public var snapshotBytes: Int
    /// The changes saved since that snapshot.
    public var tailChanges: Int
    /// Their change-body bytes.
    public var tailBytes: Int
}

/// One full-text search result.
public struct SearchResult: Hashable, Sendable {
    /// The space.
    public var space: SpaceID
    /// The document.
    public var document: DocumentID
    /// Its title, if any.
    public var title: String?
    /// An excerpt with the matched words in `[` `]`.
    public var excerpt: String
}

extension Node {
    /// The current state of a document (empty if nothing wrote to it yet).
    public func document(_ id: DocumentID, in space: SpaceID) throws -> Document {
        try Self.storageCall {
            try store.read { tx in
                guard try tx.space(space) != nil else {
                    throw SyncError(.unknownSpace, "this replica does not hold space \(space)")
                }
                let document = try loadDocument(tx, space: space, id: id)
                if let revision = try tx.documentRevision(space: space, id: id) {
                    documentCache.withLock {
                        $0.store(document, revision: revision, for: .init(space: space, document: id))
                    }
                }
                return document
            }
        }
    }

    /// How a document is stored: the size of its snapshot and of the tail of changes saved since (a
    /// write appends its change to the tail; when the tail would pass ``DocumentStorage/maxTailChanges``
    /// changes or half the snapshot's size, a write folds it into a new snapshot — so a small document
    /// is always saved whole). `nil` if nothing wrote to the document yet.
    public func storage(of id: DocumentID, in space: SpaceID) throws -> DocumentStorage? {
        try Self.storageCall {
            try store.read { tx in
                try tx.documentTail(space: space, id: id).map {
                    DocumentStorage(snapshotBytes: $0.snapshotBytes, tailChanges: $0.changes, tailBytes: $0.bytes)
                }
            }
        }
    }

    /// The documents of a space, most recently changed first.
    public func documents(in space: SpaceID) throws -> [DocumentInfo] {
        try Self.storageCall {
            try store.read { tx in
                try tx.documents(space: space).map {
                    DocumentInfo(
                        id: $0.id, type: $0.summary.type, title: $0.summary.title, updatedAt: $0.summary.updatedAt,
                        updatedBy: try NodeID(publicKey: $0.summary.updatedBy.bytes))
                }
            }
        }
    }

    /// Full-text search over the titles and texts of every space; each word must match (as a prefix).
    public func search(_ text: String, limit: Int = 50) throws -> [SearchResult] {
        try Self.storageCall {
            try store.read { tx in
                try tx.search(text, limit: limit).map {
                    SearchResult(
                        space: $0.space, document: $0.document, title: $0.title, excerpt: $0.excerpt
                    )
                }
            }
        }
    }

    /// The space's version vector: per author, the highest seq applied here.
    public func version(of space: SpaceID) throws -> VersionVector {
        try Self.storageCall { try store.read { tx in try tx.version(space: space) } }
    }

    /// The envelopes a peer at `vector` lacks, byte for byte, in an order in which they can be ingested.
    /// With `includeEvidence`, also those kept as evidence beyond cut-offs: a peer needs them to reach the
    /// same membership (an excluded removal can still count) and to see equivocations.
    public func envelopes(
        in space: SpaceID, since vector: VersionVector, limit: Int = .max, includeEvidence: Bool = false
    )
        throws -> [[UInt8]]
    {
        try Self.storageCall {
            try store.read { tx in
                try tx.envelopes(space: space, since: vector, limit: limit, includeEvidence: includeEvidence)
                    .map(\.bytes)
            }
        }
    }

    /// The authors frozen in a space, with the highest seq accepted from each.
    public func cutoffs(in space: SpaceID) throws -> [ActorID: UInt64] {
        try Self.storageCall { try store.read { tx in try tx.cutoffs(space: space) } }
    }

    /// The equivocation proofs held for a space: pairs of envelopes signed for one (author, seq).
    public func equivocationProofs(in space: SpaceID) throws -> [(first: [UInt8], second: [UInt8])] {
        try Self.storageCall {
            try store.read { tx in try tx.equivocations(space: space).map { (first: $0.first, second: $0.second) }
            }
        }
    }

    /// How many envelopes wait for dependencies.
    public func pendingCount() throws -> Int {
        try Self.storageCall { try store.read { tx in try tx.pendingCount() } }
    }
}
