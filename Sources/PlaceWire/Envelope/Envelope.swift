internal import PlaceBinary
public import PlaceCRDT
public import PlaceCrypto

/// The unit of sync: a plaintext header, a body (encrypted for content), and the author's Ed25519
/// signature over both. Layout in `Protocol/ENVELOPE.md`.
///
/// ```swift
/// let envelope = try Envelope.sealContent(header: header, plaintext: change.encodedBody(), key: contentKey, author: node)
/// let bytes = envelope.encoded             // relayed byte for byte
/// let received = try Envelope(decoding: bytes)
/// try received.verify()                    // what a relay checks, without any content key
/// let body = try received.open(with: contentKey)
/// ```
public struct Envelope: Hashable, Sendable {
    /// The header.
    public let header: EnvelopeHeader
    /// The body: `nonce || ciphertext || tag` for content (format 3: the nonce's last 8 bytes), plaintext
    /// for other kinds.
    public let body: [UInt8]
    /// The author's signature over `header || body` (context `SignatureContext.envelope`).
    public let signature: Signature
    /// The header's exact bytes, as signed.
    public let headerBytes: [UInt8]

    /// The largest body: 1 MiB of padded plaintext plus the AEAD nonce and tag.
    public static let maxBodyBytes = (1 << 20) + ContentKey.overhead
    /// The largest header.
    public static let maxHeaderBytes = 128 + EnvelopeHeader.maxDeps * 42

    /// Encrypts `plaintext` (padded to its size bucket) under `key` with the header as associated data,
    /// and signs as `author`.
    /// - Throws: ``WireError`` when the header is not a content header, the key is for another epoch, the
    ///   author is not the signer, or the body is too large.
    public static func sealContent(
        header: EnvelopeHeader, plaintext: [UInt8], key: ContentKey, author: NodeKeyPair
    ) throws -> Envelope {
        guard header.kind == .content else { throw WireError(.wrongKind, "only content envelopes are encrypted") }
        guard key.epoch == header.epoch else {
            throw WireError(.wrongEpoch, "the key is for epoch \(key.epoch), the header says \(header.epoch)")
        }
        try checkAuthor(header, author)
        let layout = header.sealedLayout
        guard Padding.paddedSize(for: plaintext.count, minimum: layout.minimumPaddedSize) <= 1 << 20 else {
            throw WireError(
                .limitExceeded, "a content body is at most 1 MiB − 1 byte before padding; got \(plaintext.count)")
        }
        let headerBytes = header.encoded()
        let sealed = try Sealing.seal(plaintext, header: headerBytes, key: key, signer: author, layout: layout)
        return Envelope(header: header, headerBytes: headerBytes, body: sealed.body, signature: sealed.signature)
    }

    /// Signs a readable body (membership and key-wrap kinds).
    public static func signed(header: EnvelopeHeader, body: [UInt8], author: NodeKeyPair) throws -> Envelope {
        guard header.kind != .content else { throw WireError(.wrongKind, "content envelopes must be sealed") }
        guard body.count <= maxBodyBytes else {
            throw WireError(.limitExceeded, "an envelope body is at most \(maxBodyBytes) bytes")
        }
        try checkAuthor(header, author)
        let headerBytes = header.encoded()
        let signature = try Sealing.sign(header: headerBytes, body: body, signer: author)
        return Envelope(header: header, headerBytes: headerBytes, body: body, signature: signature)
    }

    private static func checkAuthor(_ header: EnvelopeHeader, _ author: NodeKeyPair) throws(WireError) {
        guard header.author.bytes == author.nodeID.publicKey else {
            throw WireError(.invalidHeader, "the header names another author than the signing key")
        }
    }

    init(header: EnvelopeHeader, headerBytes: [UInt8], body: [UInt8], signature: Signature) {
        self.header = header
        self.headerBytes = headerBytes
        self.body = body
        self.signature = signature
    }

    /// This envelope with its format-2 header's whole causal past, as the receiver resolved it from the
    /// heads (the bytes, id and signature are unchanged). A format-1 envelope is returned as it is.
    /// - Throws: ``WireError/Code/invalidHeader`` when `deps` does not cover the heads and the author's
    ///   previous envelope exactly.
    public func resolving(deps: VersionVector) throws(WireError) -> Envelope {
        guard header.namesHeads else { return self }
        return Envelope(
            header: try header.resolving(deps: deps), headerBytes: headerBytes, body: body, signature: signature)
    }

