internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceWire

/// What a ``SyncSession`` knows once the handshake has proven the peer, and only then: the transport's
/// ciphers, the peer, the version, and the exchange of spaces — wants both ways, batches in flight,
/// chains asked for and served, refusals, a batch being taken in. It lives inside the session's `.open`
/// phase, so none of it exists before the handshake or after the close.
///
/// Its methods run one step of the protocol; what they write goes to ``outbox``, what they report to
/// ``actions``, and an end (clean or not) to ``ending``, which the session turns into its closed phase.
struct SyncExchange: Sendable {
    let replica: any SyncReplica
    let configuration: SyncConfiguration
    /// The peer, proven by the handshake.
    let peer: NodeID
    /// The protocol version both sides speak.
    let version: UInt16
    var transport: NoiseTransport
    var reassembler = MessageReassembler()
    /// Where this session counts authors' rates (the configuration's shared ledger, or its own).
    let quotaLedger: QuotaLedger
    /// The time of the step being run (the driver's clock).
    var now: Duration
    /// The wall clock when the session opened: attestations received before it were signed before
    /// anything the peer says in it.
    let openedAtWall: Double

    // What the step produced, for the session to take.
    var outbox: [UInt8] = []
    var actions: [SyncSessionAction] = []
    /// Set when the exchange ends: nil inside for a clean end.
    var ending: SyncSessionError??

    var helloReceived = false
    /// Spaces this side sent a want for, and whether the peer said it sent everything.
    var inbound: [SpaceID: Bool] = [:]
    /// Spaces the peer asked for and may see: what it has, and how far this side has read its log.
    var outbound: [SpaceID: OutboundSpace] = [:]
    /// Wants of the peer that wait for a membership chain.
    var deferredWants: [SpaceID: VersionVector] = [:]
    var chainsRequested: Set<SpaceID> = []
    /// Spaces whose chain waits its turn (``SyncConfiguration/maxChainRequests`` are in flight at most).
    var chainQueue: [SpaceID] = []
    var chainsServed: Set<SpaceID> = []
    /// Optional message types the peer sent that this build does not know (reported once each).
    var skippedOptionalTypes: Set<UInt8> = []
    /// Per space, the attester and sequence of the head attestations each side has seen in this session
    /// (sent, or received from the peer): they are not sent again.
    var attestationsSeen: [SpaceID: [[UInt8]: UInt64]] = [:]
    /// When attestations were last passed on (`nil`: not yet).
    var lastAttestationGossip: Duration?
    /// Memberships shown by chains in this session, for spaces whose entries this replica cannot apply yet.
    var vouched: [SpaceID: Membership] = [:]
    /// Spaces refused in this session, by either side: batches still in flight for them are dropped.
    var refusedSpaces: Set<SpaceID> = []
    /// Spaces the peer refused in this session (not offered again until the peer asks).
    var peerRefusedSpaces: Set<SpaceID> = []
    /// Whether the replica changed since spaces newly shared with the peer were last looked for, and when.
    var shareCheckDue = false
    var lastShareCheck: Duration = .zero
    var awaitingAdmission = false
    var nextBatch: UInt64 = 1
    var lastAcked: UInt64 = 0
    var expectedBatch: UInt64 = 1
    var reportedSynced = false
    /// Spaces compacted in this session to make room under the storage quota (once each).
    var compactedForQuota: Set<SpaceID> = []
    /// Per space and author: the bytes the replica holds (read once, then counted).
    var storedBytes: [SpaceID: [ActorID: Int]] = [:]
    /// Per space, how often this side asked again for what it still lacked, and its vector then.
    var askedAgain: [SpaceID: (count: Int, vector: VersionVector)] = [:]
    /// Per space, how often the peer asked again (each time its log is paged once more).
    var servedAgain: [SpaceID: Int] = [:]
    /// The most times either side asks again for one space in a session.
    static let maxAskAgain = 8
    /// Checkpoints this side asked the peer to send, per space: the id offered, and the parts so far.
    var checkpointsAsked: [SpaceID: (id: [UInt8], parts: UInt64, received: UInt64, bytes: [UInt8])] = [:]
    /// A batch handed to the driver to take in (``SyncSessionAction/ingest(_:)``): until its result
    /// comes back, no further message is read and nothing is sent but heartbeats.
    var ingesting: PendingIngest?

