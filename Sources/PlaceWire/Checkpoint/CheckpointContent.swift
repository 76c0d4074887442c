internal import PlaceBinary
public import PlaceCRDT

/// What a ``Checkpoint`` seals: each document's state at the checkpoint's vector, and a stub for every
/// content envelope at or below it — the facts a replica keeps of an envelope it does not hold the
/// bytes of, so that envelopes after the checkpoint can be checked against it (`Protocol/CHECKPOINT.md`).
///
///     content  = u8 version (1)
///                varint authorCount, authorCount × (author (32), varint stubCount, stubCount × stub)
///                varint documentCount, documentCount × document
///     stub     = varint seqStep (≥ 1: seq − the author's previous stub's seq), varint lamportEnd,
///                varint pastLength, causal past (ENVELOPE.md §4 record), u8 hasID, [id (32)]
///     document = id (16), varint latestLamport, latestAuthor (32), varint updatedAtMillis, varint length,
///                snapshot
public struct CheckpointContent: Sendable, Equatable {
    /// One content envelope below the checkpoint, without its bytes.
    public struct Stub: Sendable, Equatable {
        /// Its seq in its author's chain.
        public var seq: UInt64
        /// The Lamport counter of its change's last operation.
        public var lamportEnd: UInt64
        /// Its causal past as the replica stores it (`Protocol/ENVELOPE.md` §4): whole, or a delta against
        /// its author's previous envelope.
        public var causalPast: [UInt8]
        /// Its envelope id, where the author's next envelope names it as `previous` and is not a stub.
        public var id: [UInt8]?

        /// Creates a stub.
        public init(seq: UInt64, lamportEnd: UInt64, causalPast: [UInt8], id: [UInt8]?) {
            self.seq = seq
            self.lamportEnd = lamportEnd
            self.causalPast = causalPast
            self.id = id
        }
    }

    /// One document's state at the checkpoint's vector.
    public struct DocumentState: Sendable, Equatable {
        /// The document.
        public var id: DocumentID
        /// The Lamport counter and author of its latest change (what its summary shows).
        public var latestLamport: UInt64
        public var latestAuthor: ActorID
        /// When it last changed on the checkpoint's maker (milliseconds since 1970, that node's clock): what
        /// a new member's document lists sort by until it changes there.
        public var updatedAtMillis: UInt64
        /// Its CRDT snapshot (`Document.snapshot()`).
        public var snapshot: [UInt8]

        /// Creates a document state.
        public init(
            id: DocumentID, latestLamport: UInt64, latestAuthor: ActorID, updatedAtMillis: UInt64 = 0, snapshot: [UInt8]
        ) {
            self.id = id
            self.latestLamport = latestLamport
            self.latestAuthor = latestAuthor
            self.updatedAtMillis = updatedAtMillis
            self.snapshot = snapshot
        }
    }

    /// The stubs of each author, seqs ascending.
    public var stubs: [ActorID: [Stub]]
    /// The documents, by id ascending.
    public var documents: [DocumentState]

    /// The format this build writes and reads.
    public static let formatVersion: UInt8 = 1
    /// The largest causal-past record of a stub (a whole past of `Checkpoint.maxAuthors` entries).
    public static let maxPastBytes = 16 + Checkpoint.maxAuthors * 42

    /// Creates content.
    public init(stubs: [ActorID: [Stub]], documents: [DocumentState]) {
        self.stubs = stubs
        self.documents = documents
    }