    /// The envelope's bytes: `varint headerLength | header | varint bodyLength | body | signature (64)`.
    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: headerBytes.count + body.count + 80)
        writer.writeLengthPrefixed(headerBytes)
        writer.writeLengthPrefixed(body)
        writer.writeBytes(signature.bytes)
        return writer.bytes
    }

    /// The envelope id: BLAKE2b-256 of ``encoded``.
    public var id: EnvelopeID { EnvelopeID(hash: Blake2b.hash(encoded)) }

    /// The format version an envelope's bytes declare — the first byte of its header, which every format
    /// keeps after the header's length (ENVELOPE.md §1) — or nil when the bytes are not even that far an
    /// envelope: the whole header present, and long enough to name a space and an author (49 bytes or
    /// more). Lets a reader tell an envelope of a newer format (upgrade to read it) from a corrupt one.
    public static func declaredFormat(of bytes: [UInt8]) -> UInt8? {
        var reader = ByteReader(bytes)
        guard let length = try? reader.readVarint(), length >= Self.minHeaderBytes, length <= reader.remaining,
            let version = try? reader.readByte()
        else { return nil }
        return version
    }

    /// The shortest header any format may have: a version byte, a space (16) and an author (32).
    static let minHeaderBytes: UInt64 = 1 + 16 + 32

    /// Decodes an envelope's structure (no signature check yet: call ``verify()``).
    /// - Throws: ``WireError`` for truncated, oversized, corrupt or unknown-version input.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        do {
            let headerBytes = Array(try reader.readLengthPrefixed(maxBytes: Self.maxHeaderBytes, field: "header"))
            let header = try EnvelopeHeader(decoding: headerBytes)
            let body = Array(try reader.readLengthPrefixed(maxBytes: Self.maxBodyBytes, field: "body"))
            let signature = try Signature(bytes: Array(try reader.readBytes(Signature.byteCount)))
            try reader.finish()
            self.init(header: header, headerBytes: headerBytes, body: body, signature: signature)
        } catch let error as WireError {
            throw error
        } catch let error as BinaryError where error.code == .limitExceeded {
            throw WireError(.limitExceeded, "envelope: \(error.message)", underlying: error)
        } catch {
            throw WireError(.malformed, "envelope: \(error)", underlying: error)
        }
    }

    /// Checks the author's signature over header and body — what a relay does, without content keys.
    /// - Throws: ``WireError/Code/badSignature``.
    public func verify() throws(WireError) {
        do {
            let author = try NodeID(publicKey: header.author.bytes)
            try Sealing.verify(header: headerBytes, body: body, signature: signature, author: author)
        } catch {
            throw WireError(.badSignature, "envelope \(header.seq) by \(header.author) has a bad signature")
        }
    }

    /// Verifies the signature, then decrypts and unpads a content body.
    /// - Throws: ``WireError/Code/badSignature`` first, then ``WireError/Code/wrongEpoch`` or
    ///   ``WireError/Code/decryptionFailed``.
    public func open(with key: ContentKey) throws(WireError) -> [UInt8] {
        guard header.kind == .content else { throw WireError(.wrongKind, "only content envelopes are encrypted") }
        try verify()
        return try openVerified(with: key)
    }

    /// Decrypts and unpads a content body whose signature the caller has already checked with
    /// ``verify()`` (a node verifies once, before storing, and opens later).
    package func openVerified(with key: ContentKey) throws(WireError) -> [UInt8] {
        guard header.kind == .content else { throw WireError(.wrongKind, "only content envelopes are encrypted") }
        guard key.epoch == header.epoch else {
            throw WireError(.wrongEpoch, "envelope is for epoch \(header.epoch), the key for epoch \(key.epoch)")
        }
        do {
            return try Sealing.openVerified(body, header: headerBytes, key: key, layout: header.sealedLayout)
        } catch {
            throw WireError(
                .decryptionFailed, "envelope \(header.seq) by \(header.author): \(error.message)", underlying: error)
        }
    }
}

extension EnvelopeHeader {
    /// How a content body under this header is sealed: compactly in format 3, as before in 1 and 2.
    public var sealedLayout: SealedLayout { format == Self.compactFormat ? .compact : .standard }
}
