/// A Fenwick (binary indexed) tree over the visible counts of a sequence's chunks: the number of visible
/// elements before a chunk, and the chunk that holds the n-th visible element, in O(log chunks).
///
/// Counts change in place with ``add(_:at:)``; when chunks are inserted or removed the tree is rebuilt
/// from the chunks (O(chunks), once per chunk split — every few dozen new runs).
package struct ChunkCountTree: Sendable {
    /// 1-based Fenwick array; `tree[0]` is unused. Does not yet hold `pendingDelta`.
    private var tree: [Int] = [0]
    /// A change to the count of chunk `pendingChunk` (0-based; -1: none) not yet carried up the tree:
    /// consecutive edits mostly land in one chunk (a delete across several runs, a replacement), and
    /// then the tree is walked once for them all, not once each. Reads add it in where it counts.
    private var pendingChunk = -1
    private var pendingDelta = 0

    /// An empty tree.
    package init() {}

    /// A tree over `counts`.
    package init(_ counts: some Sequence<Int>) {
        rebuild(counts)
    }

    /// The number of chunks covered.
    package var count: Int { tree.count - 1 }

    /// Rebuilds the tree from the chunks' visible counts.
    package mutating func rebuild(_ counts: some Sequence<Int>) {
        let counts = Array(counts)
        rebuild(from: 0, count: counts.count) { counts[$0] }
    }

    /// Rebuilds the tree from the chunks' visible counts.
    mutating func rebuild(chunks: [SequenceChunk]) {
        rebuild(from: 0, count: chunks.count) { chunks[$0].visibleCount }
    }

    /// Updates the tree after the counts from position `first` (0-based) on changed, or positions were
    /// inserted or removed there (a chunk split or removed), when there are now `total` positions and
    /// position `i` counts `countAt(i)`. The entries for the positions before `first` cover only those
    /// positions and stay as they are, so this costs O(total − first + log total), not O(total).
    package mutating func rebuild(from first: Int, count total: Int, countAt: (Int) -> Int) {
        // A pending change before `first` stays where it was; from `first` on, `countAt` includes it.
        if pendingChunk >= 0 && pendingChunk < first { carryPending() }
        (pendingChunk, pendingDelta) = (-1, 0)
        if tree.count > total + 1 { tree.removeLast(tree.count - total - 1) }
        while tree.count < total + 1 { tree.append(0) }
        let unchanged = min(max(first, 0), total)
        guard unchanged < total else { return }
        for position in (unchanged + 1)...total { tree[position] = countAt(position - 1) }
        // The unchanged entries whose parents are new: those on the path of a prefix sum of `unchanged`.
        var index = unchanged
        while index > 0 {
            let parent = index + (index & -index)
            if parent <= total { tree[parent] += tree[index] }
            index -= index & -index
        }
        for index in (unchanged + 1)...total {
            let parent = index + (index & -index)
            if parent <= total { tree[parent] += tree[index] }
        }
    }

    /// Adds `delta` to the count of chunk `chunk` (0-based).
    package mutating func add(_ delta: Int, at chunk: Int) {
        if chunk == pendingChunk {
            pendingDelta += delta
            return
        }
        carryPending()
        (pendingChunk, pendingDelta) = (chunk, delta)
    }

    /// Adds the pending change into the tree.
    private mutating func carryPending() {
        guard pendingChunk >= 0 else { return }
        var index = pendingChunk + 1
        while index < tree.count {
            tree[index] += pendingDelta
            index += index & -index
        }
        (pendingChunk, pendingDelta) = (-1, 0)
    }

    /// The sum of the counts of the chunks before `chunk` (0-based; `count` gives the total).
    package func sum(before chunk: Int) -> Int {
        var index = min(chunk, count)
        var sum = pendingChunk >= 0 && pendingChunk < index ? pendingDelta : 0
        while index > 0 {
            sum += tree[index]
            index -= index & -index
        }
        return sum
    }

    /// The chunk that holds element `index` (0-based) of the concatenated counts, and the element's
    /// position within that chunk. `index` must be below the total.
    package func locate(_ index: Int) -> (chunk: Int, offset: Int) {
        var position = 0
        var remaining = index
        var step = 1
        while step * 2 <= count { step *= 2 }
        // Entry `next` covers positions `next - step + 1 ... next` (1-based) here.
        let pendingPosition = pendingChunk + 1
        while step > 0 {
            let next = position + step
            if next <= count {
                let covered = tree[next] + (pendingPosition > position && pendingPosition <= next ? pendingDelta : 0)
                if covered <= remaining {
                    position = next
                    remaining -= covered
                }
            }
            step /= 2
        }
        return (position, remaining)
    }
}
