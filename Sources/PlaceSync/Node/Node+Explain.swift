internal import Foundation
public import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore

/// Why a space is not (yet) in sync here, from what the replica knows: its peers, the envelopes waiting
/// for others, the recent refusals, and the content key it lacks (``Node/explain(_:document:)``).
public struct SyncExplanation: Sendable {
    /// An envelope this node lacks that others wait for, and who has it by their last report.
    public struct Waiting: Sendable, Equatable {
        /// The author and seq lacked (`nil` author: a content key of epoch `seq`).
        public var author: NodeID?
        public var seq: UInt64
        /// How many envelopes wait for it.
        public var envelopes: Int
        /// Peers whose last session or bundle showed they hold it (peer-status keys).
        public var heldBy: [String]
    }

    /// An envelope ingest refused here.
    public struct Refusal: Sendable, Equatable {
        /// Its author and seq, when the bytes were an envelope at all.
        public var author: NodeID?
        public var seq: UInt64?
        /// Why, in words.
        public var reason: String
        /// Where it came from (`peer:<node id>`, `bundle:<node id>`, or empty).
        public var source: String
        /// When (seconds since 1970).
        public var at: Double
    }

    /// The space explained.
    public var space: SpaceID
    /// What to tell the user, most pressing first, in plain sentences.
    public var sentences: [String]
    /// Every peer this node has records of, with how far each side lags in this space.
    public var peers: [PeerStatus]
    /// What waiting envelopes wait for.
    public var waiting: [Waiting]
    /// The latest refusals in this space, newest first.
    public var refusals: [Refusal]
    /// The epoch whose content key this node has not received, if any, and the admins who can send it.
    public var missingKeyEpoch: UInt64?
    public var keyFrom: [NodeID]
    /// What the members' signed head attestations say: who holds what, gaps, peers caught withholding.
    public var delivery: DeliveryReport
}

