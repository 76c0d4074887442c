public import PlaceCRDT
public import PlaceCrypto
internal import PlaceWire

/// One sync connection with one peer, as a state machine: bytes and clock ticks go in, bytes to write,
/// events and a close come out (`Protocol/PROTOCOL.md`). It owns no socket and reads no clock — the
/// driver (``TCPSync``, or a test's in-memory pipe) feeds it — and it reaches the replica only
/// through a small seam (`SyncReplica`: the node, or a unit test's double): what the peer lacks is read
/// from it, what the peer sends is ingested into it.
///
/// The life of a session: Noise XX handshake (version negotiated inside it), then each side's hello
/// with the spaces the other may see and the vectors there; then each streams what the other lacks in
/// bounded, acknowledged batches (at most ``SyncConfiguration/window`` unacknowledged); then new
/// envelopes are pushed as ``localChanges(now:)`` reports them, until either side leaves.
///
/// Time is a `Duration` on the driver's clock, from any origin the driver keeps (``SyncClock`` does
/// this for a `Clock`); the session compares it with the configuration's intervals.
///
/// ```swift
/// var session = try SyncSession(role: .initiator, node: node, now: clock.now())
/// perform(session.start(now: clock.now()))
/// for await bytes in stream { perform(session.receive(bytes, now: clock.now())) }
/// // perform: write `.write`, log `.event`, close on `.close`, and for `.ingest(request)`:
/// //   session.ingested(Result { try node.ingest(request.envelopes, in: request.space) }, now: clock.now())
/// ```
public struct SyncSession: Sendable {
    /// Which side opened the connection.
    public let role: NoiseHandshake.Role
    /// What the session reads and writes: the node's replica (or a test's double).
    let replica: any SyncReplica
    let configuration: SyncConfiguration
    let expectedPeer: NodeID?
    let redemption: String?
    /// Where this session counts authors' rates (the configuration's shared ledger, or its own).
    let quotaLedger: QuotaLedger
    let startedAt: Duration

    /// Where the session is; what each phase knows lives in it and nowhere else.
    var phase: Phase
    var frames = FrameDecoder()
    var outbox: [UInt8] = []
    var actions: [SyncSessionAction] = []
    var lastSent: Duration
    var lastHeard: Duration

    enum Phase: Sendable {
        /// The Noise handshake, with the version chosen so far (0 until message 1 or 2 has named one).
        case handshake(NodeHandshake, version: UInt16)
        /// The peer is proven: the exchange of spaces.
        case open(SyncExchange)
        /// Ended: who the peer was, if proven, and what it held as far as this side knew.
        case closed(peer: NodeID?, peerVectors: [SpaceID: VersionVector])
    }

    /// Prepares a session as `node`.
    /// - Parameters:
    ///   - role: `.initiator` for the side that dialled.
    ///   - node: the node whose replica the session syncs, and whose key its handshake proves.
    ///   - configuration: pacing, trust and quotas.
    ///   - expectedPeer: when set, a peer proving any other node key is refused (a pinned hub, say).
    ///   - redemption: an invite redemption (``Node/redeemInvite(_:)-4k0fy``) to present in the hello: the one
    ///     thing a node that is not yet a member of any shared space may bring.
    ///   - now: the driver's clock.
    /// - Throws: ``SyncError/Code/identity`` when the node's key cannot start a handshake.
    public init(
        role: NoiseHandshake.Role, node: Node, configuration: SyncConfiguration = SyncConfiguration(),
        expectedPeer: NodeID? = nil, redemption: String? = nil, now: Duration
    ) throws {
        try self.init(
            role: role, replica: node, configuration: configuration, expectedPeer: expectedPeer, redemption: redemption,
            now: now)
    }

