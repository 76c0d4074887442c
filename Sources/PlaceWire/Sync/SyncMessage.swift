public import PlaceCRDT

/// A message of the sync protocol, sent after the Noise handshake inside the encrypted transport
/// (`Protocol/PROTOCOL.md` §5 gives the byte layout of each).
///
/// ```swift
/// let bytes = SyncMessage.want(space: space, vector: vector).encoded()
/// let again = try SyncMessage(decoding: bytes)
/// ```
public enum SyncMessage: Hashable, Sendable {
    /// The first message each side sends: who it is (a free-form agent string, for logs), the spaces it
    /// holds that the other side may see, with its version vector for each, and optionally an invite
    /// redemption (the only thing a node that is not yet a member may bring).
    case hello(agent: String, wants: [SpaceWant], redemption: String?)
    /// Asks for what this side lacks of `space` (sent after the hello, for a space learned later).
    case want(SpaceWant)
    /// Asks the other side to show the membership chain of a space this side cannot yet judge.
    case chainRequest(space: SpaceID)
    /// A space's membership and key-wrap envelopes, from genesis, byte for byte.
    case chain(space: SpaceID, envelopes: [[UInt8]])
    /// A batch of envelopes of one space in an order they can be ingested; `batch` numbers batches per
    /// session and direction, from 1.
    case envelopes(space: SpaceID, batch: UInt64, envelopes: [[UInt8]])
    /// The receiver stored every batch up to and including `batch`.
    case ack(batch: UInt64)
    /// The sender has sent everything of `space` it held when the other side's want arrived.
    case synced(space: SpaceID)
    /// A heartbeat: sent when a side has had nothing else to send for a while.
    case ping
    /// An invite redemption was accepted: the sender admitted this side to `space`.
    case admitted(space: SpaceID)
    /// The sender will neither send nor take envelopes of `space` in this session: the other side is not
    /// (or no longer) a member there in the sender's view. Sent only for a space the other side named.
    case refused(space: SpaceID)
    /// Something went wrong; fatal errors are followed by closing the connection.
    case error(code: SyncErrorCode, message: String)
    /// The sender is leaving (shutdown or a completed one-off sync).
    case bye
    /// The latest signed head attestations (``HeadAttestation``) the sender holds of `space` that it has
    /// not sent in this session: its own and those of other members, for delivery receipts and to show
    /// what a path withholds. Type 0x40, in the optional range: a build that does not know it skips it.
    case attestations(space: SpaceID, attestations: [[UInt8]])
    /// The sender keeps the ``Checkpoint`` of `space` with id `id` and offers it in place of the history
    /// below its vector (protocol version 3, `Protocol/CHECKPOINT.md` §4): to a peer whose want showed no
    /// content of the space, or to a relay of the space (which keeps it for new members). The sender
    /// sends nothing more of the space until ``checkpointAnswer(space:answer:)``. Type 0x43.
    case checkpointOffer(space: SpaceID, id: [UInt8])
    /// Part `part` (from 1) of `parts` of the checkpoint of `space` offered, once the receiver answered
    /// ``CheckpointAnswer/send``. Type 0x41.
    case checkpoint(space: SpaceID, part: UInt64, parts: UInt64, bytes: [UInt8])
    /// The receiver's answer to a checkpoint offered or sent. Type 0x42.
    case checkpointAnswer(space: SpaceID, answer: CheckpointAnswer)
    /// A message of a type in the optional range (``optionalTypes``, 0x40–0x7F) that this build does not
    /// know: a later protocol revision's addition that a receiver may skip. Its `body` is the rest of
    /// the message, unread. Types outside that range that this build does not know are a violation.
    case optional(type: UInt8, body: [UInt8])

    /// Message types a receiver that does not know them skips instead of ending the session, so that a
    /// later revision can add hints and extras without a new protocol version.
    public static let optionalTypes: ClosedRange<UInt8> = 0x40...0x7F

