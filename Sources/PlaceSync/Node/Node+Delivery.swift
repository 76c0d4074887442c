internal import Foundation
public import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
public import PlaceWire

/// What the members' signed head attestations say about a space (``Node/delivery(of:)``): who holds
/// what (delivery receipts), how far each member lags, and envelopes others hold that have not reached
/// this node although it was in contact with its peers — possibly withheld by a path (RELIABILITY.md T2).
public struct DeliveryReport: Sendable {
    /// One member's latest attestation, compared with this replica.
    public struct Attested: Sendable, Equatable {
        /// The attesting node.
        public var node: NodeID
        /// Its role in the space.
        public var role: MemberRole
        /// When it signed (its own clock, seconds since 1970) and when this node received it.
        public var issuedAt: Double
        public var receivedAt: Double
        /// What it held.
        public var vector: VersionVector
        /// Envelopes this replica holds that it lacked when it attested.
        public var lacks: UInt64
        /// Envelopes it held that this replica lacks.
        public var ahead: UInt64
    }

    /// Envelopes of one author that members attest to holding and this node lacks.
    public struct Gap: Sendable, Equatable {
        /// Whose envelopes.
        public var author: NodeID
        /// The highest seq of the author this replica holds.
        public var held: UInt64
        /// The highest seq some member attests to holding.
        public var attested: UInt64
        /// The members attesting beyond ``held``.
        public var attestedBy: [NodeID]
        /// When this node first saw the gap (seconds since 1970).
        public var since: Double
        /// Whether it counts as possibly withheld: open past the policy's grace while this node was in
        /// contact with peers.
        public var suspected: Bool
        /// What each peer last said it holds of the author (peer-status key and seq): a peer claiming
        /// more than it sent, or less than others attest, is the path to look at.
        public var peerClaims: [PeerClaim]
    }

    /// A peer caught keeping envelopes from this node: in a session it claimed to hold less of an author
    /// than it had attested (signed) before the session began.
    public struct Withheld: Sendable, Equatable {
        /// The peer.
        public var peer: NodeID
        /// Whose envelopes.
        public var author: NodeID
        /// The seq it attested to holding, and the seq it claimed in the session.
        public var attested: UInt64
        public var claimed: UInt64
        /// When it was caught (seconds since 1970).
        public var at: Double
    }

    /// What a peer last said it held of one author.
    public struct PeerClaim: Sendable, Equatable {
        public var peer: String
        public var holds: UInt64
    }

    /// The space.
    public var space: SpaceID
    /// Current members other than this node.
    public var otherMembers: Int
    /// Their latest attestations (members that never attested are missing).
    public var attestations: [Attested]
    /// Open gaps, the suspected ones first.
    public var gaps: [Gap]
    /// Peers caught withholding, newest first.
    public var withheld: [Withheld]

    /// The other members whose latest attestation shows they hold envelope `seq` of `author`.
    public func holders(of author: ActorID, seq: UInt64) -> [NodeID] {
        attestations.filter { $0.vector[author] >= seq }.map(\.node)
    }

    /// The gaps counted as possibly withheld.
    public var suspectedWithholding: [Gap] { gaps.filter(\.suspected) }
}

