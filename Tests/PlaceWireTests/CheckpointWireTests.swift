import PlaceCRDT
import PlaceCrypto
import PlaceTestSupport
import PlaceWire
import Testing

/// The checkpoint's encoding (`Protocol/CHECKPOINT.md` §2): signed header, body committed by hash, sealed
/// content; and the two sync messages that carry it.
@Suite struct CheckpointWireTests {
    static func content() throws -> CheckpointContent {
        let bob = actor(try fixedNode(2))
        let carol = actor(try fixedNode(3))
        return CheckpointContent(
            stubs: [
                bob: [
                    .init(seq: 1, lamportEnd: 4, causalPast: [0, 0], id: nil),
                    .init(
                        seq: 3, lamportEnd: 9, causalPast: [1, 1] + carol.bytes + [2],
                        id: [UInt8](repeating: 7, count: 32)),
                ],
                carol: [.init(seq: 2, lamportEnd: 12, causalPast: [0, 0], id: [UInt8](repeating: 8, count: 32))],
            ],
            documents: [
                .init(
                    id: DocumentID(bytes: [UInt8](repeating: 1, count: 16))!, latestLamport: 12, latestAuthor: carol,
                    updatedAtMillis: 1_800_000_000_123, snapshot: [1, 2, 3]),
                .init(
                    id: DocumentID(bytes: [UInt8](repeating: 2, count: 16))!, latestLamport: 9, latestAuthor: bob,
                    snapshot: []),
            ])
    }

    static func signed(by signer: NodeKeyPair? = nil) throws -> (Checkpoint, ContentKey) {
        let admin = try signer ?? fixedNode(1)
        let key = try fixedEpochKey().contentKey()
        var vector = VersionVector()
        vector[actor(try fixedNode(2))] = 3
        vector[actor(try fixedNode(3))] = 2
        let checkpoint = try Checkpoint.sign(
            space: testSpace(), epoch: 1, issuedAt: 1_800_000_000, vector: vector, envelopes: [[9, 9, 9], [8]],
            content: content(), key: key, by: admin)
        return (checkpoint, key)
    }

    @Test func aSignedCheckpointDecodesAndOpensToWhatWasSealed() throws {
        let (checkpoint, key) = try Self.signed()
        let again = try Checkpoint(decoding: checkpoint.bytes)
        #expect(again == checkpoint)
        #expect(again.author == actor(try fixedNode(1)))
        #expect(again.envelopes == [[9, 9, 9], [8]])
        #expect(try again.open(with: key) == Self.content())
        let other = try EpochKey(epoch: 1, secret: SecureBytes(copying: [UInt8](repeating: 1, count: 32))).contentKey()
        #expect(throws: WireError.self) { _ = try again.open(with: other) }
    }

    @Test func anyChangedByteIsRefused() throws {
        let (checkpoint, _) = try Self.signed()
        let valid = checkpoint.bytes
        var random = SeededRandom(seed: 41)
        var codes: Set<String> = []
        for _ in 0..<3_000 {
            var bytes = valid
            switch random.below(3) {
            case 0:
                let index = random.below(bytes.count)
                bytes[index] ^= UInt8(1 + random.below(255))
            case 1: bytes.removeLast(1 + random.below(bytes.count - 1))
            default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count))
            }
            do {
                _ = try Checkpoint(decoding: bytes)
                Issue.record("a changed checkpoint decoded")
            } catch {
                codes.insert("\(error.code)")
            }
        }
        // A changed header fails its signature, a changed body its hash.
        #expect(codes.contains("\(WireError.Code.badSignature)"))
    }

    @Test func aBodyThatIsNotTheOneSignedFailsItsHash() throws {
        let (checkpoint, _) = try Self.signed()
        var bytes = checkpoint.bytes
        bytes[bytes.count - 1] ^= 1
        let error = #expect(throws: WireError.self) { _ = try Checkpoint(decoding: bytes) }
        #expect(error?.code == .badSignature)
        #expect(error?.message.contains("hash") == true)
    }

    @Test func mutatedContentNeverCrashesTheDecoder() throws {
        let valid = try Self.content().encoded()
        var random = SeededRandom(seed: 5)
        var decoded = 0
        for _ in 0..<10_000 {
            let bytes = mutated(valid, &random)
            if let content = try? CheckpointContent(decoding: bytes) {
                decoded += 1
                #expect(content.encoded() == bytes)
            }
        }
        #expect(decoded > 0)
    }

    @Test func theCheckpointMessagesRoundTripAndRefuseBadParts() throws {
        let space = try testSpace()
        for message in [
            SyncMessage.checkpoint(space: space, part: 1, parts: 2, bytes: [1, 2, 3]),
            .checkpoint(space: space, part: 2, parts: 2, bytes: []),
            .checkpointAnswer(space: space, answer: .installed), .checkpointAnswer(space: space, answer: .declined),
            .checkpointAnswer(space: space, answer: .send),
            .checkpointOffer(space: space, id: [UInt8](repeating: 9, count: 32)),
        ] {
            #expect(try SyncMessage(decoding: message.encoded()) == message)
        }
        // Part 3 of 2, part 0, an answer of 3 and an offer with a short id are malformed.
        for bad in [
            [0x41] + space.bytes + [3, 2, 0], [0x41] + space.bytes + [0, 2, 0], [0x42] + space.bytes + [3],
            [0x43] + space.bytes + [1, 2, 3],
        ] {
            #expect(throws: WireError.self) { _ = try SyncMessage(decoding: bad) }
        }
    }
}
