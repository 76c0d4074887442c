internal import PlaceCRDT

/// The deterministic causal order of membership entries (`Protocol/MEMBERSHIP.md` §3 rule 2): a
/// topological order of the "follows" relation (an entry follows what its `deps` cover and its author's
/// earlier entries), taking among the entries whose past is complete the one with the smallest order key
/// (sum of deps, author, seq). Because the keys are fixed per entry, the order of any causally closed
/// subset is the order those entries have in the whole — so evaluating a causal past gives what the
/// whole evaluation gives for it. Entries caught in a dependency cycle (only forged ones can be) are
/// left out. Kahn's algorithm with a heap: no recursion, no hashing, O(n · (deps + log n)).
enum CausalOrder {
    /// The positions of entries in causal order, without those in a cycle. The entries are given as
    /// columns sorted by (author, seq), one per key: so an author's entries are one run, and comparing
    /// positions compares (author, seq).
    static func order(authors: [ActorID], seqs: [UInt64], deps: [VersionVector]) -> [Int] {
        let count = authors.count
        guard count > 1 else { return Array(0..<count) }
        // The authors' runs: author `r` is runAuthors[r], its entries runStarts[r]..<runStarts[r + 1].
        var runAuthors: [ActorID] = []
        var runStarts: [Int] = []
        for index in 0..<count where index == 0 || authors[index] != authors[index - 1] {
            runAuthors.append(authors[index])
            runStarts.append(index)
        }
        runStarts.append(count)
        // Predecessors, deduplicated, as a flat edge list; and each entry's order key (the sum of deps).
        var edgeFrom: [Int32] = []
        var edgeTo: [Int32] = []
        edgeFrom.reserveCapacity(count * 2)
        edgeTo.reserveCapacity(count * 2)
        var waitingOn = [Int32](repeating: 0, count: count)
        var markedFor = [Int](repeating: -1, count: count)
        var sums = [UInt64](repeating: 0, count: count)
        var predecessors: [Int] = []
        for index in 0..<count {
            // The author's previous entry (its chain), whatever the deps claim; then, per dependency, the
            // dependency author's last entry it covers. Deps and runs are both sorted by actor, so the
            // search for each run starts where the previous one ended.
            predecessors.removeAll(keepingCapacity: true)
            if index > 0, authors[index - 1] == authors[index] { predecessors.append(index - 1) }
            let vector = deps[index]
            var sum: UInt64 = 0
            var cursor = 0
            for position in 0..<vector.count {
                let seq = vector.seq(at: position)
                sum &+= seq
                guard let run = Self.run(of: vector.actor(at: position), in: runAuthors, from: &cursor),
                    let last = Self.lastPosition(in: seqs, runStarts[run]..<runStarts[run + 1], atMost: seq)
                else { continue }
                predecessors.append(last)
            }
            sums[index] = sum
            for predecessor in predecessors where markedFor[predecessor] != index {
                markedFor[predecessor] = index
                edgeFrom.append(Int32(predecessor))
                edgeTo.append(Int32(index))
                waitingOn[index] += 1
            }
        }
        // Successors in one array, grouped by predecessor (counting sort of the edges).
        var successorStarts = [Int](repeating: 0, count: count + 1)
        for from in edgeFrom { successorStarts[Int(from) + 1] += 1 }
        for index in 0..<count { successorStarts[index + 1] += successorStarts[index] }
        var fill = successorStarts
        var successors = [Int32](repeating: 0, count: edgeTo.count)
        for (from, to) in zip(edgeFrom, edgeTo) {
            successors[fill[Int(from)]] = to
            fill[Int(from)] += 1
        }
        // Positions compare as (author, seq), so (sum, position) is the order key.
        var heap = IndexHeap { (sums[$0], $0) < (sums[$1], $1) }
        for index in 0..<count where waitingOn[index] == 0 { heap.push(index) }
        var result: [Int] = []
        result.reserveCapacity(count)
        while let index = heap.pop() {
            result.append(index)
            for next in successors[successorStarts[index]..<successorStarts[index + 1]] {
                waitingOn[Int(next)] -= 1
                if waitingOn[Int(next)] == 0 { heap.push(Int(next)) }
            }
        }
        return result
    }

    /// The run of `author` in the sorted `runAuthors`, searching from `cursor` on (galloping, then
    /// binary search); `cursor` moves to where the search ended, for a later, larger author.
    static func run(of author: ActorID, in runAuthors: [ActorID], from cursor: inout Int) -> Int? {
        var low = cursor
        var step = 1
        var high = low
        while high < runAuthors.count, runAuthors[high] < author {
            low = high + 1
            high += step
            step *= 2
        }
        high = min(high, runAuthors.count)
        while low < high {
            let middle = (low + high) / 2
            if runAuthors[middle] < author { low = middle + 1 } else { high = middle }
        }
        cursor = low
        return low < runAuthors.count && runAuthors[low] == author ? low : nil
    }

    /// The run of `author` in the sorted `runAuthors`, by binary search.
    static func run(of author: ActorID, in runAuthors: [ActorID]) -> Int? {
        var cursor = 0
        return run(of: author, in: runAuthors, from: &cursor)
    }

    /// The position in `range` of `seqs` (one author's seqs, ascending) of the last one ≤ `seq`, by
    /// binary search.
    static func lastPosition(in seqs: [UInt64], _ range: Range<Int>, atMost seq: UInt64) -> Int? {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if seqs[middle] <= seq { low = middle + 1 } else { high = middle }
        }
        return low == range.lowerBound ? nil : low - 1
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
