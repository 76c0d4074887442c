/// Where elements of one actor's stretch of counters were last placed or found: an open-addressed
/// (linear probing) table from a `CounterBucket` to the last few chunks (by stable id) that held it.
///
/// Only a guess — `SequenceState.locateNearHint` checks every chunk it suggests and falls back to
/// scanning. A bucket names its actor by index in the sequence (not by its 32 bytes), and a multiply
/// and a shift pick the slot. The table grows fourfold while more than half its slots are taken (a
/// long merge of another writer's history adds thousands of buckets: doubling rehashed them ten
/// times), up to `maxSlots`; once that is full, a new bucket takes over the slot it hashes to. (Direct-mapped,
/// buckets that shared a slot replaced each other: on a long document about one lookup in 40 then
/// scanned every chunk.)
struct ChunkHintTable: Sendable {
    private var keys: [UInt64] = []
    private var recent: [RecentChunks] = []
    private var used = 0
    private var shift: UInt64 = 64

    static let initialSlots = 16
    static let maxSlots = 1 << 16

    /// The last chunks that held `bucket`, if the table remembers any.
    subscript(bucket: CounterBucket) -> RecentChunks? {
        guard !keys.isEmpty else { return nil }
        let key = Self.key(bucket)
        // At most half the slots are taken, so the probe meets an empty slot.
        var slot = Self.slot(key, shift: shift)
        while keys[slot] != 0 {
            if keys[slot] == key { return recent[slot] }
            slot = (slot + 1) & (keys.count - 1)
        }
        return nil
    }

    /// Makes `stableID` the most recent chunk of `bucket`.
    mutating func note(_ stableID: Int, for bucket: CounterBucket) {
        if keys.isEmpty { resize(to: Self.initialSlots) }
        let key = Self.key(bucket)
        var slot = Self.slot(key, shift: shift)
        while keys[slot] != 0 {
            if keys[slot] == key {
                recent[slot].note(stableID)
                return
            }
            slot = (slot + 1) & (keys.count - 1)
        }
        if (used + 1) * 2 > keys.count {
            if keys.count < Self.maxSlots {
                resize(to: min(keys.count * 4, Self.maxSlots))
                note(stableID, for: bucket)
                return
            }
            // Full: the bucket takes over its home slot (the buckets probed past it stay reachable).
            slot = Self.slot(key, shift: shift)
        } else {
            used += 1
        }
        keys[slot] = key
        recent[slot] = RecentChunks()
        recent[slot].note(stableID)
    }

    /// A non-zero key for the bucket (0 marks an empty slot): the actor index above the bucket's 48
    /// bits (counters are at most 2^53, so buckets at most 2^47), plus one. One to one, and never 0,
    /// for the first 2^16 actors of a sequence (as many as a snapshot may name); beyond that two
    /// buckets may share a key, and a lookup may then be sent to the wrong chunks first: only a slower
    /// lookup.
    private static func key(_ bucket: CounterBucket) -> UInt64 {
        (UInt64(bucket.actor) << 48 | bucket.bucket) &+ 1
    }

    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> shift)
    }

    private mutating func resize(to slots: Int) {
        let oldKeys = keys
        let oldRecent = recent
        keys = Array(repeating: 0, count: slots)
        recent = Array(repeating: RecentChunks(), count: slots)
        shift = UInt64(64 - slots.trailingZeroBitCount)
        for (index, key) in oldKeys.enumerated() where key != 0 {
            var slot = Self.slot(key, shift: shift)
            while keys[slot] != 0 { slot = (slot + 1) & (slots - 1) }
            keys[slot] = key
            recent[slot] = oldRecent[index]
        }
    }
}

/// 64 consecutive counters of one actor: the unit of `SequenceState.chunkHints`.
struct CounterBucket: Sendable {
    static let width: UInt64 = 64
    /// The actor's index in its sequence's actor table (`SequenceActors`): a bucket is only ever looked
    /// up in the table of the sequence that named it.
    let actor: UInt32
    let bucket: UInt64

    init(actor: UInt32, bucket: UInt64) {
        self.actor = actor
        self.bucket = bucket
    }
}

/// The last few chunks (by stable id, most recent first) that received elements of one counter bucket:
/// one actor's 64 counters often end up in several places (the writer moved the cursor while typing).
struct RecentChunks: Sendable {
    private var first: Int32 = -1
    private var second: Int32 = -1
    private var third: Int32 = -1
    private var fourth: Int32 = -1

    /// Makes `stableID` the most recent, keeping up to three others.
    mutating func note(_ stableID: Int) {
        let id = Int32(truncatingIfNeeded: stableID)
        guard first != id else { return }
        if second == id {
            (first, second) = (id, first)
        } else if third == id {
            (first, second, third) = (id, first, second)
        } else {
            (first, second, third, fourth) = (id, first, second, third)
        }
    }

    /// The `index`-th most recent chunk (0 to 3; -1: none).
    func stableID(at index: Int) -> Int {
        switch index {
        case 0: Int(first)
        case 1: Int(second)
        case 2: Int(third)
        default: Int(fourth)
        }
    }
}
