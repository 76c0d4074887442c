internal import PlaceCRDT
internal import PlaceWire

/// Evaluates a space's membership entries by the rules of `Protocol/MEMBERSHIP.md` §3, in one pass over
/// the causal order plus one over the revocations, with memoised validity and an explicit stack: no
/// recursion whose depth the input controls.
///
/// An entry *sets* a member's role (genesis, add, admit, change role, remove) or not (rotate). Whether an
/// entry counts depends on its author's role **for it**: the role set by the latest counted entry about
/// the author in the entry's causal past, capped by every counted revocation (removal or role change) of
/// the author that is *not* in that past and whose lock is below the entry's seq (heads-locked). The
/// revocations are decided first, most senior first (`rank`: how many grants separate the author from
/// the genesis), then in causal order; each counts if valid given those counted before it. Then every
/// entry is judged with the final caps.
struct MembershipEvaluator {
    let space: SpaceID
    /// The entries in causal order, their fields in columns, their actors numbered.
    let table: MembershipTable
    // The table's columns most used below.
    private var entries: [MembershipEntry] { table.entries }
    private let authors: [ActorID]
    private let seqs: [UInt64]
    private let deps: [VersionVector]
    private let authorNumbers: [Int32]
    private let targets: [Int32]
    private let rolesSet: [MemberRole?]
    private let locks: [UInt64]
    private let kinds: [MembershipTable.Kind]
    /// Per entry: whether the rules that need no other entry allow it.
    private var wellFormed: [Bool]
    /// Per actor number: the entries that set its role, in causal order.
    private var setters: [[Int32]]
    /// Per actor number: the highest seq of its entries.
    private var lastSeq: [UInt64]
    /// Per actor number: the revocations counted so far.
    private var caps: [RevocationIndex]
    /// Per actor number: its counted removals (entry indices).
    private var removals: [[Int32]]
    /// Revocations decided in the first phase: 0 undecided, 1 counts, 2 does not.
    private var decided: [UInt8]
    /// The explicit stack of `isValid`, kept between calls (no allocation per call).
    private var stack: [Int] = []
    /// Memoised validity, valid while `generation` is unchanged (a counted revocation changes it).
    private var memo: [Int32]
    private var memoGeneration: [Int32]
    private var generation: Int32 = 1

    /// Recompute every memoised judgement after each counted revocation, skipping the shortcut of
    /// `reachesExisting` (the reference the tests compare against).
    private let recomputeAfterEveryRevocation: Bool

    init(
        entries unsorted: some Collection<MembershipEntry>, space: SpaceID, recomputeAfterEveryRevocation: Bool = false
    ) {
        self.space = space
        self.recomputeAfterEveryRevocation = recomputeAfterEveryRevocation
        let table = MembershipTable(unsorted)
        self.table = table
        let entries = table.entries
        let count = entries.count
        let actorCount = table.actors.count
        authors = table.authors
        seqs = table.seqs
        deps = table.deps
        authorNumbers = table.authorNumbers
        targets = table.targets
        rolesSet = table.rolesSet
        locks = table.locks
        kinds = table.kinds
        memo = Array(repeating: 0, count: count)
        decided = Array(repeating: 0, count: count)
        memoGeneration = Array(repeating: 0, count: count)
        setters = Array(repeating: [], count: actorCount)
        lastSeq = Array(repeating: 0, count: actorCount)
        caps = Array(repeating: RevocationIndex(), count: actorCount)
        removals = Array(repeating: [], count: actorCount)
        var wellFormed = [Bool](repeating: true, count: count)
        var claimedInvites: Set<[UInt8]> = []
        for index in entries.indices {
            switch entries[index].operation {
            case let .genesis(nonce, _):
                wellFormed[index] =
                    seqs[index] == 1 && deps[index].isEmpty && nonce.count == MembershipOperation.nonceCount
                    && Membership.spaceID(creator: authors[index], nonce: nonce) == space
            case let .remove(member, lastSeq):
                // Rule 1: the cut-off is what the remover had seen of the member, nothing else.
                wellFormed[index] = lastSeq == deps[index][member]
            case let .admitInvited(_, _, nonce, _):
                // The first admission per invite in the order claims it.
                wellFormed[index] = claimedInvites.insert(nonce).inserted
            default:
                break
            }
            let target = targets[index]
            if target >= 0 { setters[Int(target)].append(Int32(index)) }
            let author = Int(authorNumbers[index])
            lastSeq[author] = max(lastSeq[author], seqs[index])
        }
        self.wellFormed = wellFormed
    }

    /// Evaluates the entries.
    mutating func run() -> Membership {
        decideRevocations()
        generation += 1
        var valid = [Bool](repeating: false, count: entries.count)
        for index in entries.indices { valid[index] = isValid(index) }
        return Membership(evaluated: table, valid: valid, space: space)
    }

