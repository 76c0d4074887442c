internal import PlaceBinary
public import PlaceCRDT
public import PlaceCrypto

/// An admin's checkpoint of a space (`Protocol/CHECKPOINT.md`): the state of each document at a version
/// vector, sealed under the epoch key, with what a new member needs to take envelopes after it — so a
/// joiner starts from it instead of replaying years of history.
///
/// The signed header commits to the body by its BLAKE2b-256 hash. The body holds, in the clear, the
/// space's non-content envelopes below the vector (membership entries and key wraps, each signed by its
/// own author: what proves the checkpoint's author an admin, and what gives a member its key), and the
/// sealed ``CheckpointContent``.
///
/// ```swift
/// let checkpoint = try Checkpoint.sign(space: space, epoch: 3, issuedAt: now, vector: version,
///                                      envelopes: chain, content: content, key: key, by: admin)
/// let received = try Checkpoint(decoding: checkpoint.bytes)   // checks the signature and the hash
/// let content = try received.open(with: key)
/// ```
public struct Checkpoint: Sendable, Equatable {
    /// The space.
    public let space: SpaceID
    /// The admin that signed it.
    public let author: ActorID
    /// The epoch whose content key seals its content.
    public let epoch: UInt64
    /// When it was signed (seconds since 1970, the author's clock: shown, never decided by).
    public let issuedAt: UInt64
    /// The version vector the documents' state is at: every envelope at or below it is in it.
    public let vector: VersionVector
    /// BLAKE2b-256 of the body, as signed.
    public let bodyHash: [UInt8]
    /// The space's membership entries and key wraps at or below ``vector``, in an order they apply.
    public let envelopes: [[UInt8]]
    /// The sealed, deflated ``CheckpointContent``.
    public let sealed: [UInt8]
    /// The whole checkpoint, as it travels.
    public let bytes: [UInt8]
    /// The checkpoint's id: BLAKE2b-256 of its signed header (which commits to everything else).
    public let id: [UInt8]

    /// The format this build writes and reads.
    public static let formatVersion: UInt8 = 1
    /// The largest checkpoint.
    public static let maxBytes = 256 << 20
    /// The most authors its vector may name.
    public static let maxAuthors = 65_536
    /// The most envelopes its body may carry in the clear.
    public static let maxEnvelopes = 1 << 20
    /// The largest content once inflated.
    public static let maxContentBytes = 512 << 20

    /// Seals `content` under `key`, and signs the checkpoint as `signer`.
    /// - Throws: ``WireError/Code/limitExceeded`` over a limit; ``WireError/Code/badSignature`` when
    ///   signing or sealing fails.
    public static func sign(
        space: SpaceID, epoch: UInt64, issuedAt: UInt64, vector: VersionVector, envelopes: [[UInt8]],
        content: CheckpointContent, key: ContentKey, by signer: NodeKeyPair
    ) throws(WireError) -> Checkpoint {
        guard let author = ActorID(bytes: signer.nodeID.publicKey) else {
            throw WireError(.badSignature, "a node key is not an author id")
        }
        guard vector.count <= maxAuthors, envelopes.count <= maxEnvelopes else {
            throw WireError(
                .limitExceeded, "a checkpoint names at most \(maxAuthors) authors and \(maxEnvelopes) envelopes")
        }
        let plaintext = content.encoded()
        guard plaintext.count <= maxContentBytes, let stream = Zlib.deflate(plaintext, level: 6) else {
            throw WireError(.limitExceeded, "a checkpoint's content is at most \(maxContentBytes) bytes")
        }
        var deflated = ByteWriter(capacity: stream.count + 5)
        deflated.writeVarint(plaintext.count)
        deflated.writeBytes(stream)
        // The header without its hash is the sealed part's associated data (it names space, epoch, vector).
        let prefix = headerPrefix(space: space, author: author, epoch: epoch, issuedAt: issuedAt, vector: vector)
        let sealed: [UInt8]
        do { sealed = try key.seal(deflated.bytes, associatedData: prefix) } catch {
            throw WireError(.badSignature, "cannot seal the checkpoint: \(error.message)", underlying: error)
        }
        var body = ByteWriter()
        body.writeVarint(envelopes.count)
        for envelope in envelopes { body.writeLengthPrefixed(envelope) }
        body.writeLengthPrefixed(sealed)
        var writer = ByteWriter(capacity: prefix.count + 96 + body.count)
        writer.writeBytes(prefix)
        writer.writeBytes(Blake2b.hash(body.bytes))
        let signature: Signature
        do { signature = try signer.sign(writer.bytes, context: .checkpoint) } catch {
            throw WireError(.badSignature, "cannot sign the checkpoint: \(error.message)", underlying: error)
        }
        writer.writeBytes(signature.bytes)
        writer.writeBytes(body.bytes)
        return try Checkpoint(decoding: writer.bytes)
    }

