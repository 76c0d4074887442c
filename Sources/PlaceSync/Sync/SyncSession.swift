public import PlaceCRDT
public import PlaceCrypto
public import PlaceWire

/// One sync connection with one peer, as a state machine: bytes and clock ticks go in, bytes to write,
/// events and a close come out (`Protocol/PROTOCOL.md`). It owns no socket and reads no clock — the
/// driver (``TCPSyncTransport``, or a test's in-memory pipe) feeds it — and it reaches the replica only
/// through a small seam (`SyncReplica`: the node, or a unit test's double): what the peer lacks is read
/// from it, what the peer sends is ingested into it.
///
/// The life of a session: Noise XX handshake (version negotiated inside it), then each side's hello
/// with the spaces the other may see and the vectors there; then each streams what the other lacks in
/// bounded, acknowledged batches (at most ``SyncConfiguration/window`` unacknowledged); then new
/// envelopes are pushed as ``localChanges(now:)`` reports them, until either side leaves.
///
/// ```swift
/// var session = try SyncSession(role: .initiator, node: node, now: clock.now)
/// perform(session.start(now: clock.now))
/// for await bytes in stream { perform(session.receive(bytes, now: clock.now)) }
/// ```
public struct SyncSession: Sendable {
    /// Which side opened the connection.
    public let role: NoiseHandshake.Role
    /// What the session reads and writes: the node's replica (or a test's double).
    let replica: any SyncReplica
    let configuration: SyncConfiguration
    let expectedPeer: NodeID?
    let redemption: String?

    var phase: Phase
    var frames = FrameDecoder()
    var reassembler = MessageReassembler()
    var outbox: [UInt8] = []
    var actions: [SyncSessionAction] = []
    let startedAt: Double
    var lastSent: Double
    var lastHeard: Double

    // After the handshake.
    var transport: NoiseTransport?
    /// The peer, once its node key is proven.
    public internal(set) var peer: NodeID?
    var helloReceived = false
    /// Spaces this side sent a want for, and whether the peer said it sent everything.
    var inbound: [SpaceID: Bool] = [:]
    /// Spaces the peer asked for and may see: what it has, and how far this side has read its log.
    var outbound: [SpaceID: OutboundSpace] = [:]
    /// Wants of the peer that wait for a membership chain.
    var deferredWants: [SpaceID: VersionVector] = [:]
    var chainsRequested: Set<SpaceID> = []
    /// Chains asked for in this session (at most the configuration's `maxChainRequests`).
    var chainRequestsMade = 0
    var chainsServed: Set<SpaceID> = []
    /// Memberships shown by chains in this session, for spaces whose entries this replica cannot apply yet.
    var vouched: [SpaceID: Membership] = [:]
    /// Spaces refused in this session, by either side: batches still in flight for them are dropped.
    var refusedSpaces: Set<SpaceID> = []
    var awaitingAdmission = false
    var nextBatch: UInt64 = 1
    var lastAcked: UInt64 = 0
    var expectedBatch: UInt64 = 1
    var reportedSynced = false
    /// Where this session counts authors' rates (the configuration's shared ledger, or its own).
    let quotaLedger: QuotaLedger
    /// Per space and author: the bytes the replica holds (read once, then counted).
    var storedBytes: [SpaceID: [ActorID: Int]] = [:]

    enum Phase: Sendable {
        case handshake(NodeHandshake, version: UInt16)
        case open(version: UInt16)
        case closed
    }

    struct OutboundSpace: Sendable {
        var peerVector: VersionVector
        var afterRow: Int64 = 0
        var sentSynced = false
        var hasMore = true
        /// Equivocation proofs of the space already sent (the second envelope of a pair lives only in
        /// the proof, so it travels as its own batch).
        var proofsSent = 0
    }

    /// Prepares a session as `node`.
    /// - Parameters:
    ///   - role: `.initiator` for the side that dialled.
    ///   - expectedPeer: when set, a peer proving any other node key is refused (a pinned hub, say).
    ///   - redemption: an invite redemption (``Node/redeemInvite(_:)``) to present in the hello: the one
    ///     thing a node that is not yet a member of any shared space may bring.
    ///   - now: the driver's clock, in seconds.
    /// - Throws: ``SyncError/Code/identity`` when the node's key cannot start a handshake.
    public init(
        role: NoiseHandshake.Role, node: Node, configuration: SyncConfiguration = SyncConfiguration(),
        expectedPeer: NodeID? = nil, redemption: String? = nil, now: Double
    ) throws {
        try self.init(
            role: role, replica: node, configuration: configuration, expectedPeer: expectedPeer, redemption: redemption,
            now: now)
    }

    /// A session over any replica (a unit test's double).
    package init(
        role: NoiseHandshake.Role, replica: any SyncReplica, configuration: SyncConfiguration = SyncConfiguration(),
        expectedPeer: NodeID? = nil, redemption: String? = nil, now: Double
    ) throws {
        self.role = role
        self.replica = replica
        self.configuration = configuration
        self.expectedPeer = expectedPeer
        self.redemption = redemption
        quotaLedger = configuration.quotaLedger ?? QuotaLedger()
        do {
            phase = .handshake(
                try NodeHandshake(role: role, prologue: ProtocolVersion.prologue, node: replica.sessionIdentity),
                version: 0)
        } catch {
            throw SyncError(.identity, "cannot start a handshake: \(error.message)", underlying: error)
        }
        startedAt = now
        lastSent = now
        lastHeard = now
    }

