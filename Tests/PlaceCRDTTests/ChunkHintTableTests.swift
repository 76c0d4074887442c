import PlaceTestSupport
import Testing

@testable import PlaceCRDT

/// The chunk hint table is only a guess, but a guess must be about the bucket asked for: what it
/// returns for a bucket is what was last noted for that bucket, or nothing.
@Suite struct ChunkHintTableTests {
    @Test func aLookupReturnsTheLastChunksNotedForThatBucketOrNothing() {
        var random = SeededRandom(seed: 7)
        let actors = (0..<5).map { _ in UInt32(random.below(1 << 16)) }
        var table = ChunkHintTable()
        var last: [String: (Int, Int?)] = [:]
        func name(_ bucket: CounterBucket) -> String { "\(bucket.actor)/\(bucket.bucket)" }
        var buckets: [CounterBucket] = []
        for step in 0..<20_000 {
            let bucket = CounterBucket(actor: actors[random.below(actors.count)], bucket: UInt64(random.below(3_000)))
            table.note(step, for: bucket)
            let previous = last[name(bucket)]
            last[name(bucket)] = (step, previous?.0)
            buckets.append(bucket)
        }
        var found = 0
        for bucket in buckets {
            guard let recent = table[bucket] else { continue }
            found += 1
            let expected = last[name(bucket)]
            #expect(recent.stableID(at: 0) == expected?.0)
            // The bucket's earlier chunks are forgotten when another bucket took its slot in between.
            #expect(recent.stableID(at: 1) == -1 || recent.stableID(at: 1) == expected?.1)
        }
        // The table grows to hold this many buckets: most lookups find their bucket.
        #expect(found > buckets.count / 2)
    }

    /// Buckets that land on the same slot must not keep replacing each other while the table can still
    /// grow: a forgotten bucket makes a lookup scan every chunk of the sequence.
    @Test func bucketsThatShareASlotAreAllRemembered() {
        var random = SeededRandom(seed: 11)
        let actors = (0..<5).map { _ in UInt32(random.below(1 << 16)) }
        var table = ChunkHintTable()
        var buckets: [CounterBucket] = []
        for actor in actors {
            for bucket in 0..<2_000 { buckets.append(CounterBucket(actor: actor, bucket: UInt64(bucket))) }
        }
        for (index, bucket) in buckets.enumerated() { table.note(index, for: bucket) }
        var remembered = 0
        for (index, bucket) in buckets.enumerated() {
            guard let recent = table[bucket] else { continue }
            #expect(recent.stableID(at: 0) == index)
            remembered += 1
        }
        // Below the table's largest size nothing is forgotten (a direct-mapped table forgot 70 % here).
        #expect(remembered == buckets.count)
    }
}
