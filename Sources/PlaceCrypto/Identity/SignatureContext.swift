/// A domain-separation tag that starts every signed structure, so that a signature over one kind of
/// message can never verify as another kind (the Matrix CVE-2022-39251 class of bug).
///
/// What is signed is `UInt8(tag.count) || tag || message`.
public struct SignatureContext: Hashable, Sendable, CustomStringConvertible {
    /// The tag's UTF-8 bytes (1...255).
    public let tag: [UInt8]

    /// Creates a context from a tag such as `"placesync/envelope/v1"`.
    /// - Precondition: the tag is 1 to 255 UTF-8 bytes (a programmer error otherwise).
    public init(_ tag: String) {
        precondition((1...255).contains(tag.utf8.count), "signature context tags are 1 to 255 bytes")
        self.tag = Array(tag.utf8)
    }

    /// Envelopes (content, membership and key-wrap kinds) in a space log.
    public static let envelope = SignatureContext("placesync/envelope/v1")
    /// A sealed epoch key addressed to one member.
    public static let keyWrap = SignatureContext("placesync/key-wrap/v1")
    /// An invite to join a space.
    public static let invite = SignatureContext("placesync/invite/v1")
    /// An invitee's proof that it holds the key it redeems an invite with.
    public static let inviteRedemption = SignatureContext("placesync/invite-redemption/v1")
    /// The manifest of a sneakernet bundle (envelopes carried on a file instead of a connection).
    public static let bundle = SignatureContext("placesync/bundle/v1")
    /// A node's signed statement of what it holds of a space (a delivery receipt, `Protocol/ATTESTATION.md`).
    public static let attestation = SignatureContext("placesync/attestation/v1")
    /// An admin's checkpoint of a space: its documents' state at a version vector (`Protocol/CHECKPOINT.md`).
    public static let checkpoint = SignatureContext("placesync/checkpoint/v1")
    /// Identity statements made during a handshake.
    public static let handshake = SignatureContext("placesync/handshake/v1")

    /// The bytes actually signed for `message`.
    func framing(_ message: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 + tag.count + message.count)
        bytes.append(UInt8(tag.count))
        bytes.append(contentsOf: tag)
        bytes.append(contentsOf: message)
        return bytes
    }

    public var description: String { String(decoding: tag, as: UTF8.self) }
}