    /// Per space the peer asked for, what it holds as far as this side knows (its vector from its want,
    /// plus what was sent to it or received from it since).
    public var peerVectors: [SpaceID: VersionVector] { outbound.mapValues(\.peerVector) }

    /// Whether the session has ended (a close action was returned).
    public var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Whether everything each side held when it asked has crossed: every want of this side was answered
    /// with everything, every want of the peer was served and acknowledged, and no chain or admission is
    /// outstanding — and at least one space is shared (an invitee just admitted is not done: the space
    /// is still on its way). `placesync sync --once` ends a session here.
    public var isSynced: Bool {
        guard case .open = phase, helloReceived, !awaitingAdmission, chainsRequested.isEmpty, deferredWants.isEmpty,
            !(inbound.isEmpty && outbound.isEmpty)
        else { return false }
        return inbound.values.allSatisfy { $0 } && outbound.values.allSatisfy(\.sentSynced)
            && lastAcked + 1 == nextBatch
    }

    /// Starts the handshake (the initiator writes message 1; the responder waits).
    public mutating func start(now: Double) -> [SyncSessionAction] {
        guard role == .initiator, case .handshake(var handshake, _) = phase else { return [] }
        do {
            let message = try handshake.writeMessage(payload: ProtocolVersion.offer())
            phase = .handshake(handshake, version: 0)
            outbox += FrameDecoder.frame(message)
        } catch {
            fail(.internalError, "cannot write the first handshake message: \(error.message)")
        }
        return flush(now: now)
    }

    /// Feeds bytes read from the stream.
    public mutating func receive(_ bytes: some Collection<UInt8>, now: Double) -> [SyncSessionAction] {
        guard !isClosed else { return [] }
        lastHeard = now
        frames.append(bytes)
        while !isClosed {
            let frame: [UInt8]?
            do {
                frame = try frames.nextFrame()
            } catch {
                fail(.protocolViolation, error.message)
                break
            }
            guard let frame else { break }
            switch phase {
            case .handshake(let handshake, let version): handshakeFrame(frame, handshake: handshake, version: version)
            case .open: transportFrame(frame)
            case .closed: break
            }
        }
        return flush(now: now)
    }

    /// Tells the session the time: it sends heartbeats and closes a dead link or a handshake that took
    /// too long. Call it every second or so.
    public mutating func tick(now: Double) -> [SyncSessionAction] {
        guard !isClosed else { return [] }
        switch phase {
        case .handshake:
            if now - startedAt > configuration.handshakeTimeout {
                finish(error: SyncSessionError(code: .timeout, message: "the handshake did not complete in time"))
            }
        case .open:
            if !helloReceived, now - startedAt > configuration.handshakeTimeout {
                fail(.timeout, "no hello from the peer in time")
            } else if now - lastHeard > configuration.deadAfter {
                fail(.timeout, "nothing heard from the peer for \(Int(now - lastHeard)) s")
            } else if now - lastSent >= configuration.heartbeatInterval {
                send(.ping)
            }
        case .closed: break
        }
        return flush(now: now)
    }

    /// Tells the session that the replica has new envelopes (written here, by another process, or
    /// received from another peer): it pushes what the peer lacks.
    public mutating func localChanges(now: Double) -> [SyncSessionAction] {
        guard case .open = phase, helloReceived else { return [] }
        for space in outbound.keys { outbound[space]?.hasMore = true }
        pump()
        return flush(now: now)
    }

    /// Leaves the session cleanly: says bye and closes.
    public mutating func leave(now: Double) -> [SyncSessionAction] {
        guard !isClosed else { return [] }
        if case .open = phase { send(.bye) }
        finish(error: nil)
        return flush(now: now)
    }

    // MARK: Output

    mutating func flush(now: Double) -> [SyncSessionAction] {
        var result: [SyncSessionAction] = []
        if !outbox.isEmpty {
            result.append(.write(outbox))
            outbox = []
            lastSent = now
        }
        result += actions
        actions = []
        // A close must come after the bytes it follows.
        if let index = result.firstIndex(where: { if case .close = $0 { true } else { false } }),
            index != result.count - 1
        {
            let close = result.remove(at: index)
            result.append(close)
        }
        return result
    }

    /// Encrypts and frames a message into the outbox.
    mutating func send(_ message: SyncMessage) {
        guard case .open = phase, var cipher = transport?.send else { return }
        do {
            // A test double of a hostile peer rewrites what it sends here (never set in the product).
            for message in configuration.rewriteOutgoing?(message) ?? [message] {
                for part in MessageFragments.split(message.encoded()) {
                    outbox += FrameDecoder.frame(try cipher.encrypt(part))
                }
            }
            transport?.send = cipher
        } catch {
            finish(error: SyncSessionError(code: .internalError, message: "cannot encrypt: \(error)"))
        }
    }

    /// Sends an error to the peer and closes.
    mutating func fail(_ code: SyncErrorCode, _ message: String) {
        if case .open = phase {
            // The peer gets a fixed text for this side's own failures (their detail can name local files
            // or SQLite's words); the detail stays in this side's log.
            let told = code == .internalError ? "internal error on the other side; its log has the details" : message
            send(.error(code: code, message: told.truncated(toUTF8Bytes: SyncMessage.maxErrorMessageBytes)))
        }
        finish(error: SyncSessionError(code: code, message: message))
    }

    mutating func finish(error: SyncSessionError?) {
        guard !isClosed else { return }
        phase = .closed
        actions.append(.close(error: error))
    }
}
