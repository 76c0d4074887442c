internal import PlaceBinary
public import PlaceCRDT
public import PlaceCrypto

/// A sneakernet bundle: envelopes of one space carried on a file (a USB stick, an email attachment)
/// instead of a connection, for a practice without a usable network (`Protocol/BUNDLE.md`). The
/// envelopes are as their authors signed and sealed them; the manifest, signed by the node that wrote
/// the bundle, says whose they are, for whom, what the writer held, and commits to the envelopes by hash.
///
/// ```swift
/// let bytes = try EnvelopeBundle.write(manifest: manifest, envelopes: envelopes, signer: key)
/// let bundle = try EnvelopeBundle(decoding: bytes)   // checks the signature and the envelopes' hash
/// ```
public struct EnvelopeBundle: Sendable {
    /// What the bundle says about itself.
    public let manifest: BundleManifest
    /// The envelopes, in the order they can be ingested.
    public let envelopes: [[UInt8]]
    /// Signed head attestations of the space (format 2; none in format 1): the writer's own and those it
    /// kept of other members — delivery receipts for a practice that never opens a socket.
    public let attestations: [[UInt8]]

    /// The first bytes of every bundle file.
    public static let magic: [UInt8] = Array("PSBNDL".utf8)
    /// The bundle format this build writes; it reads this one and format 1 (no attestations).
    public static let formatVersion: UInt8 = 2
    /// The most attestations one bundle carries.
    public static let maxAttestations = 4_096
    /// The largest bundle read: 512 MiB (a new member's whole county history is far less).
    public static let maxBytes = 512 << 20
    /// The most envelopes one bundle carries.
    public static let maxEnvelopes = 4_000_000

    /// Writes a bundle: the manifest (its count and digest filled in from `envelopes` and `attestations`)
    /// signed by `signer`. `format` 1 (for tests of older readers) carries no attestations.
    public static func write(
        manifest: BundleManifest, envelopes: [[UInt8]], attestations: [[UInt8]] = [], signer: NodeKeyPair,
        format: UInt8 = formatVersion
    ) throws(WireError) -> [UInt8] {
        guard format == 1 || format == 2, format == 2 || attestations.isEmpty,
            attestations.count <= maxAttestations
        else {
            throw WireError(
                .invalidHeader, "a bundle of format \(format) cannot carry \(attestations.count) attestations")
        }
        var section = ByteWriter()
        section.writeVarint(envelopes.count)
        for envelope in envelopes { section.writeLengthPrefixed(envelope) }
        if format == 2 {
            section.writeVarint(attestations.count)
            for attestation in attestations { section.writeLengthPrefixed(attestation) }
        }
        var manifest = manifest
        manifest.envelopeCount = envelopes.count
        manifest.envelopeDigest = Blake2b.hash(section.bytes)
        let manifestBytes = manifest.encoded()
        let signature: Signature
        do { signature = try signer.sign(manifestBytes, context: .bundle) } catch {
            throw WireError(.badSignature, "cannot sign the bundle: \(error.message)", underlying: error)
        }
        var writer = ByteWriter()
        writer.writeBytes(magic)
        writer.writeByte(format)
        writer.writeLengthPrefixed(manifestBytes)
        writer.writeBytes(signature.bytes)
        writer.writeBytes(section.bytes)
        return writer.bytes
    }

    /// Reads a bundle and checks it whole: the manifest's signature by its writer, and that the envelopes
    /// are exactly those the manifest committed to (none added, removed, changed or cut off).
    /// - Throws: ``WireError`` — `malformed` (not a bundle, truncated, trailing bytes), `unsupportedVersion`,
    ///   `limitExceeded`, `badSignature` (the manifest is not signed by its writer), `invalidHeader` (the
    ///   envelopes do not match the manifest: altered or cut short).
    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Self.maxBytes else {
            throw WireError(
                .limitExceeded, "a bundle is at most \(Self.maxBytes >> 20) MiB, this is \(bytes.count >> 20) MiB")
        }
        guard bytes.starts(with: Self.magic), bytes.count > Self.magic.count else {
            throw WireError(.malformed, "this is not a PlaceSync bundle (it does not start with PSBNDL)")
        }
        var reader = ByteReader(bytes)
        do {
            _ = try reader.readBytes(Self.magic.count)
            let version = try reader.readByte()
            guard version == 1 || version == 2 else {
                throw WireError(
                    .unsupportedVersion,
                    "bundle format \(version) is not supported (this build reads 1 and 2); upgrade PlaceSync"
                )
            }
            let manifestBytes = Array(
                try reader.readLengthPrefixed(maxBytes: BundleManifest.maxBytes, field: "manifest"))
            let signature = try Signature(bytes: Array(try reader.readBytes(Signature.byteCount)))
            let manifest = try BundleManifest(decoding: manifestBytes)
            do { try manifest.exporter.verify(signature, for: manifestBytes, context: .bundle) } catch {
                throw WireError(.badSignature, "the bundle's manifest is not signed by its writer \(manifest.exporter)")
            }
            let section = Array(bytes[(bytes.count - reader.remaining)...])
            guard Blake2b.hash(section) == manifest.envelopeDigest else {
                throw WireError(
                    .invalidHeader,
                    "the bundle's envelopes are not the ones its writer signed for (altered or cut short); ask for a new bundle"
                )
            }
            let count = try reader.readCount(limit: min(Self.maxEnvelopes, reader.remaining), field: "envelope count")
            guard count == manifest.envelopeCount else {
                throw WireError(
                    .invalidHeader, "the bundle holds \(count) envelopes, its manifest says \(manifest.envelopeCount)")
            }
            var envelopes: [[UInt8]] = []
            envelopes.reserveCapacity(count)
            for _ in 0..<count {
                envelopes.append(
                    Array(try reader.readLengthPrefixed(maxBytes: SyncMessage.maxEnvelopeBytes, field: "envelope")))
            }
            var attestations: [[UInt8]] = []
            if version == 2 {
                let count = try reader.readCount(
                    limit: min(Self.maxAttestations, reader.remaining), field: "attestation count")
                for _ in 0..<count {
                    attestations.append(
                        Array(try reader.readLengthPrefixed(maxBytes: HeadAttestation.maxBytes, field: "attestation")))
                }
            }
            try reader.finish()
            self.manifest = manifest
            self.envelopes = envelopes
            self.attestations = attestations
        } catch let error as WireError {
            throw error
        } catch let error as BinaryError where error.code == .limitExceeded {
            throw WireError(.limitExceeded, "bundle: \(error.message)", underlying: error)
        } catch let error as BinaryError {
            throw WireError(.malformed, "the bundle is truncated or damaged: \(error.message)", underlying: error)
        } catch {
            throw WireError(.malformed, "the bundle is damaged: \(error)", underlying: error)
        }
    }
}
