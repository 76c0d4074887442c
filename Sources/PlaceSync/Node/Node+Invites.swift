internal import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
public import PlaceWire

extension Node {
    /// The longest an invite may be valid: ten years.
    static let maxInviteSeconds: Double = 10 * 366 * 86_400

    /// Creates an invite to `space` for `role` (an admin's act), valid for `seconds`, optionally only
    /// for `invitee`. Give the text to the person joining; their node answers with
    /// ``redeemInvite(_:)-4k0fy``, and an admin's node admits them with ``admitInvitee(_:displayName:)-3rn52``.
    /// - Returns: the invite's text (`psinv1-…`).
    /// - Throws: ``SyncError/Code/invalidInput`` for a validity that is not more than 0 seconds and at
    ///   most ten years; ``SyncError/Code/notPermitted`` when this node is not an admin of the space.
    public func createInvite(to space: SpaceID, role: MemberRole, validFor seconds: Double, for invitee: NodeID? = nil)
        throws -> String
    {
        guard seconds.isFinite, seconds > 0, seconds <= Self.maxInviteSeconds else {
            throw SyncError(.invalidInput, "an invite is valid for more than 0 seconds and at most 10 years")
        }
        guard try membership(of: space).role(of: actor) == .admin else {
            throw SyncError(.notPermitted, "only an admin of space \(space) may invite")
        }
        let expiry = UInt64(max(0, configuration.now() + seconds))
        return try Invite.create(space: space, role: role, expiresAt: expiry, invitee: invitee, by: identity.current)
            .text
    }

    /// Answers an invite as this node (proving it holds its key) and starts holding the space, whose
    /// envelopes and keys arrive once an admin has admitted this node.
    /// - Returns: the redemption's text (`psred1-…`), to send back to the admin.
    /// - Throws: ``SyncError/Code/inviteInvalid``, ``SyncError/Code/inviteExpired``,
    ///   ``SyncError/Code/inviteWrongRecipient`` — nothing is changed then.
    public func redeemInvite(_ text: String) throws -> String {
        let invite = try Self.readInvite(text)
        guard UInt64(max(0, configuration.now())) <= invite.expiresAt else {
            throw SyncError(.inviteExpired, "this invite expired; ask for a new one")
        }
        if let invitee = invite.invitee, invitee != nodeID {
            throw SyncError(
                .inviteWrongRecipient, "this invite is for another node (\(invitee)), not this one (\(nodeID))")
        }
        let redemption = try InviteRedemption.redeem(invite, as: identity.current)
        try joinSpace(invite.space, name: "")
        return redemption.text
    }

    /// Admits the node that redeemed an invite (an admin's act): checks the invite (signed by an admin
    /// of the space, not altered, not expired, not used, addressed to this invitee if addressed) and the
    /// redemption (signed by the invitee's key), then writes the admission and seals every epoch key to
    /// the new member (unless it is a relay).
    /// - Returns: the admitted node.
    /// - Throws: ``SyncError/Code/inviteInvalid``, ``SyncError/Code/inviteExpired``,
    ///   ``SyncError/Code/inviteUsed``, ``SyncError/Code/inviteWrongRecipient``,
    ///   ``SyncError/Code/notPermitted`` — nothing is changed then.
    @discardableResult
    public func admitInvitee(_ redemptionText: String, displayName: String = "") throws -> NodeID {
        let redemption: InviteRedemption
        do {
            redemption = try InviteRedemption(text: redemptionText)
        } catch {
            throw SyncError(.inviteInvalid, "the invite answer is not valid: \(error.message)", underlying: error)
        }
        let invite = redemption.invite
        let space = invite.space
        guard UInt64(max(0, configuration.now())) <= invite.expiresAt else {
            throw SyncError(.inviteExpired, "the invite expired before it was answered; send a new one")
        }
        if let invitee = invite.invitee, invitee != redemption.invitee {
            throw SyncError(
                .inviteWrongRecipient, "the invite was addressed to \(invitee), but \(redemption.invitee) answered it")
        }
        let membership = try membership(of: space)
        guard let inviter = ActorID(bytes: invite.inviter.publicKey), membership.role(of: inviter) == .admin else {
            throw SyncError(.inviteInvalid, "the invite was not signed by an admin of space \(space)")
        }
        guard !membership.usedInvites.contains(invite.nonce) else {
            throw SyncError(.inviteUsed, "this invite was already used; send a new one")
        }
        guard let member = ActorID(bytes: redemption.invitee.publicKey) else {
            throw SyncError(.inviteInvalid, "the invitee's node id is not 32 bytes")
        }
        try admit(
            member, node: redemption.invitee, role: invite.role, inviteNonce: invite.nonce, in: space,
            displayName: displayName)
        return redemption.invitee
    }

    static func readInvite(_ text: String) throws -> Invite {
        do {
            return try Invite(text: text)
        } catch {
            throw SyncError(.inviteInvalid, "the invite is not valid: \(error.message)", underlying: error)
        }
    }
}
