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
/// membership.role(of: author, seq: envelope.seq, deps: envelope.deps)   // its role for that envelope
/// ```
public struct Membership: Hashable, Sendable {
    /// The space's creator (the author of its genesis), once a genesis is known.
    public private(set) var creator: ActorID?
    /// The current members and their roles.
    public private(set) var roles: [ActorID: MemberRole] = [:]
    /// Removed members: the highest seq accepted from each (everything later is refused).
    public private(set) var cutoffs: [ActorID: UInt64] = [:]
    /// Each member's sealed display name, from the entry that admitted it (opaque here: sealed under a
    /// content key, see ``Node/members(in:)-74w1m``).
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
        // One buffer, no intermediate arrays: this runs once per epoch-starting entry in every evaluation.
        var message = [UInt8]()
        message.reserveCapacity(SpaceID.byteCount + ActorID.byteCount + 8)
        message.append(contentsOf: space.bytes)
        for word in [author.w0, author.w1, author.w2, author.w3, seq] {
            for shift in stride(from: 56, through: 0, by: -8) {
                message.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        let digest = Blake2b.hash(message)
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
        var evaluator = MembershipEvaluator(entries: entries, space: space)
        return evaluator.run()
    }

    /// The membership the entries give, evaluated without shortcuts (every memoised judgement recomputed
    /// after each counted revocation): the reference tests compare ``evaluate(_:space:)`` with.
    package static func evaluateWithoutShortcuts(_ entries: some Collection<MembershipEntry>, space: SpaceID)
        -> Membership
    {
        var evaluator = MembershipEvaluator(entries: entries, space: space, recomputeAfterEveryRevocation: true)
        return evaluator.run()
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
        SpaceID(bytes: Array(Blake2b.hash(creator.bytes + nonce).prefix(SpaceID.byteCount)))
    }

    /// `author`'s role for its envelope `seq` with dependencies `deps` (`Protocol/MEMBERSHIP.md` §3 rule
    /// 4): the role set by the latest counted entry about it in that causal past, lowered by every counted
    /// removal or role change of it outside that past whose lock is below `seq` (heads-locked). `nil`:
    /// no role (never a member there, or removed).
    ///
    /// ```swift
    /// membership.role(of: author, seq: header.seq, deps: header.deps)?.canWrite == true
    /// ```
    public func role(of author: ActorID, seq: UInt64, deps: VersionVector) -> MemberRole? {
        guard let history = histories[author] else { return nil }
        var found: MemberRole??
        for setter in history.setters.reversed()
        where deps[setter.author] >= setter.seq || (setter.author == author && setter.seq < seq) {
            found = .some(setter.role)
            break
        }
        guard case .some(.some(let role)) = found else { return nil }
        return history.caps.apply(to: role, seq: seq, deps: deps)
    }

    /// Each member's counted role-setting entries (in causal order) and counted revocations: what
    /// ``role(of:seq:deps:)`` judges envelopes by.
    struct History: Hashable, Sendable {
        struct Setter: Hashable, Sendable {
            var author: ActorID
            var seq: UInt64
            var role: MemberRole?
        }
        var setters: [Setter] = []
        var caps = RevocationIndex()
    }

    private var histories: [ActorID: History] = [:]
    /// Every role-setting entry held, counted or not, per member: what ``everGranted(_:_:seq:deps:)``
    /// reads.
    private var grants: [ActorID: [History.Setter]] = [:]

    /// Whether some entry held in the causal past `deps` gave `author` a role at least as strong as
    /// `role`, whether or not that entry counts. A stable test: it depends on the envelope's own past
    /// alone, so an envelope it refuses is refused by every replica whenever it arrives (ingest refuses
    /// those and keeps the rest, for the rules to judge).
    public func everGranted(_ role: MemberRole, to author: ActorID, seq: UInt64, deps: VersionVector) -> Bool {
        for setter in grants[author] ?? []
        where deps[setter.author] >= setter.seq || (setter.author == author && setter.seq < seq) {
            if let given = setter.role, given.rawValue <= role.rawValue { return true }
        }
        return false
    }

    /// The epochs entries held started (1 from the genesis; one per removal, rotation or change of role
    /// to relay, counted or not), with the commitment to the key each entry carries (version 2 bodies).
    public private(set) var startedEpochs: Set<UInt64> = []
    private var epochCommitments: [UInt64: [UInt8]] = [:]
    private var epochStarters: [UInt64: ActorID] = [:]

    /// The commitment to `epoch`'s key made by the entry that started it, if that entry carries one.
    public func keyCommitment(forEpoch epoch: UInt64) -> [UInt8]? { epochCommitments[epoch] }

    /// The author of the entry that started `epoch` (the admin that made its key).
    public func starter(ofEpoch epoch: UInt64) -> ActorID? { epochStarters[epoch] }

    /// The counted revocations (removals and role changes), by key: what heads-locks envelopes.
    public var revocations: Set<MembershipEntry.Key> {
        var keys = Set<MembershipEntry.Key>()
        for history in histories.values {
            for cap in history.caps.all { keys.insert(MembershipEntry.Key(author: cap.author, seq: cap.seq)) }
        }
        return keys
    }

    /// The membership `entries` (in causal order) give, with `valid[i]` saying whether entry i counts.
    /// One pass over per-actor records indexed by the evaluator's numbering (no hashing per entry); the
    /// dictionaries the API reads are filled once per member at the end.
    init(evaluated table: MembershipTable, valid: [Bool], space: SpaceID) {
        struct Record {
            var history = History()
            var grants: [History.Setter] = []
            /// The role the last counted entry about the member set (`.some(nil)`: removed).
            var role: MemberRole??
            var name: [UInt8]?
            var cutoff: UInt64?
            var named = false
        }
        var records = [Record](repeating: Record(), count: table.actors.count)
        applied.reserveCapacity(table.entries.count)
        for index in table.entries.indices {
            let operation = table.entries[index].operation
            let author = table.authors[index]
            let seq = table.seqs[index]
            let counted = valid[index]
            if counted { applied.insert(MembershipEntry.Key(author: author, seq: seq)) }
            var started: UInt64?
            if operation.startsEpoch {
                let number: UInt64
                if case .genesis = operation {
                    number = 1
                } else {
                    number = Self.epochNumber(space: space, author: author, seq: seq)
                }
                started = number
                startedEpochs.insert(number)
                epochStarters[number] = author
                if let commitment = table.entries[index].keyCommitment { epochCommitments[number] = commitment }
            }
            let target = Int(table.targets[index])
            if target >= 0 {
                let setter = History.Setter(author: author, seq: seq, role: table.rolesSet[index])
                records[target].named = true
                records[target].grants.append(setter)
                if counted {
                    records[target].history.setters.append(setter)
                    records[target].role = .some(table.rolesSet[index])
                    if operation.isRevocation {
                        records[target].history.caps.insert(
                            RevocationIndex.Cap(author: author, seq: seq, lock: table.locks[index], role: setter.role))
                    }
                }
            }
            guard counted else { continue }
            switch operation {
            case let .genesis(_, name):
                creator = author
                records[target].name = name
            case let .add(_, _, name), let .admitInvited(_, _, _, name):
                if case let .admitInvited(_, _, nonce, _) = operation { usedInvites.insert(nonce) }
                records[target].name = name
            case let .remove(_, lastSeq):
                records[target].cutoff = min(records[target].cutoff ?? .max, lastSeq)
                epoch = started ?? epoch
            case .changeRole(_, .relay), .rotate:
                // A member that stops reading content must not read what comes next.
                epoch = started ?? epoch
            case .changeRole:
                break
            }
        }
        histories.reserveCapacity(records.count)
        grants.reserveCapacity(records.count)
        for (number, record) in records.enumerated() where record.named {
            let member = table.actors[number]
            histories[member] = record.history
            grants[member] = record.grants
            if let cutoff = record.cutoff { cutoffs[member] = cutoff }
            guard case .some(.some(let role)) = record.role else { continue }
            roles[member] = role
            if let name = record.name { sealedNames[member] = name }
        }
    }

    /// An empty membership (no genesis known).
    init() {}
}
