public import PlaceCRDT
public import PlaceCrypto
package import PlaceWire
internal import Synchronization

/// How a sync session paces itself. The defaults suit practices on poor links and hubs with many peers.
public struct SyncConfiguration: Sendable {
    /// Sent in the hello, for the other side's logs (at most 64 bytes of UTF-8; longer is cut).
    public var agent = "placesync/0.1"
    /// How long a side may send nothing before it sends a heartbeat.
    public var heartbeatInterval: Duration = .seconds(10)
    /// How long a side may hear nothing before it takes the link for dead and closes it.
    public var deadAfter: Duration = .seconds(35)
    /// How long the Noise handshake and the hellos may take before the connection is dropped.
    public var handshakeTimeout: Duration = .seconds(15)
    /// The most envelope bytes in one batch (a batch always holds at least one envelope).
    public var batchBytes = 1 << 20
    /// The most envelopes in one batch.
    public var batchEnvelopes = 2_048
    /// Batches sent and not yet acknowledged, at most: the sender stops until acknowledgements come.
    public var window = 4
    /// Whether batches of envelopes (and attestations) that compress well are sent deflated to a peer
    /// that speaks protocol version 2. Headers and version vectors repeat from envelope to envelope and
    /// compress; sealed bodies do not, so a batch is deflated only when that saves a tenth of it. Off:
    /// a hub short of CPU, or a benchmark's baseline.
    public var deflateBatches = true
    /// Whether this side offers the checkpoint it keeps of a space (``Node/makeCheckpoint(of:)``) to a
    /// peer that speaks protocol version 3 and holds no content of the space yet, in place of the history
    /// below it (`Protocol/CHECKPOINT.md`). The peer decides whether to take it.
    public var offersCheckpoints = true

    /// How often a session passes on head attestations it has not sent the peer yet (the first time once
    /// both sides are in sync; `nil`: never, e.g. a relay that opts out).
    public var attestationGossipInterval: Duration? = .seconds(5)

    /// Node ids of admins this node trusts to put it in a space: a space it does not hold is taken on
    /// only from a chain that shows one of them as an admin (and this node as a member), asked of a peer
    /// that is one of them. A hub lists the admins it serves; empty: no space is taken on from a chain.
    public var trustedAdmins: Set<NodeID> = []
    /// Peers (beside the trusted admins) this node asks for the membership chain of a space it does not
    /// hold: its hubs, pinned by node id. Taking the space on still needs a trusted admin in the chain.
    public var trustedPeers: Set<NodeID> = []
    /// What becomes of a space a peer says this node belongs to, when that peer is no trusted admin:
    /// `true` (a practice) keeps it as an offer the user accepts or declines; `false` (a hub) refuses it.
    public var keepsOffers = true
    /// The most membership chains this side has asked for and not yet received, in one session; more
    /// wait their turn. (Chains are asked only of a peer for spaces this node holds, or of trusted admins
    /// and hubs: the number in a session is bounded by the spaces held and the peer's wants.)
    public var maxChainRequests = 8

    /// Per-author limits on what a peer may send (a hub sets them; nil: none).
    public var quota: AuthorQuota?
    /// Where the rate limits are counted. Share one ledger between all sessions of a hub (the daemon
    /// does), so that reconnecting does not reset an author's minute; nil: each session counts alone.
    public var quotaLedger: QuotaLedger?

    /// Tests only: rewrites each message this side sends (to drop, change, reorder, duplicate or add
    /// messages), so that a hostile peer can be played over the real protocol. `nil` in the product.
    package var rewriteOutgoing: (@Sendable (SyncMessage) -> [SyncMessage])?
    /// Tests only: `false` plays a sender of an older build, which does not send a new member's key wraps
    /// ahead of the log (so the receiver's asking again is what catches it up).
    package var sendsKeyWrapsAhead = true

    /// The defaults.
    public init() {}
}

/// What one author's envelopes may cost a hub. A peer that sends past a limit is disconnected with
/// `quotaExceeded` before the batch is stored, so one noisy member cannot fill a hub's disk or time.
public struct AuthorQuota: Sendable, Equatable {
    /// The most envelope bytes of one author through one session per minute.
    public var bytesPerMinute = 64 << 20
    /// The most envelopes of one author through one session per minute.
    public var envelopesPerMinute = 60_000
    /// The most envelope bytes the replica keeps per author and space.
    public var storedBytesPerAuthor = 1 << 30

    /// The defaults.
    public init() {}
}

/// Counts what each author sent in the current minute, across every session that shares it. Bounded:
/// past ``maxAuthors`` authors, windows that ended are dropped, then the oldest ones (a flood of fresh
/// keys cannot grow it; an author whose window is dropped starts a new one).
public final class QuotaLedger: Sendable {
    private let windows = Mutex<[ActorID: (start: Duration, bytes: Int, envelopes: Int)]>([:])
    /// The most authors the ledger remembers.
    public let maxAuthors: Int

    /// An empty ledger remembering at most `maxAuthors` authors.
    public init(maxAuthors: Int = 65_536) { self.maxAuthors = max(1, maxAuthors) }

    /// How many authors it remembers now.
    public var count: Int { windows.withLock { $0.count } }

    /// Adds `bytes` and `envelopes` of `author` at `now` (on one clock for every session that shares the
    /// ledger: ``SyncClock``); returns false when that goes past `quota`
    /// (the amounts are counted all the same: a peer that keeps sending stays refused for the minute).
    public func charge(author: ActorID, bytes: Int, envelopes: Int, now: Duration, quota: AuthorQuota) -> Bool {
        windows.withLock { windows in
            if windows[author] == nil, windows.count >= maxAuthors {
                Self.makeRoom(&windows, now: now, limit: maxAuthors)
            }
            var window = windows[author] ?? (start: now, bytes: 0, envelopes: 0)
            if now - window.start >= .seconds(60) { window = (start: now, bytes: 0, envelopes: 0) }
            window.bytes += bytes
            window.envelopes += envelopes
            windows[author] = window
            return window.bytes <= quota.bytesPerMinute && window.envelopes <= quota.envelopesPerMinute
        }
    }

    /// Drops ended windows, then the oldest, down to three quarters of `limit` (so the sweep is rare).
    private static func makeRoom(
        _ windows: inout [ActorID: (start: Duration, bytes: Int, envelopes: Int)], now: Duration, limit: Int
    ) {
        windows = windows.filter { now - $0.value.start < .seconds(60) }
        let target = limit * 3 / 4
        guard windows.count > target else { return }
        let oldest = windows.sorted { $0.value.start < $1.value.start }.prefix(windows.count - target)
        for (author, _) in oldest { windows[author] = nil }
    }
}