    /// The most attestations in one ``attestations(space:attestations:)`` message.
    public static let maxAttestationsPerMessage = 1_024

    /// The largest encoded message: 4 MiB (ARCHITECTURE.md "Limits"), carried in several transport frames.
    public static let maxBytes = 4 << 20
    /// The most bytes of a checkpoint one ``checkpoint(space:part:parts:bytes:)`` message carries.
    public static let maxCheckpointPartBytes = 3 << 20
    /// The most spaces one hello may list.
    public static let maxWants = 4_096
    /// The most envelopes in one batch or chain.
    public static let maxEnvelopesPerMessage = 16_384
    /// The longest agent string, in UTF-8 bytes.
    public static let maxAgentBytes = 64
    /// The longest error message, in UTF-8 bytes.
    public static let maxErrorMessageBytes = 512
    /// The longest invite redemption, in UTF-8 bytes.
    public static let maxRedemptionBytes = 2_048
    /// The largest envelope a batch may carry (an envelope's own limits: 1 MiB body plus header).
    public static let maxEnvelopeBytes = Envelope.maxBodyBytes + Envelope.maxHeaderBytes + 128

    /// The message's type byte.
    public var type: UInt8 {
        switch self {
        case .hello: 0x01
        case .want: 0x02
        case .chainRequest: 0x03
        case .chain: 0x04
        case .envelopes: 0x05
        case .ack: 0x06
        case .synced: 0x07
        case .ping: 0x08
        case .admitted: 0x09
        case .refused: 0x0A
        case .error: 0x0E
        case .bye: 0x0F
        case .attestations: 0x40
        case .checkpoint: 0x41
        case .checkpointAnswer: 0x42
        case .checkpointOffer: 0x43
        case .optional(let type, _): type
        }
    }
}

/// What the receiver of a checkpoint offer says (``SyncMessage/checkpointAnswer(space:answer:)``).
public enum CheckpointAnswer: UInt8, Sendable, Hashable {
    /// Not taken: send the space's log from where the receiver's want said it was.
    case declined = 0
    /// Installed: send only what lies beyond the checkpoint's vector.
    case installed = 1
    /// Send the checkpoint (an answer to the offer).
    case send = 2
}

/// One space a side holds and may show the other, with its version vector there.
public struct SpaceWant: Hashable, Sendable {
    /// The space.
    public var space: SpaceID
    /// Per author, the highest seq this side has applied in the space.
    public var vector: VersionVector

    /// Creates a want.
    public init(space: SpaceID, vector: VersionVector) {
        self.space = space
        self.vector = vector
    }
}

/// Why a side is ending the session or refusing a request (`Protocol/PROTOCOL.md` §6).
public struct SyncErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code on the wire.
    public let rawValue: UInt64
    /// Wraps a code read from the wire (unknown codes are kept, not refused).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A message that breaks the protocol (wrong order, undecodable, over a limit). Fatal.
    public static let protocolViolation = SyncErrorCode(rawValue: 1)
    /// This node shares no space with the peer and the peer brought no valid invite. Fatal.
    public static let notEntitled = SyncErrorCode(rawValue: 2)
    /// The invite redemption was refused (used, expired, tampered, for someone else). Fatal.
    public static let inviteRefused = SyncErrorCode(rawValue: 4)
    /// The peer exceeded a quota (rate, size, storage). Fatal.
    public static let quotaExceeded = SyncErrorCode(rawValue: 5)
    /// Nothing was heard from the peer for too long. Fatal.
    public static let timeout = SyncErrorCode(rawValue: 6)
    /// The sender failed internally (its storage, say); try again later. Fatal.
    public static let internalError = SyncErrorCode(rawValue: 7)

    public var description: String {
        switch rawValue {
        case 1: "protocolViolation"
        case 2: "notEntitled"
        case 4: "inviteRefused"
        case 5: "quotaExceeded"
        case 6: "timeout"
        case 7: "internalError"
        default: "code\(rawValue)"
        }
    }
}
