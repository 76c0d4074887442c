internal import PlaceCRDT
internal import PlaceStore

/// How the node persists a document after an edit: by appending the edit's changes to the document's
/// tail (a write then costs what changed), or, when the tail has grown long, by writing a whole new
/// snapshot that folds the tail in. Loading replays the tail over the snapshot (``DocumentSaving/load``).
///
/// A tail holds at most half its snapshot's size in change bodies (and at most 64 changes, 256 KiB):
/// a small document, whose snapshot costs little to write, is saved whole as before, and loading any
/// document replays at most about half a snapshot's worth of changes. A large one appends: its whole
/// save, which costs its size, comes once per half its size of changes.
enum DocumentSaving {
    /// The most changes a tail holds before the next save writes a whole snapshot.
    static let maxTailChanges = 64
    /// The most change-body bytes a tail holds before the next save writes a whole snapshot (and at most
    /// half the snapshot's bytes).
    static let maxTailBytes = 256 * 1024

    /// Saves `document` after `applied` (the changes this save adds, in the order they applied) in the
    /// caller's transaction. Returns the new revision.
    static func save(
        _ tx: StoreTransaction, space: SpaceID, id: DocumentID, document: Document, applied: [TailChange],
        summary: DocumentSummary
    ) throws -> Int64 {
        let bytes = applied.reduce(0) { $0 + $1.body.count }
        if !applied.isEmpty, let tail = try tx.documentTail(space: space, id: id),
            tail.changes + applied.count <= maxTailChanges,
            tail.bytes + bytes <= min(maxTailBytes, tail.snapshotBytes / 2)
        {
            return try tx.saveDocument(space: space, id: id, appending: applied, summary: summary)
        }
        return try tx.saveDocument(space: space, id: id, snapshot: document.snapshot(), summary: summary)
    }

    /// A stored document's state: its snapshot with its tail re-applied.
    static func load(_ stored: StoredDocument) throws(CRDTError) -> Document {
        var document = try Document(snapshot: stored.snapshot)
        for change in stored.tail {
            let previous = change.seq > 0 ? change.seq - 1 : 0
            try document.reapply(
                Change(
                    actor: change.author, seq: change.seq, deps: VersionVector([change.author: previous]),
                    body: change.body))
        }
        return document
    }
}
