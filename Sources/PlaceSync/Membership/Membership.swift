public import PlaceCRDT
internal import PlaceCrypto
public import PlaceWire

/// Who belongs to a space: each member's role, and the cut-off of each removed member — evaluated from
/// the space's membership entries by the rules of `Protocol/MEMBERSHIP.md` §3. The result depends only
/// on the set of entries, never on the order they arrived in, so every replica that holds the same
/// entries agrees.
///
/// ```swift
/// let membership = Membership.evaluate(entries, space: space)
/// membership.role(of: author)                   // .writer
/// Membership.evaluate(entries, space: space, at: envelope.deps).mayWrite(author, seq: 12)
/// ```
public struct Membership: Hashable, Sendable {
    /// The space's creator (the author of its genesis), once a genesis is known.
    public private(set) var creator: ActorID?
    /// The current members and their roles.
    public private(set) var roles: [ActorID: MemberRole] = [:]
    /// Removed members: the highest seq accepted from each (everything later is refused).
    public private(set) var cutoffs: [ActorID: UInt64] = [:]
    /// Each member's sealed display name, from the entry that admitted it (opaque here: sealed under a
    /// content key, see ``Node/members(in:)``).
    public private(set) var sealedNames: [ActorID: [UInt8]] = [:]
    /// The nonces of the invites that admitted someone (each admits one node only).
    public private(set) var usedInvites: Set<[UInt8]> = []
    /// The entries that took effect.
    public private(set) var applied: Set<MembershipEntry.Key> = []
    /// The content-key epoch new writes use: 1 from the genesis, then the epoch each applied removal
    /// starts (``epochNumber(space:author:seq:)``), the last removal in the order winning.
    public private(set) var epoch: UInt64 = 1

    /// The epoch a removal entry `(author, seq)` starts: 2 + the first 52 bits of
    /// BLAKE2b-256(space ‖ author ‖ seq) — unique per removal, so concurrent removals by two admins
    /// never claim one epoch number for two keys.
    public static func epochNumber(space: SpaceID, author: ActorID, seq: UInt64) -> UInt64 {
        let digest = Blake2b.hash(
            space.bytes + author.bytes + (0..<8).map { UInt8(truncatingIfNeeded: seq >> (56 - 8 * UInt64($0))) })
        let bits = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } >> 12
        return bits + 2
    }

    /// The role of `node`, or `nil` if it is not a member.
    public func role(of node: ActorID) -> MemberRole? { roles[node] }

    /// Whether `author` may write content with envelope `seq`: a member with write rights, and not past
    /// a removal's cut-off.
    public func mayWrite(_ author: ActorID, seq: UInt64) -> Bool {
        (roles[author]?.canWrite ?? false) && (cutoffs[author].map { seq <= $0 } ?? true)
    }

    /// The membership the entries give.
    public static func evaluate(_ entries: some Collection<MembershipEntry>, space: SpaceID) -> Membership {
        var evaluator = Evaluator(entries: entries, space: space)
        return evaluator.run(evaluator.sorted)
    }

    /// The membership at a causal position: from the entries in the past of a vector `deps` (what the
    /// author of an envelope with these dependencies had seen).
    public static func evaluate(_ entries: some Collection<MembershipEntry>, space: SpaceID, at deps: VersionVector)
        -> Membership
    {
        evaluate(entries.filter { deps[$0.author] >= $0.seq }, space: space)
    }

    /// The space id a genesis by `creator` with `nonce` defines: the first 16 bytes of
    /// BLAKE2b-256(creator ‖ nonce).
    public static func spaceID(creator: ActorID, nonce: [UInt8]) -> SpaceID? {
        try? SpaceID(bytes: Array(Blake2b.hash(creator.bytes + nonce).prefix(SpaceID.byteCount)))
    }

    /// Applies `entry` to this membership. `cutoffs` already holds the final cut-offs (phase A of
    /// the evaluation); entries beyond their author's cut-off never reach here.
    fileprivate mutating func apply(_ entry: MembershipEntry, space: SpaceID, countedRemoval: Bool) {
        switch entry.operation {
        case let .genesis(nonce, name):
            guard creator == nil, entry.seq == 1, entry.deps.isEmpty, nonce.count == MembershipOperation.nonceCount,
                Self.spaceID(creator: entry.author, nonce: nonce) == space
            else { return }
            creator = entry.author
            roles[entry.author] = .admin
            sealedNames[entry.author] = name
        case let .add(member, role, name):
            guard roles[entry.author] == .admin, cutoffs[member] == nil else { return }
            roles[member] = role
            sealedNames[member] = name
        case let .admitInvited(member, role, nonce, name):
            guard roles[entry.author] == .admin, cutoffs[member] == nil, !usedInvites.contains(nonce) else { return }
            usedInvites.insert(nonce)
            roles[member] = role
            sealedNames[member] = name
        case let .changeRole(member, role):
            guard roles[entry.author] == .admin, roles[member] != nil else { return }
            roles[member] = role
        case .rotate:
            guard roles[entry.author] == .admin else { return }
            epoch = Self.epochNumber(space: space, author: entry.author, seq: entry.seq)
        case .remove(let member, _):
            // Counted in phase A (authority at its causal position, within its author's cut-off).
            guard countedRemoval else { return }
            roles[member] = nil
            sealedNames[member] = nil
            epoch = Self.epochNumber(space: space, author: entry.author, seq: entry.seq)
        }
        applied.insert(entry.key)
    }

    fileprivate mutating func setCutoffs(_ cutoffs: [ActorID: UInt64]) { self.cutoffs = cutoffs }
}