    /// The encoding.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(Self.formatVersion)
        writer.writeVarint(stubs.count)
        for author in stubs.keys.sorted() {
            let list = stubs[author] ?? []
            writer.writeBytes(author.bytes)
            writer.writeVarint(list.count)
            var last: UInt64 = 0
            for stub in list {
                writer.writeVarint(stub.seq &- last)
                last = stub.seq
                writer.writeVarint(stub.lamportEnd)
                writer.writeLengthPrefixed(stub.causalPast)
                if let id = stub.id {
                    writer.writeByte(1)
                    writer.writeBytes(id)
                } else {
                    writer.writeByte(0)
                }
            }
        }
        writer.writeVarint(documents.count)
        for document in documents {
            writer.writeBytes(document.id.bytes)
            writer.writeVarint(document.latestLamport)
            writer.writeBytes(document.latestAuthor.bytes)
            writer.writeVarint(document.updatedAtMillis)
            writer.writeLengthPrefixed(document.snapshot)
        }
        return writer.bytes
    }

    /// Reads content.
    /// - Throws: ``WireError/Code/malformed`` for bad structure (authors or documents out of order or
    ///   repeated, a seq step of 0, an id of the wrong length); ``WireError/Code/limitExceeded``.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        do {
            let version = try reader.readByte()
            guard version == Self.formatVersion else {
                throw WireError(.unsupportedVersion, "checkpoint content format \(version) is not supported")
            }
            let authorCount = try reader.readCount(
                limit: min(Checkpoint.maxAuthors, reader.remaining / 33), field: "stub authors")
            var stubs: [ActorID: [Stub]] = [:]
            var lastAuthor: ActorID?
            for _ in 0..<authorCount {
                guard let author = ActorID(bytes: Array(try reader.readBytes(ActorID.byteCount))) else {
                    throw WireError(.malformed, "a stub author is not 32 bytes")
                }
                if let lastAuthor, !(lastAuthor < author) {
                    throw WireError(.malformed, "stub authors must be ascending, once each")
                }
                lastAuthor = author
                let count = try reader.readCount(limit: reader.remaining / 4, field: "stubs")
                var list: [Stub] = []
                list.reserveCapacity(count)
                var seq: UInt64 = 0
                for _ in 0..<count {
                    let (next, overflow) = seq.addingReportingOverflow(
                        try reader.readVarint(in: 1...UInt64.max, field: "stub seq step"))
                    guard !overflow else { throw WireError(.malformed, "a stub seq overflows") }
                    seq = next
                    let lamportEnd = try reader.readVarint()
                    let past = Array(try reader.readLengthPrefixed(maxBytes: Self.maxPastBytes, field: "causal past"))
                    let id: [UInt8]?
                    switch try reader.readByte() {
                    case 0: id = nil
                    case 1: id = Array(try reader.readBytes(32))
                    default: throw WireError(.malformed, "a stub's id flag is 0 or 1")
                    }
                    list.append(Stub(seq: seq, lamportEnd: lamportEnd, causalPast: past, id: id))
                }
                stubs[author] = list
            }
            let documentCount = try reader.readCount(limit: reader.remaining / 50, field: "documents")
            var documents: [DocumentState] = []
            documents.reserveCapacity(documentCount)
            for _ in 0..<documentCount {
                guard let id = DocumentID(bytes: Array(try reader.readBytes(DocumentID.byteCount))) else {
                    throw WireError(.malformed, "a document id is not 16 bytes")
                }
                if let last = documents.last, !(last.id < id) {
                    throw WireError(.malformed, "checkpoint documents must be ascending, once each")
                }
                let lamport = try reader.readVarint()
                guard let author = ActorID(bytes: Array(try reader.readBytes(ActorID.byteCount))) else {
                    throw WireError(.malformed, "a document's latest author is not 32 bytes")
                }
                let updatedAt = try reader.readVarint()
                let snapshot = Array(
                    try reader.readLengthPrefixed(maxBytes: Checkpoint.maxContentBytes, field: "snapshot"))
                documents.append(
                    DocumentState(
                        id: id, latestLamport: lamport, latestAuthor: author, updatedAtMillis: updatedAt,
                        snapshot: snapshot))
            }
            try reader.finish()
            self.stubs = stubs
            self.documents = documents
        } catch let error as WireError {
            throw error
        } catch let error as BinaryError where error.code == .limitExceeded {
            throw WireError(.limitExceeded, "checkpoint content: \(error.message)", underlying: error)
        } catch {
            throw WireError(.malformed, "checkpoint content: \(error)", underlying: error)
        }
    }
}
