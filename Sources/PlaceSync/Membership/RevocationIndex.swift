internal import PlaceCRDT
internal import PlaceWire

/// The counted revocations (removals and role changes) of one member, in one array sorted by (author,
/// seq). Those outside a causal past `deps` are, within each author's run, a suffix found by binary
/// search; and per position, the smallest lock of each kind of cap in the rest of the run (`floors`)
/// answers "which of them apply to seq" without walking the suffix — a member whose role changed
/// thousands of times costs a few lookups per judgement, and a member with one revocation costs no
/// dictionary.
struct RevocationIndex: Hashable, Sendable {
    struct Cap: Hashable, Sendable {
        var author: ActorID
        var seq: UInt64
        /// What the revocation's author had seen of the member.
        var lock: UInt64
        /// The role it sets (nil: removed).
        var role: MemberRole?

        /// Its lane in ``Floors``: the role's raw value (admin 1 … relay 4), 5 for a removal.
        var lane: Int { role.map { Int($0.rawValue) } ?? Self.removalLane }
        static let removalLane = 5
    }

    /// Per lane (``Cap/lane``): the smallest lock among the caps of that kind from a position to the end
    /// of its author's run (`UInt64.max`: none).
    typealias Floors = SIMD8<UInt64>

    private var caps: [Cap] = []
    private var floors: [Floors] = []

    mutating func insert(_ cap: Cap) {
        // Mostly in order already: append; otherwise insert in place.
        var position = caps.count
        if let last = caps.last, (last.author, last.seq) > (cap.author, cap.seq) {
            var low = 0
            var high = caps.count
            while low < high {
                let middle = (low + high) / 2
                if (caps[middle].author, caps[middle].seq) < (cap.author, cap.seq) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            position = low
        }
        caps.insert(cap, at: position)
        var own = Floors(repeating: .max)
        own[cap.lane] = cap.lock
        // The floors from here on are those of the next cap of the run, lowered by this one; those before
        // it in the run are lowered by it, back to the first that it does not lower (floors only grow
        // along a run, so none before that one changes either).
        if position + 1 < caps.count, caps[position + 1].author == cap.author {
            floors.insert(pointwiseMin(own, floors[position]), at: position)
        } else {
            floors.insert(own, at: position)
        }
        var earlier = position - 1
        while earlier >= 0, caps[earlier].author == cap.author {
            let lowered = pointwiseMin(floors[earlier], own)
            if lowered == floors[earlier] { break }
            floors[earlier] = lowered
            earlier -= 1
        }
    }

    /// Whether no revocation is counted.
    var isEmpty: Bool { caps.isEmpty }

    /// Every cap, by (author, seq).
    var all: [Cap] { caps }

    /// The role `role` becomes for an envelope `seq` with dependencies `deps`: lowered by every cap
    /// outside that past whose lock is below `seq`; `nil` if one of them is a removal.
    func apply(to role: MemberRole, seq: UInt64, deps: VersionVector) -> MemberRole? {
        var result = role
        var start = 0
        while start < caps.count {
            let author = caps[start].author
            // The run's end: the first cap of a later author (binary search: a run can be long).
            var end = start + 1
            var upper = caps.count
            while end < upper {
                let middle = (end + upper) / 2
                if caps[middle].author == author { end = middle + 1 } else { upper = middle }
            }
            // Within this author's run, the caps it had not seen: seq above deps[author].
            let seen = deps[author]
            var low = start
            var high = end
            while low < high {
                let middle = (low + high) / 2
                if caps[middle].seq <= seen { low = middle + 1 } else { high = middle }
            }
            if low < end {
                // The most severe kind among them with a lock below seq.
                let floor = floors[low]
                if floor[Cap.removalLane] < seq { return nil }
                for raw in stride(from: MemberRole.relay.rawValue, to: MemberRole.admin.rawValue, by: -1)
                where floor[Int(raw)] < seq {
                    if let capped = MemberRole(rawValue: raw) { result = result.lowest(capped) }
                    break
                }
            }
            start = end
        }
        return result
    }
}
