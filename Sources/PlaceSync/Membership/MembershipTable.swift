internal import PlaceCRDT
internal import PlaceWire

/// A set of membership entries made ready for evaluation: one entry per key, in causal order
/// (``CausalOrder``), each entry's fields in flat columns and every actor numbered once — so that the
/// evaluation's loops index arrays instead of hashing actor ids or copying entries.
struct MembershipTable {
    /// The entries, in causal order.
    let entries: [MembershipEntry]
    /// Per entry: author, seq and dependencies.
    let authors: [ActorID]
    let seqs: [UInt64]
    let deps: [VersionVector]
    /// Per entry: its author's number.
    let authorNumbers: [Int32]
    /// Per entry: the number of the member whose role it sets (-1: it sets none).
    let targets: [Int32]
    /// Per entry: the role it sets, and its heads-lock (``MembershipEntry/lock``).
    let rolesSet: [MemberRole?]
    let locks: [UInt64]
    /// Per entry: what kind of entry it is.
    let kinds: [Kind]
    /// The actor with each number: the authors first (in byte order), then members who author nothing.
    let actors: [ActorID]

    /// What the rules ask of an entry's operation.
    struct Kind {
        var isGenesis: Bool
        var isRevocation: Bool
        var isRemoval: Bool

        init(_ operation: MembershipOperation) {
            isGenesis = operation.isGenesis
            isRevocation = operation.isRevocation
            isRemoval = operation.isRemoval
        }
    }

    init(_ unsorted: some Collection<MembershipEntry>) {
        // Sort by key (author, seq), keeping one entry per key: two different entries for one key are an
        // equivocation, frozen at the envelope level; here the smaller body wins so the result stays a
        // function of the set.
        let all = Array(unsorted)
        let byKey = all.indices.sorted { (all[$0].author, all[$0].seq) < (all[$1].author, all[$1].seq) }
        var unique: [Int] = []
        unique.reserveCapacity(all.count)
        for index in byKey {
            if let last = unique.last, all[last].author == all[index].author, all[last].seq == all[index].seq {
                if all[index].bodyBytes.lexicographicallyPrecedes(all[last].bodyBytes) {
                    unique[unique.count - 1] = index
                }
                continue
            }
            unique.append(index)
        }
        let keyedAuthors = unique.map { all[$0].author }
        let order = CausalOrder.order(
            authors: keyedAuthors, seqs: unique.map { all[$0].seq }, deps: unique.map { all[$0].deps })
        let entries = order.map { all[unique[$0]] }
        self.entries = entries
        authors = entries.map(\.author)
        seqs = entries.map(\.seq)
        deps = entries.map(\.deps)
        rolesSet = entries.map(\.roleSet)
        locks = entries.map(\.lock)
        kinds = entries.map { Kind($0.operation) }
        // Authors numbered by byte order (their runs in `keyedAuthors`), found by binary search; members
        // who author nothing numbered after them.
        var authorList: [ActorID] = []
        for index in keyedAuthors.indices where index == 0 || keyedAuthors[index] != keyedAuthors[index - 1] {
            authorList.append(keyedAuthors[index])
        }
        var actors = authorList
        var others: [ActorID: Int32] = [:]
        func number(_ actor: ActorID) -> Int32 {
            if let run = CausalOrder.run(of: actor, in: authorList) { return Int32(run) }
            if let known = others[actor] { return known }
            let next = Int32(actors.count)
            others[actor] = next
            actors.append(actor)
            return next
        }
        // Every author is in the list.
        authorNumbers = authors.map { Int32(CausalOrder.run(of: $0, in: authorList) ?? 0) }
        var targets: [Int32] = []
        targets.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            if case .genesis = entry.operation {
                targets.append(authorNumbers[index])
            } else if let member = entry.operation.member {
                targets.append(number(member))
            } else {
                targets.append(-1)
            }
        }
        self.targets = targets
        self.actors = actors
    }
}
