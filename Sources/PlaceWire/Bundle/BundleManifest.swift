internal import PlaceBinary
public import PlaceCRDT
public import PlaceCrypto

/// What a bundle says about itself, signed by the node that wrote it (``EnvelopeBundle``).
public struct BundleManifest: Sendable, Equatable {
    /// A random id: importing the same bundle twice is noticed.
    public var id: [UInt8]
    /// When it was written (seconds since 1970, the writer's clock; shown, never decided by).
    public var createdAt: UInt64
    /// The node that wrote it and signed this manifest.
    public var exporter: NodeID
    /// The node it was written for, if any: another node refuses it.
    public var recipient: NodeID?
    /// The space its envelopes belong to.
    public var space: SpaceID
    /// What the writer held of the space when it wrote the bundle (the receiver learns it has at least
    /// this much: what a sync session's hello would say).
    public var exporterVector: VersionVector
    /// What the bundle starts after: the envelopes are those the writer held beyond this vector.
    public var since: VersionVector
    /// How many envelopes follow (filled in by ``EnvelopeBundle/write(manifest:envelopes:attestations:signer:format:)``).
    public var envelopeCount = 0
    /// BLAKE2b-256 of everything after the signature (filled in by ``EnvelopeBundle/write(manifest:envelopes:attestations:signer:format:)``).
    public var envelopeDigest: [UInt8] = []

    /// The largest manifest: two vectors of at most 4,096 authors, and the fixed fields.
    static let maxBytes = 2 * (EnvelopeHeader.maxDeps * 42 + 24) + 256

    /// A manifest to write.
    public init(
        id: [UInt8], createdAt: UInt64, exporter: NodeID, recipient: NodeID?, space: SpaceID,
        exporterVector: VersionVector, since: VersionVector
    ) {
        self.id = id
        self.createdAt = createdAt
        self.exporter = exporter
        self.recipient = recipient
        self.space = space
        self.exporterVector = exporterVector
        self.since = since
    }

    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(id)
        writer.writeUInt64BE(createdAt)
        writer.writeBytes(exporter.publicKey)
        if let recipient {
            writer.writeByte(1)
            writer.writeBytes(recipient.publicKey)
        } else {
            writer.writeByte(0)
        }
        SyncMessage.write(SpaceWant(space: space, vector: exporterVector), into: &writer)
        SyncMessage.write(SpaceWant(space: space, vector: since), into: &writer)
        writer.writeVarint(envelopeCount)
        writer.writeBytes(envelopeDigest)
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        id = Array(try reader.readBytes(16))
        createdAt = try reader.readUInt64BE()
        exporter = try NodeID(publicKey: Array(try reader.readBytes(NodeID.byteCount)))
        switch try reader.readByte() {
        case 0: recipient = nil
        case 1: recipient = try NodeID(publicKey: Array(try reader.readBytes(NodeID.byteCount)))
        default: throw WireError(.malformed, "bundle manifest: the recipient flag must be 0 or 1")
        }
        let held = try SyncMessage.readWant(&reader)
        let since = try SyncMessage.readWant(&reader)
        guard held.space == since.space else {
            throw WireError(.malformed, "bundle manifest: its two vectors name different spaces")
        }
        space = held.space
        exporterVector = held.vector
        self.since = since.vector
        envelopeCount = try reader.readCount(limit: EnvelopeBundle.maxEnvelopes, field: "envelope count")
        envelopeDigest = Array(try reader.readBytes(32))
        try reader.finish()
    }
}
