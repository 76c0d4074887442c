internal import PlaceBinary
public import PlaceCRDT
public import PlaceCrypto

/// An invite to join a space with a role, signed by an admin: single use (its nonce), with an expiry,
/// optionally addressed to one node. Shown to people as `psinv1-` and base32 (with a checksum), short
/// enough to paste. Layout: `Protocol/MEMBERSHIP.md` §5.
public struct Invite: Hashable, Sendable {
    /// The space.
    public let space: SpaceID
    /// The role the invitee gets.
    public let role: MemberRole
    /// When it stops being valid (seconds since 1970).
    public let expiresAt: UInt64
    /// Makes it single use: an admin admits each nonce once.
    public let nonce: [UInt8]
    /// The only node that may redeem it, or `nil` for whoever holds it.
    public let invitee: NodeID?
    /// The admin who signed it.
    public let inviter: NodeID
    /// The inviter's signature (context `SignatureContext.invite`).
    public let signature: Signature

    /// The text prefix.
    public static let textPrefix = "psinv1-"
    static let version: UInt8 = 1
    /// The nonce length.
    public static let nonceCount = 16

    /// Creates and signs an invite.
    public static func create(
        space: SpaceID, role: MemberRole, expiresAt: UInt64, invitee: NodeID?, by inviter: NodeKeyPair
    ) throws -> Invite {
        let nonce = try SecureBytes.random(count: nonceCount).withUnsafeBytes { Array($0) }
        let unsigned = signedPart(
            space: space, role: role, expiresAt: expiresAt, nonce: nonce, invitee: invitee, inviter: inviter.nodeID)
        return Invite(
            space: space, role: role, expiresAt: expiresAt, nonce: nonce, invitee: invitee, inviter: inviter.nodeID,
            signature: try inviter.sign(unsigned, context: .invite))
    }

    private init(
        space: SpaceID, role: MemberRole, expiresAt: UInt64, nonce: [UInt8], invitee: NodeID?, inviter: NodeID,
        signature: Signature
    ) {
        self.space = space
        self.role = role
        self.expiresAt = expiresAt
        self.nonce = nonce
        self.invitee = invitee
        self.inviter = inviter
        self.signature = signature
    }

    private static func signedPart(
        space: SpaceID, role: MemberRole, expiresAt: UInt64, nonce: [UInt8], invitee: NodeID?, inviter: NodeID
    ) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(version)
        writer.writeBytes(space.bytes)
        writer.writeByte(role.rawValue)
        writer.writeVarint(expiresAt)
        writer.writeBytes(nonce)
        if let invitee {
            writer.writeByte(1)
            writer.writeBytes(invitee.publicKey)
        } else {
            writer.writeByte(0)
        }
        writer.writeBytes(inviter.publicKey)
        return writer.bytes
    }

    /// The bytes: the signed part, then the signature.
    public var encoded: [UInt8] {
        Self.signedPart(
            space: space, role: role, expiresAt: expiresAt, nonce: nonce, invitee: invitee, inviter: inviter)
            + signature.bytes
    }

    /// Decodes an invite and checks its signature.
    /// - Throws: ``WireError`` — `malformed` for anything not exactly an invite, `unsupportedVersion`,
    ///   `badSignature` when it was altered.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        do {
            let version = try reader.readByte()
            guard version == Self.version else {
                throw WireError(.unsupportedVersion, "invite version \(version) is not supported; upgrade PlaceSync")
            }
            let space = try SpaceID.decoding(Array(try reader.readBytes(SpaceID.byteCount)))
            guard let role = MemberRole(rawValue: try reader.readByte()) else {
                throw WireError(.malformed, "the invite names an unknown role")
            }
            let expiresAt = try reader.readVarint()
            let nonce = Array(try reader.readBytes(Self.nonceCount))
            let invitee: NodeID?
            switch try reader.readByte() {
            case 0: invitee = nil
            case 1: invitee = try NodeID(publicKey: Array(try reader.readBytes(NodeID.byteCount)))
            default: throw WireError(.malformed, "the invite's addressee flag is invalid")
            }
            let inviter = try NodeID(publicKey: Array(try reader.readBytes(NodeID.byteCount)))
            let signature = try Signature(bytes: Array(try reader.readBytes(Signature.byteCount)))
            try reader.finish()
            self.init(
                space: space, role: role, expiresAt: expiresAt, nonce: nonce, invitee: invitee, inviter: inviter,
                signature: signature)
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.malformed, "not an invite: \(error)", underlying: error)
        }
        do {
            try inviter.verify(
                signature,
                for: Self.signedPart(
                    space: space, role: role, expiresAt: expiresAt, nonce: nonce, invitee: invitee, inviter: inviter),
                context: .invite)
        } catch {
            throw WireError(.badSignature, "the invite's signature does not match: it was altered")
        }
    }

    /// The text form: `psinv1-` and base32 of the bytes and a 4-byte BLAKE2b checksum.
    public var text: String { Self.textPrefix + Base32.encode(encoded + Blake2b.hash(encoded).prefix(4)) }

    /// Reads the text form.
    /// - Throws: ``WireError`` — `malformed` for a typo (the checksum catches it) or another format.
    public init(text: String) throws(WireError) {
        let trimmed = text.trimmingSpaces.lowercased()
        guard trimmed.hasPrefix(Self.textPrefix),
            let bytes = Base32.decode(String(trimmed.dropFirst(Self.textPrefix.count))),
            bytes.count > 4, Blake2b.hash(Array(bytes.dropLast(4))).prefix(4).elementsEqual(bytes.suffix(4))
        else {
            throw WireError(.malformed, "this is not a PlaceSync invite, or it was mistyped (copy it again)")
        }
        try self.init(decoding: Array(bytes.dropLast(4)))
    }
}

