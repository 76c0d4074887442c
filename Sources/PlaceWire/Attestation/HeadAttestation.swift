internal import PlaceBinary
public import PlaceCRDT
public import PlaceCrypto

/// A node's signed statement of what it holds of a space: its version vector there, numbered so that
/// the next statement supersedes it (`Protocol/ATTESTATION.md`). Any member may attest — a writer, a
/// reader, a relay — and anyone holding the space's membership can check it, a relay included: it
/// carries no content, only author ids and seqs, which a relay sees anyway.
///
/// From the attestations of the members, a node knows which of them hold a change (a delivery
/// receipt), how far each lags, and whether envelopes others hold are kept from it.
///
/// ```swift
/// let bytes = try HeadAttestation.sign(space: space, sequence: 7, issuedAt: now, vector: vector, by: key)
/// let attestation = try HeadAttestation(decoding: bytes)   // checks the signature
/// ```
public struct HeadAttestation: Sendable, Equatable {
    /// The space attested.
    public let space: SpaceID
    /// The node that signed it.
    public let attester: NodeID
    /// Numbers the attester's statements about the space: a higher one supersedes a lower one.
    public let sequence: UInt64
    /// When it was signed (seconds since 1970, the attester's clock: shown, never decided by).
    public let issuedAt: UInt64
    /// Per author, the highest seq the attester held in the space.
    public let vector: VersionVector
    /// The whole signed statement, as it travels.
    public let bytes: [UInt8]

    /// The format this build writes and reads.
    public static let formatVersion: UInt8 = 1
    /// The largest attestation: a vector of 4,096 authors and the fixed fields.
    public static let maxBytes = EnvelopeHeader.maxDeps * 42 + 160

    /// Signs a statement that `signer` holds `vector` of `space`.
    public static func sign(
        space: SpaceID, sequence: UInt64, issuedAt: UInt64, vector: VersionVector, by signer: NodeKeyPair
    ) throws(WireError) -> HeadAttestation {
        var writer = ByteWriter()
        writer.writeByte(formatVersion)
        writer.writeBytes(signer.nodeID.publicKey)
        writer.writeVarint(sequence)
        writer.writeUInt64BE(issuedAt)
        SyncMessage.write(SpaceWant(space: space, vector: vector), into: &writer)
        let signature: Signature
        do { signature = try signer.sign(writer.bytes, context: .attestation) } catch {
            throw WireError(.badSignature, "cannot sign the attestation: \(error.message)", underlying: error)
        }
        writer.writeBytes(signature.bytes)
        return try HeadAttestation(decoding: writer.bytes)
    }

    /// Reads an attestation and checks its signature by the attester it names.
    /// - Throws: ``WireError`` — `limitExceeded` (over ``maxBytes``), `unsupportedVersion`, `malformed`,
    ///   `badSignature`.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Self.maxBytes else {
            throw WireError(.limitExceeded, "an attestation is at most \(Self.maxBytes) bytes, got \(bytes.count)")
        }
        guard bytes.count > Signature.byteCount else {
            throw WireError(.malformed, "an attestation of \(bytes.count) bytes is cut short")
        }
        let signed = Array(bytes.dropLast(Signature.byteCount))
        var reader = ByteReader(signed)
        do {
            let version = try reader.readByte()
            guard version == Self.formatVersion else {
                throw WireError(
                    .unsupportedVersion,
                    "attestation format \(version) is not supported (this build reads \(Self.formatVersion))")
            }
            let attester = try NodeID(publicKey: Array(try reader.readBytes(NodeID.byteCount)))
            let sequence = try reader.readVarint(in: 1...UInt64.max, field: "attestation sequence")
            let issuedAt = try reader.readUInt64BE()
            let held = try SyncMessage.readWant(&reader)
            try reader.finish()
            let signature = try Signature(bytes: Array(bytes.suffix(Signature.byteCount)))
            do { try attester.verify(signature, for: signed, context: .attestation) } catch {
                throw WireError(.badSignature, "the attestation is not signed by the node it names (\(attester))")
            }
            self.space = held.space
            self.attester = attester
            self.sequence = sequence
            self.issuedAt = issuedAt
            self.vector = held.vector
            self.bytes = bytes
        } catch let error as WireError {
            throw error
        } catch let error as BinaryError where error.code == .limitExceeded {
            throw WireError(.limitExceeded, "attestation: \(error.message)", underlying: error)
        } catch {
            throw WireError(.malformed, "attestation: \(error)", underlying: error)
        }
    }
}