    /// Reads a checkpoint and checks its signature by the author it names and its body against the
    /// hash it signed. Who may sign one (an admin at its vector) is the receiver's to check.
    /// - Throws: ``WireError`` — `limitExceeded`, `unsupportedVersion`, `malformed`, `badSignature` (a
    ///   signature that does not verify, or a body whose hash is not the one signed).
    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Self.maxBytes else {
            throw WireError(.limitExceeded, "a checkpoint is at most \(Self.maxBytes) bytes, got \(bytes.count)")
        }
        var reader = ByteReader(bytes)
        do {
            let version = try reader.readByte()
            guard version == Self.formatVersion else {
                throw WireError(
                    .unsupportedVersion,
                    "checkpoint format \(version) is not supported (this build reads \(Self.formatVersion))")
            }
            let space = try SpaceID.decoding(Array(try reader.readBytes(SpaceID.byteCount)))
            guard let author = ActorID(bytes: Array(try reader.readBytes(ActorID.byteCount))) else {
                throw WireError(.malformed, "a checkpoint's author is not 32 bytes")
            }
            let epoch = try reader.readVarint()
            let issuedAt = try reader.readUInt64BE()
            let vector = try Self.readVector(&reader)
            let bodyHash = Array(try reader.readBytes(32))
            let headerEnd = bytes.count - reader.remaining
            let signature = try Signature(bytes: Array(try reader.readBytes(Signature.byteCount)))
            let header = Array(bytes[..<headerEnd])
            do {
                try NodeID(publicKey: author.bytes).verify(signature, for: header, context: .checkpoint)
            } catch {
                throw WireError(.badSignature, "the checkpoint is not signed by the node it names (\(author))")
            }
            let bodyStart = bytes.count - reader.remaining
            guard constantTimeEquals(Blake2b.hash(Array(bytes[bodyStart...])), bodyHash) else {
                throw WireError(.badSignature, "the checkpoint's body does not match the hash its author signed")
            }
            let count = try reader.readCount(
                limit: min(Self.maxEnvelopes, reader.remaining), field: "checkpoint envelopes")
            var envelopes: [[UInt8]] = []
            envelopes.reserveCapacity(count)
            for _ in 0..<count {
                envelopes.append(
                    Array(try reader.readLengthPrefixed(maxBytes: SyncMessage.maxEnvelopeBytes, field: "envelope")))
            }
            let sealed = Array(try reader.readLengthPrefixed(maxBytes: Self.maxBytes, field: "sealed content"))
            try reader.finish()
            self.space = space
            self.author = author
            self.epoch = epoch
            self.issuedAt = issuedAt
            self.vector = vector
            self.bodyHash = bodyHash
            self.envelopes = envelopes
            self.sealed = sealed
            self.bytes = bytes
            self.id = Blake2b.hash(header)
        } catch let error as WireError {
            throw error
        } catch let error as BinaryError where error.code == .limitExceeded {
            throw WireError(.limitExceeded, "checkpoint: \(error.message)", underlying: error)
        } catch {
            throw WireError(.malformed, "checkpoint: \(error)", underlying: error)
        }
    }

    /// Opens the sealed content with the epoch's key.
    /// - Throws: ``WireError/Code/decryptionFailed`` for another key or a tampered seal;
    ///   ``WireError/Code/limitExceeded`` and ``WireError/Code/malformed`` for content that does not
    ///   decode within the limits.
    public func open(with key: ContentKey) throws(WireError) -> CheckpointContent {
        let prefix = Self.headerPrefix(space: space, author: author, epoch: epoch, issuedAt: issuedAt, vector: vector)
        let deflated: [UInt8]
        do { deflated = try key.open(sealed, associatedData: prefix) } catch {
            throw WireError(.decryptionFailed, "the checkpoint does not open with the key of epoch \(epoch)")
        }
        var reader = ByteReader(deflated)
        let declared: Int
        do { declared = try reader.readCount(limit: Self.maxContentBytes, field: "checkpoint content length") } catch {
            throw WireError(.limitExceeded, "checkpoint content: \(error.message)", underlying: error)
        }
        let plaintext = try Zlib.inflate(
            deflated[(deflated.count - reader.remaining)...], declared: declared, what: "a checkpoint's content")
        return try CheckpointContent(decoding: plaintext)
    }

    static func headerPrefix(
        space: SpaceID, author: ActorID, epoch: UInt64, issuedAt: UInt64, vector: VersionVector
    ) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + vector.count * 36)
        writer.writeByte(formatVersion)
        writer.writeBytes(space.bytes)
        writer.writeBytes(author.bytes)
        writer.writeVarint(epoch)
        writer.writeUInt64BE(issuedAt)
        writer.writeVarint(vector.count)
        vector.forEachEntry { author, seq in
            writer.writeBytes(author.bytes)
            writer.writeVarint(seq)
        }
        return writer.bytes
    }

    static func readVector(_ reader: inout ByteReader) throws -> VersionVector {
        let count = try reader.readCount(limit: min(maxAuthors, reader.remaining / 33), field: "checkpoint authors")
        var entries: [ActorID: UInt64] = [:]
        var last: ActorID?
        for _ in 0..<count {
            guard let author = ActorID(bytes: Array(try reader.readBytes(ActorID.byteCount))) else {
                throw WireError(.malformed, "a checkpoint names an author of the wrong length")
            }
            if let last, !(last < author) {
                throw WireError(.malformed, "a checkpoint's vector must list its authors ascending, once each")
            }
            last = author
            entries[author] = try reader.readVarint(in: 1...UInt64.max, field: "checkpoint seq")
        }
        return VersionVector(entries)
    }
}
