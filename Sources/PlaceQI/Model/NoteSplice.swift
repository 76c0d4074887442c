/// One edit of a note's body as a collaborative editor sends it: at `offset` (in Unicode scalars),
/// delete `deleting` and insert `inserting` — made against the text the editor last saw.
public struct NoteSplice: Sendable, Hashable, Codable {
    /// Where the edit starts, in Unicode scalars from the start of the body.
    public var offset: Int
    /// How many scalars it removes.
    public var deleting: Int
    /// What it inserts.
    public var inserting: String

    /// Creates a splice.
    public init(offset: Int, deleting: Int, inserting: String) {
        self.offset = offset
        self.deleting = deleting
        self.inserting = inserting
    }

    /// This splice, made against `base`, moved onto `current` (which others changed since): the
    /// region they changed is found as the common start and end of the two texts; an edit before it
    /// stays, one after it shifts by their change in length, and one that overlaps it keeps their
    /// text and applies only around it (an edit starting inside or right at their region goes after
    /// it). So two people typing in one note both keep what they typed, and deleting next to someone's
    /// insertion does not delete it.
    public func rebased(from base: String, onto current: String) -> NoteSplice {
        let old = Array(base.unicodeScalars)
        let (prefix, oldEnd, newEnd) = Self.changedRegion(from: old, to: Array(current.unicodeScalars))
        let shift = newEnd - oldEnd
        let start = max(0, min(offset, old.count))
        let end = max(start, min(offset + max(0, deleting), old.count))
        let movedStart = start >= oldEnd ? start + shift : (start < prefix ? start : newEnd)
        var movedEnd = end <= prefix ? end : (end >= oldEnd ? end + shift : (start < prefix ? prefix : newEnd))
        movedEnd = max(movedStart, movedEnd)
        return NoteSplice(offset: movedStart, deleting: movedEnd - movedStart, inserting: inserting)
    }

    /// Where `new` differs from `old`: the length of their common start, and the end of the differing
    /// middle in each (the common end follows). The smallest single splice from one to the other.
    static func changedRegion(from old: [Unicode.Scalar], to new: [Unicode.Scalar]) -> (
        prefix: Int, oldEnd: Int, newEnd: Int
    ) {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        return (prefix, old.count - suffix, new.count - suffix)
    }
}
