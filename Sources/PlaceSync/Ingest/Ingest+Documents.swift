internal import PlaceCRDT
internal import PlaceStore
internal import PlaceWire

/// The documents a batch edits: loaded once, edited in memory, saved once at the end with the spaces'
/// clocks.
extension Ingest {
    /// A document to edit, with the latest change it holds.
    func loadWorking(_ key: DocumentCache.Key) throws -> WorkingDocument {
        guard let stored = try tx.document(space: key.space, id: key.document) else {
            return WorkingDocument(document: Document(), latest: Latest(lamport: 0, author: node.actor))
        }
        let document = try node.decode(stored, key: key)
        return WorkingDocument(
            document: document,
            latest: Latest(lamport: stored.summary.updatedLamport, author: stored.summary.updatedBy))
    }

    mutating func recordSaved(_ key: DocumentCache.Key, _ document: Document, _ revision: Int64) {
        saved[key] = (document, revision)
    }

    /// Saves every edited document and the spaces' Lamport clocks. Returns what was saved.
    mutating func saveDocuments() throws -> [DocumentCache.Key: (Document, Int64)] {
        for (key, working) in documents {
            let summary = working.document.summary(updatedAt: now, latest: working.latest)
            let revision = try DocumentSaving.save(
                tx, space: key.space, id: key.document, document: working.document, applied: working.applied,
                summary: summary)
            saved[key] = (working.document, revision)
        }
        documents.removeAll()
        for (space, state) in spaces {
            try tx.raiseMaxLamport(space: space, to: state.maxLamport)
            // The clocks of the authors this batch applied (stored once per batch, not per envelope).
            for (author, seq) in state.version.entries where seq > (state.storedVersion[author]) {
                try tx.raiseClock(space: space, author: author, to: seq)
            }
            spaces[space]?.storedVersion = state.version
            if state.frontierChanged, let frontier = state.frontier {
                try tx.setFrontier(space: space, frontier)
                spaces[space]?.frontierChanged = false
            }
        }
        return saved
    }
}
