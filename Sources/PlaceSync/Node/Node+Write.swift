public import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

extension Node {
    /// Edits a document: runs `body` with a `Transaction` (PlaceCRDT) on the current state, then seals the edits
    /// into one signed, encrypted envelope and commits envelope, document state (the change appended to
    /// the document's tail, or a new snapshot), query columns and the full-text pieces it changed in one
    /// SQLite transaction. Returns only after the commit (durable per
    /// ``NodeConfiguration/store``).
    ///
    /// ```swift
    /// try node.transact(in: space, document: note) { tx in
    ///     let body = try tx.makeContainer(.text, at: "body")
    ///     try tx.insertText("Week 1: baseline audit", at: 0, in: body)
    /// }
    /// ```
    /// - Returns: the change, or `nil` if `body` made no edit (nothing is written).
    /// - Throws: what `body` throws (nothing is written); ``SyncError/Code/unknownSpace``;
    ///   ``SyncError/Code/authorFrozen`` when this node's author was cut off in the space;
    ///   ``SyncError/Code/storage``.
    @discardableResult
    public func transact(in space: SpaceID, document: DocumentID, _ body: (inout Transaction) throws -> Void) throws
        -> Change?
    {
        // After concurrent removals the current epoch's key may have reached a removed member: an admin
        // starts a new epoch before writing (other writers keep the current one until an admin does).
        if try currentEpochReachedNonReaders(space), try membership(of: space).role(of: actor) == .admin {
            try rotateEpoch(in: space)
        }
        let key: ContentKey
        do {
            key = try currentContentKey(space)
        } catch let error as SyncError where error.code == .noKey {
            // Say what is missing: a node that is no writer here needs an admin, one that is waits a sync.
            let current = try self.status(of: space)
            throw SyncError(
                current.role?.canWrite == true ? .noKey : .notPermitted,
                "cannot write in space \(space): \(current.explanation)")
        }
        let actor = self.actor
        let now = configuration.now()
        let started = NodeMetrics.now()
        defer { NodeMetrics.wrote(since: started) }
        let result: (change: Change, document: Document, revision: Int64, past: CausalPasts.Past?)? =
            try Self.storageCall {
                try store.write { tx in
                    guard let spaceRow = try tx.space(space) else {
                        throw SyncError(.unknownSpace, "this replica does not hold space \(space)")
                    }
                    let version = try tx.version(space: space)
                    let lastSeq = try tx.lastSeq(space: space, author: actor)
                    if let cutoff = try tx.cutoffs(space: space)[actor] {
                        throw SyncError(
                            .authorFrozen,
                            "this node's author is frozen at #\(cutoff) in space \(space) (an equivocation proof names it); it must write with a new key"
                        )
                    }
                    guard version[actor] == lastSeq else {
                        throw SyncError(
                            .authorFrozen, "this node's own envelopes in space \(space) are not all applied")
                    }
                    let membership = try membership(tx, space: space)
                    guard membership.epoch == key.epoch else {
                        throw SyncError(.noKey, "the space's content key changed while writing; try again")
                    }
                    guard try roleForNextWrite(tx, space: space)?.canWrite == true else {
                        throw SyncError(
                            .notPermitted,
                            "this node (\(nodeID)) is not a member of space \(space) with write rights; ask an admin to add it"
                        )
                    }
                    var current = try loadDocument(tx, space: space, id: document)
                    guard
                        let change = try current.transact(
                            id: document, actor: actor, seq: lastSeq + 1, deps: version,
                            lamportStart: spaceRow.maxLamport + 1, body)
                    else { return nil }
                    let previous = try tx.envelope(space: space, author: actor, seq: lastSeq).map {
                        try EnvelopeID(bytes: $0.id)
                    }
                    let (header, causalPast, past) = try nextHeader(
                        tx, kind: .content, space: space, seq: change.seq, epoch: key.epoch, previous: previous,
                        version: version)
                    let changeBody = change.encodedBody()
                    let envelope = try Envelope.sealContent(
                        header: header, plaintext: changeBody, key: key, author: identity.current)
                    try tx.insertEnvelope(
                        StoredEnvelope(
                            space: space, author: actor, seq: change.seq, kind: EnvelopeHeader.Kind.content.rawValue,
                            epoch: key.epoch, id: envelope.id.bytes, bytes: envelope.encoded, document: document,
                            lamportEnd: change.lamportEnd, applied: true, causalPast: causalPast))
                    try tx.raiseMaxLamport(space: space, to: change.lamportEnd)
                    let summary = current.summary(
                        updatedAt: now, latest: Latest(lamport: change.lamportEnd, author: actor))
                    let revision = try DocumentSaving.save(
                        tx, space: space, id: document, document: current,
                        applied: [TailChange(author: actor, seq: change.seq, body: changeBody)], summary: summary)
                    return (change, current, revision, past)
                }
            }
        guard let result else { return nil }
        // Committed: this envelope's causal past is what the next one starts from.
        ownPasts.withLock { own in
            if let past = result.past { own[space] = (result.change.seq, past) } else { own[space] = nil }
        }
        documentCache.withLock {
            $0.store(result.document, revision: result.revision, for: .init(space: space, document: document))
        }
        eventHub.publish([NodeEvent(space: space, document: document, origin: .local)])
        storeSignal.fire()
        return result.change
    }

    /// The current state of a document inside a transaction: the cached copy if its revision is
    /// current, else loaded from the stored snapshot and tail; an empty document if there is none.
    func loadDocument(_ tx: StoreTransaction, space: SpaceID, id: DocumentID) throws -> Document {
        let key = DocumentCache.Key(space: space, document: id)
        guard let revision = try tx.documentRevision(space: space, id: id) else { return Document() }
        if let cached = documentCache.withLock({ $0.document(key, revision: revision) }) { return cached }
        guard let stored = try tx.document(space: space, id: id) else { return Document() }
        return try decode(stored, key: key)
    }

    /// A stored document: the cached copy if it is of the stored revision, else decoded.
    func decode(_ stored: StoredDocument, key: DocumentCache.Key) throws -> Document {
        if let cached = documentCache.withLock({ $0.document(key, revision: stored.revision) }) { return cached }
        do {
            return try DocumentSaving.load(stored)
        } catch {
            throw SyncError(
                .storage,
                "the stored state of document \(key.document) (snapshot and \(stored.tail.count) changes since) does not load: \(error.message)",
                underlying: error)
        }
    }
}

extension Document {
    /// The query columns: the `type` and `title` keys of the root, and every text's content.
    func summary(updatedAt: Double, latest: Latest) -> DocumentSummary {
        func string(_ key: String) -> String? {
            if case .scalar(.string(let value)) = value(forKey: key) { return value }
            return nil
        }
        let texts = containerIDs.filter { kind(of: $0) == .text }.compactMap { text(of: $0) }
        return DocumentSummary(
            type: string("type"), title: string("title"), body: texts.joined(separator: "\n"), updatedAt: updatedAt,
            updatedBy: latest.author, updatedLamport: latest.lamport)
    }
}

/// The latest change to a document: highest Lamport counter, then highest actor — the same on every
/// replica, whatever order changes arrived in.
struct Latest: Comparable, Sendable {
    var lamport: UInt64
    var author: ActorID

    static func < (lhs: Latest, rhs: Latest) -> Bool { (lhs.lamport, lhs.author) < (rhs.lamport, rhs.author) }
}