/// An invitee's answer to an invite: the invite and the invitee's node id, signed with that node's key
/// (so the admin knows the invitee holds it). Text form `psred1-` and base32 with a checksum.
public struct InviteRedemption: Hashable, Sendable {
    /// The invite redeemed.
    public let invite: Invite
    /// The node joining.
    public let invitee: NodeID
    /// The invitee's signature over the invite and its own id (context `SignatureContext.inviteRedemption`).
    public let signature: Signature

    /// The text prefix.
    public static let textPrefix = "psred1-"

    /// Redeems `invite` as `node`.
    public static func redeem(_ invite: Invite, as node: NodeKeyPair) throws -> InviteRedemption {
        InviteRedemption(
            invite: invite, invitee: node.nodeID,
            signature: try node.sign(invite.encoded + node.nodeID.publicKey, context: .inviteRedemption))
    }

    private init(invite: Invite, invitee: NodeID, signature: Signature) {
        self.invite = invite
        self.invitee = invitee
        self.signature = signature
    }

    /// The bytes: the invite's length and bytes, the invitee's id, the signature.
    public var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.writeLengthPrefixed(invite.encoded)
        writer.writeBytes(invitee.publicKey)
        writer.writeBytes(signature.bytes)
        return writer.bytes
    }

    /// Decodes a redemption, checking both signatures.
    /// - Throws: ``WireError`` — `malformed`, or `badSignature` when the invite was altered or the
    ///   redemption was not signed by the key it names.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        let invite: Invite
        let invitee: NodeID
        let signature: Signature
        do {
            invite = try Invite(decoding: Array(try reader.readLengthPrefixed(maxBytes: 512, field: "invite")))
            invitee = try NodeID(publicKey: Array(try reader.readBytes(NodeID.byteCount)))
            signature = try Signature(bytes: Array(try reader.readBytes(Signature.byteCount)))
            try reader.finish()
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.malformed, "not an invite redemption: \(error)", underlying: error)
        }
        do {
            try invitee.verify(signature, for: invite.encoded + invitee.publicKey, context: .inviteRedemption)
        } catch {
            throw WireError(.badSignature, "the redemption is not signed by the node it names")
        }
        self.init(invite: invite, invitee: invitee, signature: signature)
    }

    /// The text form.
    public var text: String { Self.textPrefix + Base32.encode(encoded + Blake2b.hash(encoded).prefix(4)) }

    /// Reads the text form.
    public init(text: String) throws(WireError) {
        let trimmed = text.trimmingSpaces.lowercased()
        guard trimmed.hasPrefix(Self.textPrefix),
            let bytes = Base32.decode(String(trimmed.dropFirst(Self.textPrefix.count))),
            bytes.count > 4, Blake2b.hash(Array(bytes.dropLast(4))).prefix(4).elementsEqual(bytes.suffix(4))
        else {
            throw WireError(.malformed, "this is not a PlaceSync invite redemption, or it was mistyped")
        }
        try self.init(decoding: Array(bytes.dropLast(4)))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
