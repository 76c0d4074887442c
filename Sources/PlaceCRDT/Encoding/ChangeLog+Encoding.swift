internal import PlaceBinary

extension ChangeLog {
    /// The first bytes of a saved log: "PSL" and the format version.
    public static let encodingMagic: [UInt8] = [0x50, 0x53, 0x4C]
    /// The saved-log format version this build writes and reads.
    public static let encodingVersion: UInt8 = 1

    /// The whole log — document snapshots, applied changes and pending changes — as bytes.
    ///
    /// Loading it with ``init(encoded:)`` reads the snapshots as they are: no operation is replayed.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 1024)
        writer.writeBytes(Self.encodingMagic)
        writer.writeByte(Self.encodingVersion)
        writer.writeVarint(documents.count)
        for id in documentIDs {
            writer.writeBytes(id.bytes)
            writer.writeLengthPrefixed(document(id).snapshot())
        }
        let applied = changes(since: VersionVector()).map { $0.encoded() }
        // Changes received naming heads that could not be resolved yet stay in that encoding.
        let waiting =
            pendingChanges.map { $0.encoded() }
            + unresolved.values.sorted { $0.change.id < $1.change.id }.map { $0.change.encoded(heads: $0.heads) }
        for changes in [applied, waiting] {
            writer.writeVarint(changes.count)
            for change in changes { writer.writeLengthPrefixed(change) }
        }
        return writer.bytes
    }

    /// Loads a log saved by ``encoded()``.
    /// - Throws: ``CRDTError`` for an unknown version or bytes that are truncated, corrupt or causally
    ///   inconsistent. The saved documents are trusted to match the saved changes (the file is local
    ///   state; PlaceSync's store protects its integrity).
    public init(encoded bytes: [UInt8]) throws(CRDTError) {
        var reader = ByteReader(bytes)
        var namingHeads: [HeadsChange] = []
        let parts: ([DocumentID: Document], [Change], [Change]) = try Change.catching {
            guard Array(try reader.readBytes(3)) == Self.encodingMagic else {
                throw CRDTError(.malformedEncoding, "not a saved PlaceSync change log (bad magic bytes)")
            }
            let version = try reader.readByte()
            guard version == Self.encodingVersion else {
                throw CRDTError(.unsupportedVersion, "saved log version \(version) is not supported; upgrade PlaceSync")
            }
            var documents: [DocumentID: Document] = [:]
            let documentCount = try reader.readCount(limit: reader.remaining / 17, field: "document count")
            for _ in 0..<documentCount {
                guard let id = DocumentID(bytes: try reader.readBytes(DocumentID.byteCount)) else {
                    throw CRDTError(.malformedEncoding, "document id must be 16 bytes")
                }
                let snapshot = try reader.readLengthPrefixed(maxBytes: CRDTLimits.maxSnapshotBytes, field: "snapshot")
                guard documents.updateValue(try Document(snapshot: Array(snapshot)), forKey: id) == nil else {
                    throw CRDTError(.malformedEncoding, "document \(id) appears twice")
                }
            }
            var lists: [[Change]] = []
            for _ in 0..<2 {
                let count = try reader.readCount(limit: reader.remaining, field: "change count")
                var changes: [Change] = []
                for _ in 0..<count {
                    let bytes = Array(try reader.readLengthPrefixed(maxBytes: reader.remaining, field: "change"))
                    if lists.count == 1, bytes.first == Change.headsEncodingVersion {
                        namingHeads.append(try HeadsChange(decoding: bytes))
                    } else {
                        changes.append(try Change(encoded: bytes))
                    }
                }
                lists.append(changes)
            }
            try reader.finish()
            return (documents, lists[0], lists[1])
        }
        var log = ChangeLog()
        try log.restore(documents: parts.0, applied: parts.1)
        for change in parts.2 {
            guard log.change(change.id) == nil, log.pending[change.actor]?[change.seq] == nil else {
                throw CRDTError(.malformedEncoding, "saved log: change \(change.id) is both applied and pending")
            }
            log.addPending(change)
        }
        for item in namingHeads {
            let id = item.change.id
            guard log.change(id) == nil, log.pending[id.actor]?[id.seq] == nil, log.unresolved[id] == nil else {
                throw CRDTError(.malformedEncoding, "saved log: change \(id) is saved twice")
            }
            log.unresolved[id] = item
        }
        self = log
    }
}