    /// Phase A: revocations, most senior author first, then in causal order; each counts if valid given
    /// the revocations counted before it, and a counted one caps its member from then on.
    private mutating func decideRevocations() {
        var rank = [Int](repeating: Int.max, count: entries.count)
        var revocations: [Int] = []
        for index in entries.indices {
            if kinds[index].isGenesis {
                rank[index] = 0
            } else if let parent = latestSetter(of: Int(authorNumbers[index]), before: index, where: { _ in true }) {
                rank[index] = rank[parent] == .max ? .max : rank[parent] + 1
            }
            if kinds[index].isRevocation { revocations.append(index) }
        }
        revocations.sort { (rank[$0], $0) < (rank[$1], $1) }
        for index in revocations {
            let counts = isValid(index)
            decided[index] = counts ? 1 : 2
            let member = Int(targets[index])
            guard counts, member >= 0 else { continue }
            caps[member].insert(
                RevocationIndex.Cap(author: authors[index], seq: seqs[index], lock: locks[index], role: rolesSet[index])
            )
            if kinds[index].isRemoval { removals[member].append(Int32(index)) }
            // What is memoised changes only if the cap reaches something that exists: an entry of the
            // member beyond the lock, or (a removal) an entry about the member the removal had not seen.
            if recomputeAfterEveryRevocation || reachesExisting(revocation: index, member: member) { generation += 1 }
        }
    }

    /// Whether a counted revocation of `member` changes the judgement of any entry held: one by the
    /// member beyond its lock, or — for a removal — one about the member that it had not seen.
    private func reachesExisting(revocation index: Int, member: Int) -> Bool {
        if lastSeq[member] > locks[index] { return true }
        guard kinds[index].isRemoval else { return false }
        let seen = deps[index]
        for setter in setters[member] where Int(setter) != index {
            let setter = Int(setter)
            if seen[authors[setter]] < seqs[setter],
                !(authors[setter] == authors[index] && seqs[setter] < seqs[index])
            {
                return true
            }
        }
        return false
    }

    /// The latest entry before `index` in causal order that sets the role of actor number `member`, lies
    /// in the entry's causal past, and satisfies `accept`.
    private func latestSetter(of member: Int, before index: Int, where accept: (Int) -> Bool) -> Int? {
        let list = setters[member]
        guard !list.isEmpty else { return nil }
        let seen = deps[index]
        let author = authors[index]
        let seq = seqs[index]
        // The list is in causal order: start at the last setter before `index` (binary search).
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if Int(list[middle]) < index { low = middle + 1 } else { high = middle }
        }
        var position = low
        while position > 0 {
            position -= 1
            let setter = Int(list[position])
            let setterAuthor = authors[setter]
            if seen[setterAuthor] >= seqs[setter] || (setterAuthor == author && seqs[setter] < seq), accept(setter) {
                return setter
            }
        }
        return nil
    }

    /// Whether entry `index` counts under the revocations counted so far. Its dependencies (the setters
    /// in its past) come earlier in the order, so an explicit stack resolves them bottom-up.
    private mutating func isValid(_ index: Int) -> Bool {
        stack.removeAll(keepingCapacity: true)
        stack.append(index)
        while let top = stack.last {
            if memoGeneration[top] == generation {
                stack.removeLast()
                continue
            }
            if decided[top] != 0 {
                remember(top, decided[top] == 1)
                stack.removeLast()
                continue
            }
            // The author's governing setter: the latest in its past that counts. One not yet known is
            // resolved first.
            var unresolved: Int?
            let governing = latestSetter(of: Int(authorNumbers[top]), before: top) { setter in
                if unresolved != nil { return false }
                if let known = self.known(setter) { return known }
                unresolved = setter
                return false
            }
            if let unresolved {
                stack.append(unresolved)
                continue
            }
            remember(top, judge(top, governing: governing))
            stack.removeLast()
        }
        return memo[index] == 1
    }

    private func known(_ index: Int) -> Bool? {
        if decided[index] != 0 { return decided[index] == 1 }
        return memoGeneration[index] == generation ? memo[index] == 1 : nil
    }

    private mutating func remember(_ index: Int, _ valid: Bool) {
        memo[index] = valid ? 1 : 0
        memoGeneration[index] = generation
    }

    /// The rules for one entry, given the counted entry that set its author's role in its past.
    private func judge(_ index: Int, governing: Int?) -> Bool {
        guard wellFormed[index] else { return false }
        if kinds[index].isGenesis { return true }
        guard let governing, var role = rolesSet[governing] else { return false }
        let author = Int(authorNumbers[index])
        if !caps[author].isEmpty {
            guard let capped = caps[author].apply(to: role, seq: seqs[index], deps: deps[index]) else { return false }
            role = capped
        }
        guard role == .admin else { return false }
        // A removed node is never given a role again (it joins with a new key): an entry about it that
        // the removal had not seen counts for nothing.
        let member = Int(targets[index])
        if member >= 0, !kinds[index].isRemoval {
            for removal in removals[member] where deps[Int(removal)][authors[index]] < seqs[index] {
                return false
            }
        }
        return true
    }
}
