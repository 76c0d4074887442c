internal import PlaceCRDT
internal import PlaceWire

/// The counted revocations (removals and role changes) of one member, in one array sorted by (author,
/// seq). Those outside a causal past `deps` are, within each author's run, a suffix found by binary
/// search — a member whose role changed thousands of times costs a few lookups per judgement, and a
/// member with one revocation costs no dictionary.
struct RevocationIndex: Hashable, Sendable {
    struct Cap: Hashable, Sendable {
        var author: ActorID
        var seq: UInt64
        /// What the revocation's author had seen of the member.
        var lock: UInt64
        /// The role it sets (nil: removed).
        var role: MemberRole?
    }

    private var caps: [Cap] = []

    mutating func insert(_ cap: Cap) {
        // Mostly in order already: append; otherwise insert in place.
        guard let last = caps.last, (last.author, last.seq) > (cap.author, cap.seq) else {
            caps.append(cap)
            return
        }
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
        caps.insert(cap, at: low)
    }

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
            for cap in caps[low..<end] where cap.lock < seq {
                guard let capped = cap.role else { return nil }
                result = result.lowest(capped)
            }
            start = end
        }
        return result
    }
}
