import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceTestSupport
import PlaceWire
import Testing

/// The sync protocol's messages and framing (`Protocol/PROTOCOL.md`): byte-exact vectors, round trips,
/// every chunking, limits, and bad input that must throw, never crash.
@Suite struct SyncMessageTests {
    static let alice = ActorID(bytes: [UInt8](repeating: 0xA1, count: 32))!
    static let bob = ActorID(bytes: [UInt8](repeating: 0xB2, count: 32))!
    static let space = SpaceID(bytes: Array(0..<16))!
    static let vector = VersionVector([alice: 7, bob: 300])
    static let messages: [(String, SyncMessage)] = [
        (
            "hello.hex",
            .hello(agent: "placesync/0.1", wants: [SpaceWant(space: space, vector: vector)], redemption: nil)
        ),
        ("hello-redemption.hex", .hello(agent: "", wants: [], redemption: "psred1-example")),
        ("want.hex", .want(SpaceWant(space: space, vector: VersionVector()))),
        ("chain-request.hex", .chainRequest(space: space)),
        ("chain.hex", .chain(space: space, envelopes: [[1, 2, 3], []])),
        ("envelopes.hex", .envelopes(space: space, batch: 1, envelopes: [[0xEE, 0xFF], [0x01]])),
        ("ack.hex", .ack(batch: 300)),
        ("synced.hex", .synced(space: space)),
        ("ping.hex", .ping),
        ("admitted.hex", .admitted(space: space)),
        ("refused.hex", .refused(space: space)),
        ("error.hex", .error(code: .notEntitled, message: "no space is shared with this node")),
        ("bye.hex", .bye),
        ("attestations.hex", .attestations(space: space, attestations: [[0xA7, 0x01], []])),
        ("checkpoint-offer.hex", .checkpointOffer(space: space, id: [UInt8](repeating: 0xC7, count: 32))),
        ("checkpoint.hex", .checkpoint(space: space, part: 2, parts: 3, bytes: [0x01, 0x50, 0x53])),
        ("checkpoint-answer.hex", .checkpointAnswer(space: space, answer: .send)),
    ]
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/sync")

    @Test func messagesMatchTheCommittedVectorsAndRoundTrip() throws {
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            for (name, message) in Self.messages {
                try (hexString(message.encoded()) + "\n").write(
                    to: Self.directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        for (name, message) in Self.messages {
            let committed = hex(try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8))
            #expect(message.encoded() == committed, "\(name) no longer matches the encoder")
            #expect(try SyncMessage(decoding: committed) == message, "\(name)")
        }
    }

    @Test func badMessagesGetSpecificErrors() {
        func code(_ bytes: [UInt8]) -> WireError.Code? {
            do {
                _ = try SyncMessage(decoding: bytes)
                return nil
            } catch { return error.code }
        }
        #expect(code([]) == .malformed)
        // Unknown types: a violation, except in the optional range, which decodes for the session to skip.
        #expect(code([0x37]) == .malformed)
        #expect(code([0x80, 1]) == .malformed)
        #expect(code([0x3F]) == .malformed)
        #expect(throws: Never.self) { try SyncMessage(decoding: [0x77]) }
        #expect((try? SyncMessage(decoding: [0x5A, 9, 9])) == .optional(type: 0x5A, body: [9, 9]))
        #expect((try? SyncMessage(decoding: [0x7F])) == .optional(type: 0x7F, body: []))
        #expect(SyncMessage.optional(type: 0x5A, body: [1, 2]).encoded() == [0x5A, 1, 2])
        #expect(code(SyncMessage.ping.encoded() + [0]) == .malformed)
        #expect(code([0x06, 0x00]) == .malformed)  // batch 0
        // A vector out of order, and one naming seq 0.
        let space = Self.space.bytes
        #expect(code([0x02] + space + [2] + Self.bob.bytes + [1] + Self.alice.bytes + [1]) == .malformed)
        #expect(code([0x02] + space + [1] + Self.alice.bytes + [0]) == .malformed)
        // Counts and lengths that claim more than is there, checked before allocating.
        #expect(code([0x05] + space + [1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) != nil)
        #expect(code([0x04] + space + [1, 0xFF, 0xFF, 0xFF, 0x7F]) == .limitExceeded)
        #expect(code([UInt8](repeating: 0, count: SyncMessage.maxBytes + 1)) == .limitExceeded)
        #expect(code([0x0E, 1, 0x80, 0x08] + [UInt8](repeating: 0x61, count: 1_024)) == .limitExceeded)
    }

    @Test func mutatedMessagesNeverCrashAndReEncodeExactly() {
        var random = SeededRandom(seed: 77)
        for _ in 0..<10_000 {
            var bytes = Self.messages[random.below(Self.messages.count)].1.encoded()
            for _ in 0...random.below(3) {
                switch random.below(3) {
                case 0 where !bytes.isEmpty: bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255))
                case 1 where !bytes.isEmpty: bytes.removeLast(1 + random.below(bytes.count))
                default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count + 1))
                }
            }
            if let decoded = try? SyncMessage(decoding: bytes) {
                #expect(decoded.encoded() == bytes)
            }
        }
    }

    @Test func everyTruncationOfEveryMessageIsRefused() {
        for (name, message) in Self.messages {
            let bytes = message.encoded()
            for length in 0..<bytes.count {
                #expect(throws: WireError.self, "\(name) cut at \(length)") {
                    try SyncMessage(decoding: Array(bytes.prefix(length)))
                }
            }
        }
    }
}