    struct OutboundSpace: Sendable {
        var peerVector: VersionVector
        var afterRow: Int64 = 0
        var sentSynced = false
        var hasMore = true
        /// The vector of the peer's latest want (a later want must go beyond it).
        var wantedAt = VersionVector()
        /// Equivocation proofs of the space already sent (the second envelope of a pair lives only in
        /// the proof, so it travels as its own batch).
        var proofsSent = 0
        /// Whether the key wraps sealed to the peer went ahead of the log (once per session and space).
        var keyWrapsSent = false
        /// Whether a checkpoint was considered for the peer; the vector of one offered that awaits the
        /// peer's answer, and whether it was sent.
        var checkpointConsidered = false
        var checkpointAwaiting: VersionVector?
        var checkpointSent = false
        /// The id of the checkpoint last offered (never offered twice in a session).
        var checkpointOfferedID: [UInt8]?
    }

    /// The batch being taken in: acknowledged once its result is back.
    struct PendingIngest: Sendable {
        let space: SpaceID
        let batch: UInt64
    }

    init(
        replica: any SyncReplica, configuration: SyncConfiguration, peer: NodeID, version: UInt16,
        transport: NoiseTransport, quotaLedger: QuotaLedger, now: Duration
    ) {
        self.replica = replica
        self.configuration = configuration
        self.peer = peer
        self.version = version
        self.transport = transport
        self.quotaLedger = quotaLedger
        self.now = now
        self.openedAtWall = replica.wallClock
    }

    var isFinished: Bool { ending != nil }

    /// Whether everything each side held when it asked has crossed (``SyncSession/isSynced``).
    var isSynced: Bool {
        guard helloReceived, !awaitingAdmission, ingesting == nil, chainsRequested.isEmpty, deferredWants.isEmpty,
            !(inbound.isEmpty && outbound.isEmpty)
        else { return false }
        return inbound.values.allSatisfy { $0 } && outbound.values.allSatisfy(\.sentSynced)
            && lastAcked + 1 == nextBatch
    }

    /// Per space the peer asked for, what it holds as far as this side knows.
    var peerVectors: [SpaceID: VersionVector] { outbound.mapValues(\.peerVector) }

    /// Encrypts and frames a message into the outbox.
    mutating func send(_ message: SyncMessage) {
        guard !isFinished else { return }
        do {
            // A test double of a hostile peer rewrites what it sends here (never set in the product).
            for message in configuration.rewriteOutgoing?(message) ?? [message] {
                var encoded = message.encoded()
                // Protocol version 2: batches that compress well travel deflated.
                if version >= 2, configuration.deflateBatches, message.isDeflatable,
                    let deflated = SyncMessage.deflated(encoded)
                {
                    encoded = deflated
                }
                for part in MessageFragments.split(encoded) {
                    outbox += FrameDecoder.frame(try transport.send.encrypt(part))
                }
            }
        } catch {
            finish(error: SyncSessionError(code: .internalError, message: "cannot encrypt: \(error)"))
        }
    }

    /// Sends an error to the peer and ends.
    mutating func fail(_ code: SyncErrorCode, _ message: String) {
        // The peer gets a fixed text for this side's own failures (their detail can name local files or
        // SQLite's words); the detail stays in this side's log.
        let told = code == .internalError ? "internal error on the other side; its log has the details" : message
        send(.error(code: code, message: told.truncated(toUTF8Bytes: SyncMessage.maxErrorMessageBytes)))
        finish(error: SyncSessionError(code: code, message: message))
    }

    /// Ends the exchange (the first end counts).
    mutating func finish(error: SyncSessionError?) {
        guard !isFinished else { return }
        ending = .some(error)
    }

    /// Sends the hello: the spaces this replica shares with the peer, and an invite redemption if any.
    mutating func sendHello(redemption: String?) {
        let wants: [SpaceWant]
        do {
            wants = Array(try replica.spacesShared(with: peer).prefix(SyncMessage.maxWants))
        } catch {
            return fail(.internalError, "cannot read the replica")
        }
        for want in wants { inbound[want.space] = false }
        awaitingAdmission = redemption != nil
        let agent = configuration.agent.truncated(toUTF8Bytes: SyncMessage.maxAgentBytes)
        send(.hello(agent: agent, wants: wants, redemption: redemption))
    }

    /// One transport frame: decrypt, reassemble, decode, handle.
    mutating func transportFrame(_ frame: [UInt8]) {
        let plaintext: [UInt8]
        do {
            plaintext = try transport.receive.decrypt(frame)
        } catch {
            return finish(
                error: SyncSessionError(code: .protocolViolation, message: "a frame that does not decrypt"))
        }
        let message: SyncMessage
        do {
            guard let bytes = try reassembler.append(plaintext) else { return }
            message = version >= 2 ? try SyncMessage(decodingPossiblyDeflated: bytes) : try SyncMessage(decoding: bytes)
        } catch {
            return fail(.protocolViolation, error.message)
        }
        handle(message)
    }
}