/// Evaluates entries with memoised authority checks: an entry counts only if its author was an admin in
/// the membership of its own causal past (and, for adds and role changes, still is in the membership
/// being built), and lies within its author's cut-off.
private struct Evaluator {
    let space: SpaceID
    let sorted: [MembershipEntry]
    private var authorized: [MembershipEntry.Key: Bool] = [:]
    private var inProgress: Set<MembershipEntry.Key> = []

    init(entries: some Collection<MembershipEntry>, space: SpaceID) {
        self.space = space
        var unique: [MembershipEntry.Key: MembershipEntry] = [:]
        for entry in entries {
            // Two different entries for one key are an equivocation, frozen at the envelope level;
            // here the smaller body wins so the result stays a function of the set.
            if let existing = unique[entry.key],
                existing.operation.encoded().lexicographicallyPrecedes(entry.operation.encoded())
            {
                continue
            }
            unique[entry.key] = entry
        }
        sorted = unique.values.sorted { $0.orderKey < $1.orderKey }
    }

    /// Evaluates `entries` (a sub-sequence of `sorted`) in two phases. A: removals, in order, each
    /// counting if authorised and within its author's cut-off set by the removals counted before it —
    /// giving the final cut-offs. B: every entry, in order, if authorised and within its author's final
    /// cut-off ("heads-locked": nothing signed beyond a removal's cut-off counts, whatever its place).
    mutating func run(_ entries: [MembershipEntry]) -> Membership {
        var cutoffs: [ActorID: UInt64] = [:]
        var counted: Set<MembershipEntry.Key> = []
        for entry in entries {
            guard case .remove(let member, let lastSeq) = entry.operation else { continue }
            if let cutoff = cutoffs[entry.author], entry.seq > cutoff { continue }
            guard isAuthorized(entry) else { continue }
            cutoffs[member] = min(cutoffs[member] ?? .max, lastSeq)
            counted.insert(entry.key)
        }
        var membership = Membership()
        membership.setCutoffs(cutoffs)
        for entry in entries where isAuthorized(entry) {
            if let cutoff = cutoffs[entry.author], entry.seq > cutoff { continue }
            membership.apply(entry, space: space, countedRemoval: counted.contains(entry.key))
        }
        return membership
    }

    /// Whether the author was an admin in the membership of the entry's causal past (a genesis needs no
    /// authority; its own checks are in `apply`).
    private mutating func isAuthorized(_ entry: MembershipEntry) -> Bool {
        if case .genesis = entry.operation { return true }
        if let known = authorized[entry.key] { return known }
        // A dependency cycle (only forged entries can make one) authorises nothing.
        guard inProgress.insert(entry.key).inserted else { return false }
        let past = sorted.filter { $0.key != entry.key && entry.follows($0) }
        let result = run(past).role(of: entry.author) == .admin
        inProgress.remove(entry.key)
        authorized[entry.key] = result
        return result
    }
}
