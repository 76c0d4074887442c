internal import PlaceStore
public import PlaceWire

/// What this node can do in a space right now: whether its replica holds the space, the role it has
/// there, and whether it holds the content key new writes use — so a host can wait for "writable"
/// instead of guessing from ``Node/holds(_:)``.
///
/// ```swift
/// let status = try node.status(of: space)
/// if !status.canWrite { print(status.explanation) }
/// ```
public struct SpaceStatus: Hashable, Sendable {
    /// Whether this replica holds the space (created, joined, or adopted from a chain).
    public var held: Bool
    /// This node's role in the space for its next write (`nil`: not a member here, or the replica has
    /// not yet received the entry that made it one).
    public var role: MemberRole?
    /// The content-key epoch new writes use (`nil` when no membership is known yet).
    public var epoch: UInt64?
    /// Whether this node holds that epoch's content key.
    public var hasKey: Bool
    /// Whether this node's author was cut off in the space (an equivocation proof names it).
    public var frozen: Bool

    /// Whether this node can read the space's current content.
    public var canRead: Bool { held && hasKey }

    /// Whether ``Node/transact(in:document:_:)-5epac`` can write now.
    public var canWrite: Bool { held && !frozen && hasKey && (role?.canWrite ?? false) }

    /// What is missing, in words a user can act on (empty when the node can write).
    public var explanation: String {
        if !held {
            return "this replica does not hold the space: join it (an admin adds this node) or accept its offer"
        }
        guard let role else {
            return "this node is not a member of the space yet, or has not received the entry that made it one: "
                + "ask an admin to add it, then sync"
        }
        if frozen { return "this node's author is frozen in the space (an equivocation proof names it)" }
        if !role.canWrite { return "this node's role in the space is \(role), which cannot write" }
        if !hasKey {
            return "this node has not received the content key for epoch \(epoch ?? 0) yet: it arrives sealed to "
                + "this node with the space's envelopes at the next sync with a peer that holds it"
        }
        return ""
    }
}

extension Node {
    /// What this node can do in `space` now (held, role, key, writable).
    public func status(of space: SpaceID) throws -> SpaceStatus {
        guard try holds(space) else {
            return SpaceStatus(held: false, role: nil, epoch: nil, hasKey: false, frozen: false)
        }
        let current: (membership: Membership, role: MemberRole?, frozen: Bool) = try Self.storageCall {
            try store.read { tx in
                let evaluated = try self.membership(tx, space: space)
                let frozen = try tx.cutoffs(space: space)[actor] != nil
                return (evaluated, try roleForNextWrite(tx, space: space), frozen)
            }
        }
        let (membership, role, frozen) = current
        guard membership.creator != nil else {
            return SpaceStatus(held: true, role: nil, epoch: nil, hasKey: false, frozen: frozen)
        }
        let hasKey = (try? contentKey(space, epoch: membership.epoch)) != nil
        return SpaceStatus(held: true, role: role, epoch: membership.epoch, hasKey: hasKey, frozen: frozen)
    }
}
