internal import PlaceBinary
public import PlaceCRDT

/// The body of a membership envelope (kind 2): one change to who belongs to a space. Signed, not
/// encrypted, so relays can evaluate roles; display names travel sealed (opaque bytes here).
/// Layout: `Protocol/MEMBERSHIP.md` §2.
public enum MembershipOperation: Hashable, Sendable {
    /// The space's first entry: its creator becomes the first admin. The space id is the first 16 bytes
    /// of BLAKE2b-256(creator ‖ nonce), so nobody else can write a genesis for it.
    case genesis(nonce: [UInt8], sealedName: [UInt8])
    /// Adds `member` with `role` (or changes the role of a current member).
    case add(member: ActorID, role: MemberRole, sealedName: [UInt8])
    /// Changes the role of a current member.
    case changeRole(member: ActorID, role: MemberRole)
    /// Adds `member` with `role` on an invite: like ``add(member:role:sealedName:)``, and names the
    /// invite's nonce, so that each invite admits one node only.
    case admitInvited(member: ActorID, role: MemberRole, inviteNonce: [UInt8], sealedName: [UInt8])
    /// Removes `member`; its envelopes beyond `lastSeq` (the last one the remover accepted) are refused
    /// everywhere, whatever their causal position ("heads-locked" removal).
    case remove(member: ActorID, lastSeq: UInt64)
    /// Starts a new content-key epoch without removing anyone (an admin's repair when the current
    /// epoch's key reached a node that is no longer a member, after concurrent removals).
    case rotate

    /// The body format version ``encoded()`` writes: 1, without a key commitment (``MembershipBody``
    /// writes version 2, with one).
    public static let version: UInt8 = 1
    /// The largest sealed display name.
    public static let maxSealedName = 512
    /// The genesis nonce length.
    public static let nonceCount = 16

    /// The body bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(Self.version)
        switch self {
        case let .genesis(nonce, sealedName):
            writer.writeByte(0)
            writer.writeBytes(nonce)
            writer.writeLengthPrefixed(sealedName)
        case let .add(member, role, sealedName):
            writer.writeByte(1)
            writer.writeBytes(member.bytes)
            writer.writeByte(role.rawValue)
            writer.writeLengthPrefixed(sealedName)
        case let .changeRole(member, role):
            writer.writeByte(2)
            writer.writeBytes(member.bytes)
            writer.writeByte(role.rawValue)
        case let .remove(member, lastSeq):
            writer.writeByte(3)
            writer.writeBytes(member.bytes)
            writer.writeVarint(lastSeq)
        case .rotate:
            writer.writeByte(5)
        case let .admitInvited(member, role, nonce, sealedName):
            writer.writeByte(4)
            writer.writeBytes(member.bytes)
            writer.writeByte(role.rawValue)
            writer.writeBytes(nonce)
            writer.writeLengthPrefixed(sealedName)
        }
        return writer.bytes
    }

    /// Decodes a body of either version (a version 2 body's key commitment is read and dropped: see
    /// ``MembershipBody`` for it).
    /// - Throws: ``WireError`` — `unsupportedVersion` for another version, `malformed` for anything
    ///   else that is not exactly one well-formed operation, `limitExceeded` for an oversized name.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        self = try MembershipBody(decoding: bytes).operation
    }

    /// Reads an operation (its tag and fields) from `reader`.
    static func read(_ reader: inout ByteReader) throws -> MembershipOperation {
        switch try reader.readByte() {
        case 0:
            let nonce = Array(try reader.readBytes(Self.nonceCount))
            let name = Array(try reader.readLengthPrefixed(maxBytes: Self.maxSealedName, field: "sealed name"))
            return .genesis(nonce: nonce, sealedName: name)
        case 1:
            let member = try Self.readMember(&reader)
            let role = try Self.readRole(&reader)
            let name = Array(try reader.readLengthPrefixed(maxBytes: Self.maxSealedName, field: "sealed name"))
            return .add(member: member, role: role, sealedName: name)
        case 2:
            return .changeRole(member: try Self.readMember(&reader), role: try Self.readRole(&reader))
        case 3:
            let member = try Self.readMember(&reader)
            return .remove(member: member, lastSeq: try reader.readVarint())
        case 5:
            return .rotate
        case 4:
            let member = try Self.readMember(&reader)
            let role = try Self.readRole(&reader)
            let nonce = Array(try reader.readBytes(Invite.nonceCount))
            let name = Array(try reader.readLengthPrefixed(maxBytes: Self.maxSealedName, field: "sealed name"))
            return .admitInvited(member: member, role: role, inviteNonce: nonce, sealedName: name)
        case let tag:
            throw WireError(.malformed, "unknown membership operation \(tag)")
        }
    }

    /// Whether the operation starts a content-key epoch (genesis, removal, rotation, change of role to
    /// relay): in version 2 such an entry carries a commitment to the epoch's key.
    public var startsEpoch: Bool {
        switch self {
        case .genesis, .remove, .rotate, .changeRole(_, .relay): true
        case .add, .admitInvited, .changeRole: false
        }
    }

    private static func readMember(_ reader: inout ByteReader) throws -> ActorID {
        guard let member = ActorID(bytes: try reader.readBytes(ActorID.byteCount)), member != ActorID.zero else {
            throw WireError(.malformed, "a membership entry names an invalid node id")
        }
        return member
    }

    private static func readRole(_ reader: inout ByteReader) throws -> MemberRole {
        let raw = try reader.readByte()
        guard let role = MemberRole(rawValue: raw) else { throw WireError(.malformed, "unknown role \(raw)") }
        return role
    }
}
