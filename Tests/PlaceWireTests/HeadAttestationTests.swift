import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceTestSupport
import PlaceWire
import Testing

/// Head attestations (`Protocol/ATTESTATION.md`): a byte-exact vector (Ed25519 is deterministic), the
/// signature binding every field, and a decoder that refuses what is cut, changed or over its limit.
@Suite struct HeadAttestationTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/attestation")

    func sample() throws -> HeadAttestation {
        let alice = try fixedNode(1)
        let bob = try fixedNode(2)
        return try HeadAttestation.sign(
            space: try testSpace(), sequence: 1_800_000_000, issuedAt: 1_800_000_000,
            vector: VersionVector([actor(alice): 12, actor(bob): 3]), by: alice)
    }

    @Test func anAttestationMatchesTheCommittedVectorAndChecks() throws {
        let bytes = try sample().bytes
        let file = Self.directory.appendingPathComponent("attestation-1.hex")
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try (hexString(bytes) + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
        let committed = hex(try String(contentsOf: file, encoding: .utf8))
        #expect(committed == bytes, "attestation-1.hex no longer matches the encoder")
        let decoded = try HeadAttestation(decoding: committed)
        let alice = try fixedNode(1)
        let space = try testSpace()
        #expect(decoded.attester == alice.nodeID && decoded.sequence == 1_800_000_000)
        #expect(decoded.vector[actor(alice)] == 12 && decoded.space == space)
    }

    @Test func everyChangedByteAndEveryTruncationIsRefused() throws {
        let bytes = try sample().bytes
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x01
            #expect(throws: WireError.self, "byte \(index) changed") { try HeadAttestation(decoding: changed) }
        }
        for length in 0..<bytes.count {
            #expect(throws: WireError.self, "cut at \(length)") {
                try HeadAttestation(decoding: Array(bytes.prefix(length)))
            }
        }
        #expect(throws: WireError.self) { try HeadAttestation(decoding: bytes + [0]) }
    }

    @Test func randomAndOversizedInputNeverTraps() throws {
        let bytes = try sample().bytes
        var random = SeededRandom(seed: 41)
        for _ in 0..<3_000 {
            var mutated = bytes
            for _ in 0...random.below(4) {
                switch random.below(3) {
                case 0 where !mutated.isEmpty: mutated[random.below(mutated.count)] = UInt8(random.below(256))
                case 1 where mutated.count > 1: mutated.removeSubrange(random.below(mutated.count)..<mutated.count)
                default: mutated.insert(UInt8(random.below(256)), at: random.below(mutated.count + 1))
                }
            }
            _ = try? HeadAttestation(decoding: mutated)
        }
        let oversized = [UInt8](repeating: 0x01, count: HeadAttestation.maxBytes + 1)
        #expect {
            try HeadAttestation(decoding: oversized)
        } throws: { error in
            (error as? WireError)?.code == .limitExceeded
        }
    }
}
