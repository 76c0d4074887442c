import PlaceCrypto
import Testing

/// Key wraps bind their sealed key to their space and epoch (`Protocol/CRYPTO.md` §5, RELIABILITY.md
/// D22): a sealed box lifted into a wrap for another space or epoch, re-signed by whoever lifted it,
/// does not open as a key there.
@Suite struct KeyWrapBindingTests {
    static let spaceA = [UInt8](repeating: 0xA1, count: 16)
    static let spaceB = [UInt8](repeating: 0xB2, count: 16)

    /// The wrap's signed part with `space` and `epoch` replaced, re-signed by `signer` as sender.
    static func lifted(_ wrap: KeyWrap, space: [UInt8], epoch: UInt64, signer: NodeKeyPair) throws -> [UInt8] {
        var bytes = Array(wrap.encoded.dropLast(64))
        bytes.replaceSubrange(1..<33, with: signer.nodeID.publicKey)
        bytes.replaceSubrange(65..<81, with: space)
        bytes.replaceSubrange(81..<89, with: (0..<8).map { UInt8(truncatingIfNeeded: epoch >> (56 - 8 * UInt64($0))) })
        return bytes + (try signer.sign(bytes, context: .keyWrap)).bytes
    }

    @Test func aSealedKeyLiftedIntoAnotherSpacesWrapDoesNotOpen() throws {
        let admin = try NodeKeyPair.generate()
        let attacker = try NodeKeyPair.generate()
        let member = try NodeKeyPair.generate()
        let key = try EpochKey.generate(epoch: 7)
        let wrap = try KeyWrap.wrap(key, space: Self.spaceA, to: member.nodeID, from: admin)
        #expect(wrap.version == 2 && wrap.encoded.count == KeyWrap.byteCount)
        #expect(try wrap.unwrap(with: member).commitment(space: Self.spaceA) == key.commitment(space: Self.spaceA))
        for (space, epoch) in [(Self.spaceB, 7), (Self.spaceA, 8)] as [([UInt8], UInt64)] {
            let moved = try KeyWrap(encoded: try Self.lifted(wrap, space: space, epoch: epoch, signer: attacker))
            #expect {
                _ = try moved.unwrap(with: member)
            } throws: { ($0 as? CryptoError)?.code == .invalidKey }
        }
    }

    @Test func commitmentsDifferPerKeySpaceAndEpochAndRevealNothingOfTheKey() throws {
        let first = try EpochKey.generate(epoch: 3)
        let second = try EpochKey.generate(epoch: 3)
        let commitment = try first.commitment(space: Self.spaceA)
        #expect(commitment.count == 32)
        #expect(commitment != (try second.commitment(space: Self.spaceA)))
        #expect(commitment != (try first.commitment(space: Self.spaceB)))
        #expect(commitment == (try first.commitment(space: Self.spaceA)))
        #expect(throws: CryptoError.self) { _ = try first.commitment(space: [1, 2, 3]) }
    }
}