extension Node {
    /// Says why `space` is not in sync here — for each peer, connected or not, since when, its last
    /// error and what each side lacks; what waiting envelopes wait for and who has it; recent refusals
    /// and why; a content key not yet received and from whom it should come — in plain sentences
    /// (``SyncExplanation/sentences``) and as data.
    /// With `document`, it starts with that document's receipts: each author's latest change to it and
    /// how many other members hold it.
    public func explain(_ space: SpaceID, document: DocumentID? = nil) throws -> SyncExplanation {
        guard try holds(space) else { throw SyncError(.unknownSpace, "this replica does not hold space \(space)") }
        let status = try self.status(of: space)
        let membership = try self.membership(of: space)
        let now = configuration.now()
        let (waits, refusals, vectors) = try Self.storageCall {
            try store.read { tx in
                let keys = try tx.peerStatuses().map(\.key)
                let vectors = try keys.map { key in
                    (key, try tx.peerVectors(key: key).first { $0.space == space }?.vector)
                }
                return (try tx.pendingWaits(space: space), try tx.refusals(space: space), vectors)
            }
        }
        let peers = try peerStatuses()
        let delivery = try self.delivery(of: space)
        // What is withheld or missing by the attestations comes first: it is what nothing else shows.
        var sentences = Self.withholdingSentences(delivery, now: now)

        // The content key.
        var keyFrom: [NodeID] = []
        if !status.hasKey, let epoch = status.epoch, let role = status.role, role != .relay {
            let starter = membership.starter(ofEpoch: epoch)
            let admins = membership.roles.filter { $0.value == .admin }.map(\.key).sorted()
            keyFrom = (starter.map { [$0] } ?? admins).compactMap { try? NodeID(publicKey: $0.bytes) }
            sentences.append(
                "This node has not received the key for epoch \(epoch) of this space, so it can neither read nor write the latest changes: "
                    + "\(keyFrom.map { "\($0)" }.joined(separator: ", ")) sends it when it next syncs with this node or with a hub both use."
            )
        }

        // Waiting envelopes.
        var waiting: [SyncExplanation.Waiting] = []
        for wait in waits {
            let seq = wait.seq ?? 0
            let isKey = wait.author.map { $0.allSatisfy { $0 == 0 } } ?? false
            let author = isKey ? nil : wait.author.flatMap { try? NodeID(publicKey: $0) }
            let actor = author.flatMap { ActorID(bytes: $0.publicKey) }
            let reported = actor.map { actor in vectors.filter { ($0.1?[actor] ?? 0) >= seq }.map(\.0) } ?? []
            let attested = actor.map { delivery.holders(of: $0, seq: seq).map { "\($0) (attested)" } } ?? []
            let heldBy = reported + attested
            waiting.append(SyncExplanation.Waiting(author: author, seq: seq, envelopes: wait.count, heldBy: heldBy))
            let what: String
            if isKey {
                what = "the content key of epoch \(seq)"
            } else if let author {
                what = "envelope #\(seq) by \(author), which this node has not received"
            } else {
                what = "an earlier envelope (not recorded which)"
            }
            let holders =
                heldBy.isEmpty
                ? "no peer has reported holding it yet" : "\(heldBy.joined(separator: ", ")) reported holding it"
            sentences.append(
                "\(wait.count) envelope\(wait.count == 1 ? "" : "s") wait\(wait.count == 1 ? "s" : "") for \(what); \(holders)."
            )
        }

        // Peers.
        for peer in peers {
            let lag = peer.spaces.first { $0.space == space }
            let lags =
                lag.map {
                    "; it lacks \($0.peerLacks) of this space's envelopes here, this node lacks \($0.weLack) of its"
                } ?? ""
            if peer.direction == .bundle, let contact = peer.lastContact {
                sentences.append(
                    "Last bundle imported from \(peer.key.dropFirst("bundle:".count)) \(Self.ago(now - contact)) ago\(lags)."
                )
            } else if peer.connected {
                sentences.append("Connected to \(peer.key)\(lags).")
            } else if let contact = peer.lastContact {
                let error = peer.lastError.map { "; last error: \($0)" } ?? ""
                sentences.append(
                    "Not connected to \(peer.key) (last contact \(Self.ago(now - contact)) ago)\(error)\(lags).")
            } else {
                sentences.append("Never reached \(peer.key)\(peer.lastError.map { ": \($0)" } ?? ".")")
            }
        }

        // Refusals.
        let refused = refusals.map { stored in
            SyncExplanation.Refusal(
                author: stored.author.flatMap { try? NodeID(publicKey: $0.bytes) }, seq: stored.seq,
                reason: stored.reason, source: stored.source, at: stored.at)
        }
        for refusal in refused.prefix(10) {
            let which =
                refusal.author.map { "envelope #\(refusal.seq ?? 0) by \($0)" } ?? "something that was no envelope"
            let from = refusal.source.isEmpty ? "" : " from \(refusal.source)"
            sentences.append("Refused \(which)\(from) \(Self.ago(now - refusal.at)) ago: \(refusal.reason).")
        }
        sentences += Self.receiptSentences(delivery, own: actor, held: try version(of: space), now: now)
        if let document {
            let receipts = try documentReceipts(in: space, document: document)
            let lines =
                receipts.isEmpty
                ? ["This node holds no change to document \(document) in this space."]
                : receipts.map { receipt in
                    let who = receipt.author == nodeID ? "this node's" : "\(receipt.author)'s"
                    return "Document \(document): \(who) latest change to it (#\(receipt.seq)) is held by "
                        + "\(receipt.holders.count) of the \(receipt.otherMembers) other members, by their attestations."
                }
            sentences = lines + sentences
        }
        if sentences.isEmpty {
            sentences.append("Nothing is waiting, refused or missing here, and no peer is recorded yet.")
        }
        return SyncExplanation(
            space: space, sentences: sentences, peers: peers, waiting: waiting, refusals: refused,
            missingKeyEpoch: keyFrom.isEmpty ? nil : status.epoch, keyFrom: keyFrom, delivery: delivery)
    }

    /// A duration in words: "40 s", "12 min", "3 h", "2 days".
    static func ago(_ seconds: Double) -> String {
        let seconds = max(0, seconds)
        if seconds < 120 { return "\(Int(seconds)) s" }
        if seconds < 7_200 { return "\(Int(seconds / 60)) min" }
        if seconds < 172_800 { return "\(Int(seconds / 3_600)) h" }
        return "\(Int(seconds / 86_400)) days"
    }
}
