import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// The byte buffer behind actor histories must hold exactly what was appended, whether it grew for
/// each append or room was made first, and copies must not see each other's later appends.
@Suite struct PackedBytesTests {
    @Test func packedBytesHoldWhatWasAppendedAndCopiesStayApart() {
        var random = SeededRandom(seed: 31)
        var packed = PackedBytes()
        var model: [UInt8] = []
        var copies: [(PackedBytes, [UInt8])] = []
        for step in 0..<2_000 {
            let piece = (0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let first = UInt8(truncatingIfNeeded: step)
            if random.below(2) == 0 {
                piece.withUnsafeBufferPointer { packed.append(first, $0) }
            } else {
                // Room made first (sometimes more than needed), then appended without growing.
                packed.makeRoom(for: 1 + piece.count + random.below(3) * random.below(100))
                piece.withUnsafeBufferPointer { packed.appendWithinCapacity(first, $0) }
            }
            model.append(first)
            model += piece
            if random.below(50) == 0 { copies.append((packed, model)) }
            if random.below(200) == 0 { packed.reserveCapacity(packed.count + random.below(1_000)) }
        }
        #expect(packed.count == model.count)
        #expect(packed[0..<packed.count] == model)
        let start = random.below(model.count)
        #expect(packed[start] == model[start])
        #expect(packed[start..<model.count] == Array(model[start...]))
        #expect(copies.count > 10)
        // Each copy, appended to on its own, must neither see nor disturb the others.
        for index in copies.indices {
            let piece = [UInt8(truncatingIfNeeded: index), 1, 2, 3]
            if index.isMultiple(of: 2) {
                piece.withUnsafeBufferPointer { copies[index].0.append(0xEE, $0) }
            } else {
                // Making room must give the copy storage of its own before it is written.
                copies[index].0.makeRoom(for: 1 + piece.count)
                piece.withUnsafeBufferPointer { copies[index].0.appendWithinCapacity(0xEE, $0) }
            }
            copies[index].1 += [0xEE] + piece
        }
        for (copy, expected) in copies {
            #expect(copy.count == expected.count)
            #expect(copy[0..<copy.count] == expected)
        }
        #expect(packed[0..<packed.count] == model)
    }

    /// Two values sharing storage that has room to spare: each that makes room and appends within it
    /// must get storage of its own, or the second append would write over the first.
    @Test func makingRoomInSharedStorageGivesEachValueItsOwn() {
        var packed = PackedBytes()
        packed.reserveCapacity(64)
        [1, 2, 3].withUnsafeBufferPointer { packed.append(0, $0) }
        var copy = packed
        copy.makeRoom(for: 4)
        [7, 8, 9].withUnsafeBufferPointer { copy.appendWithinCapacity(6, $0) }
        packed.makeRoom(for: 4)
        [4, 5, 6].withUnsafeBufferPointer { packed.appendWithinCapacity(3, $0) }
        #expect(copy[0..<copy.count] == [0, 1, 2, 3, 6, 7, 8, 9])
        #expect(packed[0..<packed.count] == [0, 1, 2, 3, 3, 4, 5, 6])
    }
}