    /// A session over any replica (a unit test's double).
    package init(
        role: NoiseHandshake.Role, replica: any SyncReplica, configuration: SyncConfiguration = SyncConfiguration(),
        expectedPeer: NodeID? = nil, redemption: String? = nil, now: Duration
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

    /// The peer, once its node key is proven.
    public var peer: NodeID? {
        switch phase {
        case .handshake: nil
        case .open(let exchange): exchange.peer
        case .closed(let peer, _): peer
        }
    }

    /// Per space the peer asked for, what it holds as far as this side knows (its vector from its want,
    /// plus what was sent to it or received from it since).
    public var peerVectors: [SpaceID: VersionVector] {
        switch phase {
        case .handshake: [:]
        case .open(let exchange): exchange.peerVectors
        case .closed(_, let vectors): vectors
        }
    }

    /// Whether the session has ended (a close action was returned).
    public var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Whether everything each side held when it asked has crossed: every want of this side was answered
    /// with everything, every want of the peer was served and acknowledged, no chain, admission or
    /// ingest is outstanding — and at least one space is shared (an invitee just admitted is not done:
    /// the space is still on its way). `placesync sync --once` ends a session here.
    public var isSynced: Bool {
        guard case .open(let exchange) = phase else { return false }
        return exchange.isSynced
    }

    /// Starts the handshake (the initiator writes message 1; the responder waits).
    public mutating func start(now: Duration) -> [SyncSessionAction] {
        guard role == .initiator, case .handshake(var handshake, _) = phase else { return [] }
        do {
            let message = try handshake.writeMessage(payload: ProtocolVersion.offer())
            phase = .handshake(handshake, version: 0)
            outbox += FrameDecoder.frame(message)
        } catch {
            finish(
                error: SyncSessionError(
                    code: .internalError, message: "cannot write the first handshake message: \(error.message)"))
        }
        return flush(now: now)
    }

    /// Feeds bytes read from the stream.
    public mutating func receive(_ bytes: some Collection<UInt8>, now: Duration) -> [SyncSessionAction] {
        guard !isClosed else { return [] }
        lastHeard = now
        frames.append(bytes)
        readFrames(now: now)
        return flush(now: now)
    }

    /// The result of the batch handed out by ``SyncSessionAction/ingest(_:)``: the session acknowledges
    /// it and reads on.
    public mutating func ingested(_ result: Result<IngestReport, any Error>, now: Duration) -> [SyncSessionAction] {
        guard !isClosed else { return [] }
        withExchange(now: now) { $0.ingested(result) }
        readFrames(now: now)
        return flush(now: now)
    }

    /// Takes in a batch the session handed out, on the calling thread, and continues (a driver with no
    /// lock to keep free: a test's in-memory pipe).
    package mutating func ingestHere(_ request: SyncIngestRequest, now: Duration) -> [SyncSessionAction] {
        let replica = replica
        return ingested(
            Result { try replica.ingest(request.envelopes, in: request.space, source: request.source) }, now: now)
    }

    /// Tells the session the time: it sends heartbeats and closes a dead link or a handshake that took
    /// too long. Call it every second or so.
    public mutating func tick(now: Duration) -> [SyncSessionAction] {
        switch phase {
        case .handshake:
            if now - startedAt > configuration.handshakeTimeout {
                finish(error: SyncSessionError(code: .timeout, message: "the handshake did not complete in time"))
            }
        case .open(let exchange):
            if !exchange.helloReceived, now - startedAt > configuration.handshakeTimeout {
                withExchange(now: now) { $0.fail(.timeout, "no hello from the peer in time") }
            } else if exchange.ingesting == nil, now - lastHeard > configuration.deadAfter {
                // (While a batch is taken in, nothing is read: silence then is this side's, not the peer's.)
                let silence = (now - lastHeard).components.seconds
                withExchange(now: now) { $0.fail(.timeout, "nothing heard from the peer for \(silence) s") }
            } else {
                // A check for newly shared spaces that a burst of changes put off.
                if exchange.shareCheckDue { withExchange(now: now) { $0.offerNewlySharedSpaces(now: now) } }
                withExchange(now: now) { $0.gossipAttestations(now: now) }
                if now - lastSent >= configuration.heartbeatInterval { withExchange(now: now) { $0.send(.ping) } }
            }
        case .closed: return []
        }
        return flush(now: now)
    }

    /// Tells the session that the replica has new envelopes (written here, by another process, or
    /// received from another peer): it pushes what the peer lacks.
    public mutating func localChanges(now: Duration) -> [SyncSessionAction] {
        guard case .open(let exchange) = phase, exchange.helloReceived else { return [] }
        withExchange(now: now) { exchange in
            for space in exchange.outbound.keys {
                exchange.outbound[space]?.hasMore = true
                // A checkpoint made meanwhile is offered (to a relay that lacks it, say).
                if exchange.outbound[space]?.checkpointAwaiting == nil {
                    exchange.outbound[space]?.checkpointConsidered = false
                }
            }
            exchange.pump()
            exchange.shareCheckDue = true
            exchange.offerNewlySharedSpaces(now: now)
        }
        return flush(now: now)
    }

    /// Leaves the session cleanly: says bye and closes.
    public mutating func leave(now: Duration) -> [SyncSessionAction] {
        guard !isClosed else { return [] }
        if case .open = phase {
            withExchange(now: now) { exchange in
                exchange.send(.bye)
                exchange.finish(error: nil)
            }
        } else {
            finish(error: nil)
        }
        return flush(now: now)
    }

    // MARK: Steps

    /// Handles the frames received so far, until the session closes or waits for an ingest.
    mutating func readFrames(now: Duration) {
        while true {
            if case .open(let exchange) = phase, exchange.ingesting != nil { return }
            let frame: [UInt8]?
            do {
                frame = try frames.nextFrame()
            } catch {
                if case .open = phase {
                    withExchange(now: now) { $0.fail(.protocolViolation, error.message) }
                } else {
                    finish(error: SyncSessionError(code: .protocolViolation, message: error.message))
                }
                return
            }
            guard let frame else { return }
            switch phase {
            case .handshake(let handshake, let version):
                handshakeFrame(frame, handshake: handshake, version: version, now: now)
            case .open: withExchange(now: now) { $0.transportFrame(frame) }
            case .closed: return
            }
        }
    }

    /// Runs one step of the open exchange in place, then takes what it wrote and reported, and closes
    /// the session if the exchange ended.
    mutating func withExchange(now: Duration, _ step: (inout SyncExchange) -> Void) {
        guard case .open(var exchange) = phase else { return }
        // The phase lets go of the exchange while it runs, so its collections are changed in place.
        phase = .closed(peer: exchange.peer, peerVectors: [:])
        exchange.now = now
        step(&exchange)
        outbox += exchange.outbox
        actions += exchange.actions
        exchange.outbox = []
        exchange.actions = []
        if let ending = exchange.ending {
            phase = .closed(peer: exchange.peer, peerVectors: exchange.peerVectors)
            actions.append(.close(error: ending))
        } else {
            phase = .open(exchange)
        }
    }

    // MARK: Output

    mutating func flush(now: Duration) -> [SyncSessionAction] {
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

    /// Ends the session before the exchange (a handshake failure or timeout, a leave): no error is sent,
    /// as there is no channel to send it on.
    mutating func finish(error: SyncSessionError?) {
        guard !isClosed else { return }
        phase = .closed(peer: nil, peerVectors: [:])
        actions.append(.close(error: error))
    }
}
