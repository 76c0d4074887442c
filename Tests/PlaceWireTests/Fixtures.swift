import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceTestSupport
import PlaceWire

/// A node with a fixed seed, so signatures (deterministic in Ed25519) are reproducible.
func fixedNode(_ byte: UInt8) throws -> NodeKeyPair {
    try NodeKeyPair(seed: SecureBytes(copying: [UInt8](repeating: byte, count: 32)))
}

func actor(_ node: NodeKeyPair) -> ActorID {
    guard let actor = ActorID(bytes: node.nodeID.publicKey) else { preconditionFailure("node ids are 32 bytes") }
    return actor
}

func testSpace() throws -> SpaceID { SpaceID(bytes: Array(0..<16))! }

func fixedEpochKey() throws -> EpochKey {
    try EpochKey(epoch: 1, secret: SecureBytes(copying: [UInt8](repeating: 0x42, count: 32)))
}

/// The first header of `node` in the test space.
func firstHeader(_ node: NodeKeyPair, kind: EnvelopeHeader.Kind = .content) throws -> EnvelopeHeader {
    try EnvelopeHeader(
        kind: kind, space: testSpace(), author: actor(node), seq: 1, epoch: 1, previous: nil, deps: VersionVector())
}

/// `valid` with one random byte changed, its tail cut at a random point, or a random byte inserted.
func mutated(_ valid: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
    var bytes = valid
    switch random.below(3) {
    case 0: bytes[random.below(bytes.count)] = UInt8(random.below(256))
    case 1: bytes.removeLast(random.below(bytes.count))
    default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count))
    }
    return bytes
}

func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter(\.isHexDigit))
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
}

func hexString(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

let vectorDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Protocol/vectors/envelope")
