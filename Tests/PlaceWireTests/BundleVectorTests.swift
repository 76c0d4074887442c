import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceWire
import Testing

/// A byte-exact bundle (`Protocol/BUNDLE.md`, format 2): a fixed manifest signed by a fixed key (Ed25519
/// and BLAKE2b are deterministic), carrying the committed envelope and attestation vectors.
@Suite struct BundleVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors")

    func committed(_ path: String) throws -> [UInt8] {
        hex(try String(contentsOf: Self.directory.appendingPathComponent(path), encoding: .utf8))
    }

    func sample() throws -> [UInt8] {
        let alice = try fixedNode(1)
        let manifest = BundleManifest(
            id: [UInt8](repeating: 0x42, count: 16), createdAt: 1_800_000_000, exporter: alice.nodeID,
            recipient: try fixedNode(2).nodeID, space: try testSpace(),
            exporterVector: VersionVector([actor(alice): 1]), since: VersionVector())
        return try EnvelopeBundle.write(
            manifest: manifest, envelopes: [try committed("envelope/signed-1.hex")],
            attestations: [try committed("attestation/attestation-1.hex")], signer: alice)
    }

    @Test func aBundleMatchesTheCommittedVectorAndReadsBack() throws {
        let bytes = try sample()
        let file = Self.directory.appendingPathComponent("bundle/bundle-2.hex")
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (hexString(bytes) + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
        let (file2, envelope, attestation, alice) = (
            try committed("bundle/bundle-2.hex"), try committed("envelope/signed-1.hex"),
            try committed("attestation/attestation-1.hex"), try fixedNode(1)
        )
        #expect(file2 == bytes, "bundle-2.hex no longer matches the writer")
        let bundle = try EnvelopeBundle(decoding: bytes)
        #expect(bundle.envelopes == [envelope])
        #expect(bundle.attestations == [attestation])
        #expect(bundle.manifest.envelopeCount == 1 && bundle.manifest.exporter == alice.nodeID)
        // An attestation cut off the end, or one added, breaks the digest.
        #expect(throws: WireError.self) { try EnvelopeBundle(decoding: Array(bytes.dropLast())) }
        #expect(throws: WireError.self) { try EnvelopeBundle(decoding: bytes + [0]) }
    }
}
