import Foundation
import PlaceCRDT
import PlaceTestSupport
import PlaceWire
import Testing

/// Deflated messages (protocol version 2): what compresses travels deflated, what does not travels as
/// it is, and a deflated message that lies about its length, is corrupt, nests, or would inflate past
/// the message limit is refused with a clear error before it costs memory.
@Suite struct DeflatedMessageTests {
    static let space = SpaceID(bytes: Array(0..<16))!

    /// A batch like an initial sync's: envelopes whose headers repeat, with incompressible bodies.
    static func batch(count: Int, seed: UInt64) -> SyncMessage {
        var random = SeededRandom(seed: seed)
        let header = (0..<180).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let envelopes = (0..<count).map { index in
            header + [UInt8(truncatingIfNeeded: index)]
                + (0..<120).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        return .envelopes(space: space, batch: 1, envelopes: envelopes)
    }

    static let vectorURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/sync/deflated-envelopes.hex")

    @Test func aBatchThatCompressesTravelsDeflatedAndDecodesToTheSameMessage() throws {
        let message = Self.batch(count: 40, seed: 1)
        let encoded = message.encoded()
        let deflated = try #require(SyncMessage.deflated(encoded))
        #expect(deflated.first == SyncMessage.deflatedType)
        #expect(deflated.count < encoded.count * 7 / 10, "\(deflated.count) of \(encoded.count)")
        #expect(try SyncMessage.inflated(deflated) == encoded)
        #expect(try SyncMessage(decodingPossiblyDeflated: deflated) == message)
        #expect(try SyncMessage(decodingPossiblyDeflated: encoded) == message)
        // A build that does not speak version 2 refuses the type: it is only sent after version 2 is chosen.
        #expect(throws: WireError.self) { try SyncMessage(decoding: deflated) }
    }

    @Test func whatDoesNotCompressOrIsShortIsNotDeflated() {
        var random = SeededRandom(seed: 9)
        let noise = (0..<4_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        #expect(
            SyncMessage.deflated(SyncMessage.envelopes(space: Self.space, batch: 1, envelopes: [noise]).encoded())
                == nil)
        #expect(SyncMessage.deflated(SyncMessage.ping.encoded()) == nil)
        #expect(Self.batch(count: 2, seed: 2).encoded().count < SyncMessage.deflateThreshold)
        #expect(SyncMessage.deflated(Self.batch(count: 2, seed: 2).encoded()) == nil)
        #expect(SyncMessage.envelopes(space: Self.space, batch: 1, envelopes: []).isDeflatable)
        #expect(
            !SyncMessage.ping.isDeflatable && !SyncMessage.hello(agent: "", wants: [], redemption: nil).isDeflatable)
    }

    @Test func theCommittedVectorInflatesToItsMessage() throws {
        let message = Self.batch(count: 12, seed: 3)
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            let deflated = try #require(SyncMessage.deflated(message.encoded()))
            try (hexString(deflated) + "\n").write(to: Self.vectorURL, atomically: true, encoding: .utf8)
        }
        let committed = hex(try String(contentsOf: Self.vectorURL, encoding: .utf8))
        #expect(committed.first == 0x11)
        #expect(try SyncMessage(decodingPossiblyDeflated: committed) == message)
    }

    @Test func lyingCorruptNestedAndOversizedDeflatedMessagesAreRefused() throws {
        let encoded = Self.batch(count: 40, seed: 4).encoded()
        let deflated = try #require(SyncMessage.deflated(encoded))
        func code(_ bytes: [UInt8]) -> WireError.Code? {
            do {
                _ = try SyncMessage(decodingPossiblyDeflated: bytes)
                return nil
            } catch {
                return error.code
            }
        }
        func declaring(_ length: Int, _ bytes: [UInt8]) -> [UInt8] {
            [
                0x11, UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
                UInt8(length & 0xFF),
            ]
                + bytes.dropFirst(5)
        }
        // Declaring more than a message may hold is refused before anything is inflated.
        #expect(code(declaring(SyncMessage.maxBytes + 1, deflated)) == .limitExceeded)
        #expect(code(declaring(Int(UInt32.max), deflated)) == .limitExceeded)
        // Declaring less (a bomb would) or more than the stream holds.
        #expect(code(declaring(encoded.count - 1, deflated)) == .malformed)
        #expect(code(declaring(encoded.count + 1, deflated)) == .malformed)
        #expect(code(declaring(0, deflated)) == .malformed)
        #expect(code([0x11]) == .malformed)
        #expect(code([0x11, 0, 0, 0, 5]) == .malformed)
        // A deflated message inside a deflated message.
        let nested = try #require(SyncMessage.deflated([0x11] + Array(encoded.dropFirst())))
        #expect(code(nested) == .malformed)
        // A stream that inflates to a well-formed length but not a message.
        let junk = try #require(SyncMessage.deflated([0x7F] + [UInt8](repeating: 0xEE, count: 2_000)))
        #expect(code(junk) == nil)  // an optional type: decodes, and the session skips it
        let unknown = try #require(SyncMessage.deflated([0x33] + [UInt8](repeating: 0xEE, count: 2_000)))
        #expect(code(unknown) == .malformed)
    }

    @Test func mutatedAndTruncatedDeflatedMessagesNeverCrash() throws {
        let deflated = try #require(SyncMessage.deflated(Self.batch(count: 30, seed: 5).encoded()))
        var random = SeededRandom(seed: 24)
        for _ in 0..<3_000 {
            var bytes = deflated
            for _ in 0..<(1 + random.below(4)) {
                bytes[1 + random.below(bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
            }
            // Either it still decodes to some message, or it is refused with a wire error; never a crash.
            _ = try? SyncMessage(decodingPossiblyDeflated: bytes)
        }
        for length in 0..<deflated.count {
            #expect(throws: WireError.self) {
                try SyncMessage(decodingPossiblyDeflated: Array(deflated.prefix(length)))
            }
        }
    }
}
