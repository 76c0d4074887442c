internal import PlaceCRDT

/// The deterministic causal order of membership entries (`Protocol/MEMBERSHIP.md` §3 rule 2): a
/// topological order of the "follows" relation (an entry follows what its `deps` cover and its author's
/// earlier entries), taking among the entries whose past is complete the one with the smallest order key
/// (sum of deps, author, seq). Because the keys are fixed per entry, the order of any causally closed
/// subset is the order those entries have in the whole — so evaluating a causal past gives what the
/// whole evaluation gives for it. Entries caught in a dependency cycle (only forged ones can be) are
/// left out. Kahn's algorithm with a heap: no recursion, O(n · (deps + log n)).
enum CausalOrder {
    /// `entries` in causal order, without those in a cycle.
    static func sorted(_ entries: [MembershipEntry]) -> [MembershipEntry] {
        let count = entries.count
        guard count > 1 else { return entries }
        // Authors as small numbers (hashed once each), and each author's entries by seq.
        var authorNumber: [ActorID: Int] = [:]
        authorNumber.reserveCapacity(min(count, 1_024))
        var byAuthor: [[Int]] = []
        var authorOf = [Int](repeating: 0, count: count)
        for index in entries.indices {
            let author = entries[index].author
            let number: Int
            if let known = authorNumber[author] {
                number = known
            } else {
                number = byAuthor.count
                authorNumber[author] = number
                byAuthor.append([])
            }
            authorOf[index] = number
            byAuthor[number].append(index)
        }
        for number in byAuthor.indices { byAuthor[number].sort { entries[$0].seq < entries[$1].seq } }
        // Their seqs, contiguous, for the binary searches below.
        let seqs = byAuthor.map { list in list.map { entries[$0].seq } }
        var successors = [[Int]](repeating: [], count: count)
        var waitingOn = [Int](repeating: 0, count: count)
        var markedFor = [Int](repeating: -1, count: count)
        for index in entries.indices {
            func link(_ predecessor: Int) {
                guard markedFor[predecessor] != index else { return }
                markedFor[predecessor] = index
                successors[predecessor].append(index)
                waitingOn[index] += 1
            }
            // The author's previous entry (its chain), whatever the deps claim.
            let ownNumber = authorOf[index]
            let seq = entries[index].seq
            if seq > 0, let position = Self.lastPosition(in: seqs[ownNumber], atMost: seq - 1) {
                link(byAuthor[ownNumber][position])
            }
            entries[index].deps.forEachEntry { author, seq in
                guard let number = authorNumber[author] else { return }
                if let position = Self.lastPosition(in: seqs[number], atMost: seq) { link(byAuthor[number][position]) }
            }
        }
        // Each entry's place in the key order, so that the heap compares integers.
        let keys = entries.map(\.orderKey)
        var priority = [Int](repeating: 0, count: count)
        for (rank, index) in entries.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() { priority[index] = rank }
        var heap = IndexHeap { priority[$0] < priority[$1] }
        for index in 0..<count where waitingOn[index] == 0 { heap.push(index) }
        var result: [MembershipEntry] = []
        result.reserveCapacity(count)
        while let index = heap.pop() {
            result.append(entries[index])
            for next in successors[index] {
                waitingOn[next] -= 1
                if waitingOn[next] == 0 { heap.push(next) }
            }
        }
        return result
    }

    /// The position in `seqs` (one author's entries' seqs, ascending) of the last one ≤ `seq`, by
    /// binary search.
    static func lastPosition(in seqs: [UInt64], atMost seq: UInt64) -> Int? {
        var low = 0
        var high = seqs.count
        while low < high {
            let middle = (low + high) / 2
            if seqs[middle] <= seq { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}

/// A binary min-heap of indices under a fixed comparison.
struct IndexHeap {
    private var items: [Int] = []
    private let less: (Int, Int) -> Bool

    init(less: @escaping (Int, Int) -> Bool) { self.less = less }

    mutating func push(_ item: Int) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, less(items[left], items[smallest]) { smallest = left }
            if right < items.count, less(items[right], items[smallest]) { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
