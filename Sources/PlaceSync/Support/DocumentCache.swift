internal import PlaceCRDT
internal import PlaceWire

/// Decoded documents kept between transactions, each with the revision of the row it was read from; a
/// write checks the revision in its transaction, so a copy changed by another process is never used.
struct DocumentCache: Sendable {
    struct Key: Hashable, Sendable {
        var space: SpaceID
        var document: DocumentID
    }

    private var entries: [Key: (revision: Int64, document: Document)] = [:]
    private var order: [Key] = []
    /// How many documents are kept.
    static let capacity = 64

    func document(_ key: Key, revision: Int64) -> Document? {
        guard let entry = entries[key], entry.revision == revision else { return nil }
        return entry.document
    }

    mutating func store(_ document: Document, revision: Int64, for key: Key) {
        if entries.updateValue((revision, document), forKey: key) == nil {
            order.append(key)
            if order.count > Self.capacity {
                entries[order.removeFirst()] = nil
            }
        }
    }

    mutating func removeAll() {
        entries.removeAll()
        order.removeAll()
    }
}
