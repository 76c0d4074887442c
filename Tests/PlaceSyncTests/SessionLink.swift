import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers

/// Two sync sessions joined by an in-memory pipe, driven by a manual clock: bytes one side writes are
/// delivered to the other (optionally in pieces, or cut off after a budget), until nothing moves.
struct SessionLink {
    var a: SyncSession
    var b: SyncSession
    var now: Duration = .seconds(1_000)
    /// Events each side reported, in order.
    var eventsA: [SyncSessionEvent] = []
    var eventsB: [SyncSessionEvent] = []
    /// How each side closed (nil inside: a clean close).
    var closedA: SyncSessionError??
    var closedB: SyncSessionError??
    /// Deliver at most this many bytes in one piece (1: a byte at a time).
    var pieceSize = Int.max
    /// Stop delivering after this many bytes in all (the link is cut).
    var byteBudget = Int.max
    var delivered = 0
    /// When set, batches the responder hands out to take in are kept in ``heldByB`` instead of being
    /// taken in at once (an ingest that takes a while).
    var holdResponderIngests = false
    var heldByB: [SyncIngestRequest] = []
    /// Every byte the initiator wrote, for replay tests.
    var writtenByA: [UInt8] = []
    private var toBQueue: [UInt8] = []
    private var toAQueue: [UInt8] = []

    /// - Parameter trusting: nodes both sides trust as admins that may put them in a space and as peers
    ///   to ask for chains (what an operator configures: the space's admins, the practice's hub).
    init(
        trusting: Set<NodeID> = [], _ initiator: Node, _ responder: Node,
        configuration: SyncConfiguration = SyncConfiguration(), redemption: String? = nil,
        responderConfiguration: SyncConfiguration? = nil, now: Duration = .seconds(1_000)
    ) throws {
        self.now = now
        var initiatorSide = configuration
        var responderSide = responderConfiguration ?? configuration
        for side in [\SyncConfiguration.trustedAdmins, \SyncConfiguration.trustedPeers] {
            initiatorSide[keyPath: side].formUnion(trusting)
            responderSide[keyPath: side].formUnion(trusting)
        }
        a = try SyncSession(
            role: .initiator, node: initiator, configuration: initiatorSide, redemption: redemption, now: now)
        b = try SyncSession(role: .responder, node: responder, configuration: responderSide, now: now)
    }

    /// Two sessions made elsewhere (over a replica double, say).
    init(_ initiator: SyncSession, _ responder: SyncSession, now: Duration = .seconds(1_000)) {
        self.now = now
        a = initiator
        b = responder
    }

    /// Runs the handshake and everything after it until no bytes move.
    mutating func run() {
        absorb(a.start(now: now), fromA: true)
        pump()
    }

    /// Delivers queued bytes until both pipes are empty or the budget is spent.
    mutating func pump() {
        while (!toAQueue.isEmpty || !toBQueue.isEmpty) && delivered < byteBudget {
            if !toBQueue.isEmpty {
                let piece = takePiece(toB: true)
                absorb(b.receive(piece, now: now), fromA: false)
            }
            if !toAQueue.isEmpty, delivered < byteBudget {
                let piece = takePiece(toB: false)
                absorb(a.receive(piece, now: now), fromA: true)
            }
        }
    }

    /// Tells both sides that their replicas changed, then pumps.
    mutating func localChanges() {
        absorb(a.localChanges(now: now), fromA: true)
        absorb(b.localChanges(now: now), fromA: false)
        pump()
    }

    /// Advances the clock and ticks both sides (delivering nothing unless `deliver`).
    mutating func advance(by seconds: Double, deliver: Bool = true) {
        now += .seconds(seconds)
        absorb(a.tick(now: now), fromA: true)
        absorb(b.tick(now: now), fromA: false)
        if deliver { pump() }
    }

    /// Takes in the batches the responder was holding, then pumps.
    mutating func releaseResponderIngests() {
        holdResponderIngests = false
        let held = heldByB
        heldByB = []
        for request in held { absorb(b.ingestHere(request, now: now), fromA: false) }
        pump()
    }

    private mutating func takePiece(toB: Bool) -> [UInt8] {
        let queue = toB ? toBQueue : toAQueue
        let count = min(pieceSize, queue.count, byteBudget - delivered)
        let piece = Array(queue.prefix(count))
        if toB { toBQueue.removeFirst(count) } else { toAQueue.removeFirst(count) }
        delivered += count
        return piece
    }

    private mutating func absorb(_ actions: [SyncSessionAction], fromA: Bool) {
        for action in actions {
            switch action {
            case .write(let bytes):
                if fromA {
                    writtenByA += bytes
                    if closedB == nil { toBQueue += bytes }
                } else if closedA == nil {
                    toAQueue += bytes
                }
            case .event(let event):
                if fromA { eventsA.append(event) } else { eventsB.append(event) }
            case .close(let error):
                if fromA { closedA = .some(error) } else { closedB = .some(error) }
            case .ingest(let request):
                if fromA {
                    absorb(a.ingestHere(request, now: now), fromA: true)
                } else if holdResponderIngests {
                    heldByB.append(request)
                } else {
                    absorb(b.ingestHere(request, now: now), fromA: false)
                }
            }
        }
    }
}