extension Node {
    /// What the members' attestations of `space` say: who holds what, each member's lag, and envelopes
    /// others hold that have not reached this node (a possible withholding once open past
    /// ``AttestationPolicy/withholdingGrace`` while this node was in contact with a peer).
    public func delivery(of space: SpaceID) throws -> DeliveryReport {
        guard try holds(space) else { throw SyncError(.unknownSpace, "this replica does not hold space \(space)") }
        let membership = try self.membership(of: space)
        let now = configuration.now()
        let grace = Self.seconds(configuration.attestations.withholdingGrace)
        let (kept, gaps, held, peerVectors, peers, evidence) = try Self.storageCall {
            try store.read { tx in
                let keys = try tx.peerStatuses()
                let vectors = try keys.compactMap { stored -> (String, VersionVector)? in
                    guard stored.direction != PeerDirection.bundle.rawValue,
                        let vector = try tx.peerVectors(key: stored.key).first(where: { $0.space == space })?.vector
                    else { return nil }
                    return (stored.key, vector)
                }
                return (
                    try tx.attestations(space: space), try tx.gaps(space: space), try tx.version(space: space),
                    vectors, keys, try tx.withholdingEvidence(space: space)
                )
            }
        }
        var attested: [DeliveryReport.Attested] = []
        for stored in kept where stored.attester != nodeID.publicKey {
            guard let actor = ActorID(bytes: stored.attester), let role = membership.role(of: actor),
                let attestation = try? HeadAttestation(decoding: stored.bytes)
            else { continue }
            let (lacks, ahead) = Self.difference(held, attestation.vector)
            attested.append(
                DeliveryReport.Attested(
                    node: attestation.attester, role: role, issuedAt: Double(attestation.issuedAt),
                    receivedAt: stored.receivedAt, vector: attestation.vector, lacks: lacks, ahead: ahead))
        }
        attested.sort { $0.node.publicKey.lexicographicallyPrecedes($1.node.publicKey) }
        // In contact with a peer by a connection (bundles do not count: they come when they come).
        let contacts = peers.filter { $0.direction != PeerDirection.bundle.rawValue }
        var open: [DeliveryReport.Gap] = []
        for gap in gaps where gap.seq > held[gap.author] {
            guard let author = try? NodeID(publicKey: gap.author.bytes) else { continue }
            let by = attested.filter { $0.vector[gap.author] > held[gap.author] }.map(\.node)
            guard !by.isEmpty else { continue }
            let inContact = contacts.contains { $0.connected || ($0.lastContact ?? 0) >= gap.firstSeen + grace }
            open.append(
                DeliveryReport.Gap(
                    author: author, held: held[gap.author], attested: gap.seq, attestedBy: by, since: gap.firstSeen,
                    suspected: now - gap.firstSeen >= grace && inContact,
                    peerClaims: peerVectors.map { DeliveryReport.PeerClaim(peer: $0.0, holds: $0.1[gap.author]) }))
        }
        open.sort { ($0.suspected ? 0 : 1, $0.since) < ($1.suspected ? 0 : 1, $1.since) }
        let others = membership.roles.keys.filter { $0.bytes != nodeID.publicKey }.count
        let withheld = evidence.compactMap { stored -> DeliveryReport.Withheld? in
            guard let peer = try? NodeID(publicKey: stored.peer),
                let author = try? NodeID(publicKey: stored.author.bytes)
            else { return nil }
            return DeliveryReport.Withheld(
                peer: peer, author: author, attested: stored.attested, claimed: stored.claimed, at: stored.at)
        }
        return DeliveryReport(
            space: space, otherMembers: others, attestations: attested, gaps: open, withheld: withheld)
    }

    /// Envelopes `ours` holds beyond `theirs`, and the reverse.
    static func difference(_ ours: VersionVector, _ theirs: VersionVector) -> (lacks: UInt64, ahead: UInt64) {
        var lacks: UInt64 = 0
        var ahead: UInt64 = 0
        for actor in Set(ours.actors).union(theirs.actors) {
            let (mine, their) = (ours[actor], theirs[actor])
            if mine > their { lacks += mine - their } else { ahead += their - mine }
        }
        return (lacks, ahead)
    }

    /// Per author who wrote `document`, its latest change there and the other members whose latest
    /// attestation shows they hold it: "has my edit to this note reached the others?".
    public func documentReceipts(in space: SpaceID, document: DocumentID) throws -> [DocumentReceipt] {
        let report = try delivery(of: space)
        let latest = try Self.storageCall {
            try store.read { tx in try tx.latestChanges(space: space, document: document) }
        }
        return latest.compactMap { change in
            guard let author = try? NodeID(publicKey: change.author.bytes) else { return nil }
            return DocumentReceipt(
                author: author, seq: change.seq, holders: report.holders(of: change.author, seq: change.seq),
                otherMembers: report.otherMembers)
        }.sorted { $0.author.publicKey.lexicographicallyPrecedes($1.author.publicKey) }
    }
}

/// One author's latest change to a document, and who holds it by the members' attestations.
public struct DocumentReceipt: Sendable, Equatable {
    /// The author, and the seq of its latest envelope that edits the document.
    public var author: NodeID
    public var seq: UInt64
    /// The other members (than this node) whose latest attestation shows they hold it.
    public var holders: [NodeID]
    /// How many other members the space has.
    public var otherMembers: Int
}
