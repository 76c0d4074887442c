internal import PlaceCRDT
internal import PlaceWire

/// The counted revocations (removals and role changes) of one member, grouped by the admin who wrote
/// them, in seq order. Those outside a causal past `deps` are a suffix of each group, found by binary
/// search — a member whose role changed thousands of times costs a few lookups per judgement, not a
/// pass over all of them.
struct RevocationIndex: Hashable, Sendable {
    struct Cap: Hashable, Sendable {
        var author: ActorID
        var seq: UInt64
        /// What the revocation's author had seen of the member.
        var lock: UInt64
        /// The role it sets (nil: removed).
        var role: MemberRole?
    }

    private var byAuthor: [ActorID: [Cap]] = [:]

    mutating func insert(_ cap: Cap) {
        // Mostly in seq order already: append; otherwise insert in place (no copy of the group).
        if let last = byAuthor[cap.author]?.last, last.seq > cap.seq {
            let position = Self.firstPosition(in: byAuthor[cap.author] ?? [], after: cap.seq)
            byAuthor[cap.author, default: []].insert(cap, at: position)
        } else {
            byAuthor[cap.author, default: []].append(cap)
        }
    }

    /// Every cap (any order).
    var all: [Cap] { byAuthor.values.flatMap { $0 } }

    /// The role `role` becomes for an envelope `seq` with dependencies `deps`: lowered by every cap
    /// outside that past whose lock is below `seq`; `nil` if one of them is a removal.
    func apply(to role: MemberRole, seq: UInt64, deps: VersionVector) -> MemberRole? {
        var result = role
        for (author, group) in byAuthor {
            for cap in group[Self.firstPosition(in: group, after: deps[author])...] where cap.lock < seq {
                guard let capped = cap.role else { return nil }
                result = result.lowest(capped)
            }
        }
        return result
    }

    /// The position of the first cap with a seq above `seq`.
    private static func firstPosition(in group: [Cap], after seq: UInt64) -> Int {
        var low = 0
        var high = group.count
        while low < high {
            let middle = (low + high) / 2
            if group[middle].seq <= seq { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
