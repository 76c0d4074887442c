internal import PlaceCRDT
internal import PlaceWire

/// What the membership rules read off an entry and its operation.
extension MembershipEntry {
    /// The entry's body as bytes, for a deterministic choice between two entries with one key.
    var bodyBytes: [UInt8] {
        guard operation.startsEpoch, let keyCommitment, keyCommitment.count == MembershipBody.commitmentCount else {
            return operation.encoded()
        }
        return MembershipBody(operation, keyCommitment: keyCommitment).encoded()
    }

    /// The member whose role this entry sets, if any.
    var settingTarget: ActorID? {
        if case .genesis = operation { return author }
        return operation.member
    }

    /// The role it sets (nil for a removal, or an entry that sets none).
    var roleSet: MemberRole? {
        switch operation {
        case .genesis: .admin
        case .add(_, let role, _), .admitInvited(_, let role, _, _), .changeRole(_, let role): role
        case .remove, .rotate: nil
        }
    }

    /// Whether it is heads-locked: a removal or a role change.
    var isRevocation: Bool { operation.isRevocation }

    var isRemoval: Bool { operation.isRemoval }

    /// The member's last seq its author had seen: the heads-lock of a removal or role change.
    var lock: UInt64 {
        guard let member = settingTarget else { return 0 }
        return deps[member]
    }
}

extension MembershipOperation {
    /// Whether it is heads-locked: a removal or a role change.
    var isRevocation: Bool {
        switch self {
        case .remove, .changeRole: true
        default: false
        }
    }

    var isRemoval: Bool {
        if case .remove = self { return true }
        return false
    }

    var isGenesis: Bool {
        if case .genesis = self { return true }
        return false
    }

    /// The member an add, admission, role change or removal names (`nil` for genesis and rotate).
    var member: ActorID? {
        switch self {
        case .add(let member, _, _), .admitInvited(let member, _, _, _), .changeRole(let member, _),
            .remove(let member, _):
            member
        case .genesis, .rotate: nil
        }
    }
}

extension MemberRole {
    /// The role with fewer rights of the two (admin > writer > reader > relay).
    func lowest(_ other: MemberRole) -> MemberRole { rawValue >= other.rawValue ? self : other }
}