/// Frames and fragments: the same messages come out whatever the chunking of the stream.
@Suite struct FramingTests {
    @Test func framesComeOutWholeWhateverTheChunking() throws {
        var random = SeededRandom(seed: 5)
        let bodies: [[UInt8]] = (0..<40).map { index in
            (0..<(index == 7 ? FrameDecoder.maxFrameBytes : 1 + random.below(3_000))).map { _ in
                UInt8(random.below(256))
            }
        }
        let stream = bodies.flatMap(FrameDecoder.frame)
        for chunking in [1, 2, 3, 7, 100, 65_537, stream.count] {
            var decoder = FrameDecoder()
            var out: [[UInt8]] = []
            var offset = 0
            while offset < stream.count {
                let end = min(stream.count, offset + (chunking == 3 ? 1 + random.below(5_000) : chunking))
                decoder.append(stream[offset..<end])
                while let frame = try decoder.nextFrame() { out.append(frame) }
                offset = end
            }
            #expect(out == bodies, "chunking \(chunking)")
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    @Test func aZeroLengthFrameIsRefused() {
        var decoder = FrameDecoder()
        decoder.append([0, 0, 1])
        #expect(throws: WireError.self) { try decoder.nextFrame() }
    }

    @Test func largeMessagesSplitAndJoinAndOversizedOnesAreRefusedEarly() throws {
        var random = SeededRandom(seed: 9)
        for size in [0, 1, MessageFragments.maxFragmentBytes, MessageFragments.maxFragmentBytes + 1, 1_000_000] {
            let message = (0..<size).map { _ in UInt8(random.below(256)) }
            let parts = MessageFragments.split(message)
            #expect(parts.allSatisfy { $0.count <= MessageFragments.maxFragmentBytes + 1 })
            var joiner = MessageReassembler()
            var joined: [UInt8]?
            for (index, part) in parts.enumerated() {
                joined = try joiner.append(part)
                #expect((joined == nil) == (index < parts.count - 1))
            }
            #expect(joined == message)
        }
        var small = MessageReassembler(maxBytes: 100)
        #expect(try small.append([1] + [UInt8](repeating: 0, count: 60)) == nil)
        #expect(throws: WireError.self) { try small.append([0] + [UInt8](repeating: 0, count: 60)) }
        var flags = MessageReassembler()
        #expect(throws: WireError.self) { try flags.append([2, 0]) }
        #expect(throws: WireError.self) { try flags.append([]) }
    }

    @Test func versionNegotiationPicksTheHighestCommonVersion() throws {
        #expect(try ProtocolVersion.readOffer(ProtocolVersion.offer([1, 2, 5])) == [1, 2, 5])
        #expect(ProtocolVersion.choose(from: [1, 2, 5], supported: [1, 2, 3]) == 2)
        #expect(ProtocolVersion.choose(from: [4], supported: [1]) == 0)
        #expect(try ProtocolVersion.readAnswer(ProtocolVersion.answer(2)) == 2)
        #expect(throws: WireError.self) { try ProtocolVersion.readOffer([]) }
        #expect(throws: WireError.self) { try ProtocolVersion.readOffer([2, 0, 2, 0, 1]) }
        #expect(throws: WireError.self) { try ProtocolVersion.readOffer([1, 0]) }
        #expect(throws: WireError.self) { try ProtocolVersion.readAnswer([1]) }
    }
}
