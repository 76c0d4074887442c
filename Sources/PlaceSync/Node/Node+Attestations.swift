internal import Foundation
public import PlaceCRDT
internal import PlaceCrypto
package import PlaceStore
public import PlaceWire

/// What became of attestations a peer or a bundle brought (``Node/receiveAttestations(_:in:from:limitRate:)``).
public struct AttestationReceipt: Sendable, Equatable {
    /// Kept as their attesters' latest.
    public var stored = 0
    /// Already known, superseded, or sooner than the policy's minimum interval: dropped quietly.
    public var ignored = 0
    /// Refused, with why: not a member of the space, another space, a bad signature or encoding.
    public var refused: [String] = []
    /// The attester and sequence of every valid one (stored or not): a session does not send them back.
    public var seen: [[UInt8]: UInt64] = [:]

    /// An empty receipt.
    public init() {}
}

extension Node {
    /// Takes in signed head attestations of `space` from `source` (`peer:<id>` or `bundle:<id>`): each
    /// must be signed by a current member of the space in this replica's membership, and name `space`.
    /// An attester's statement is kept when it supersedes the one kept (a higher sequence) and came no
    /// sooner than ``AttestationPolicy/minimumInterval`` after it. Refusals go to the refusal log that
    /// ``explain(_:document:)`` reads. The gaps they show (envelopes attested elsewhere, lacked here) are recorded.
    /// A bundle's attestations skip the minimum interval (`limitRate: false`): bundles come by hand.
    @discardableResult
    public func receiveAttestations(
        _ attestations: [[UInt8]], in space: SpaceID, from source: String, limitRate: Bool = true
    ) throws -> AttestationReceipt {
        var receipt = AttestationReceipt()
        guard try holds(space) else {
            receipt.refused = attestations.map { _ in "an attestation of a space this replica does not hold" }
            return receipt
        }
        let membership = try self.membership(of: space)
        let now = configuration.now()
        let minimum = limitRate ? Self.seconds(configuration.attestations.minimumInterval) : 0
        var refusals: [StoredRefusal] = []
        var accepted: [HeadAttestation] = []
        for bytes in attestations.prefix(SyncMessage.maxAttestationsPerMessage) {
            let attestation: HeadAttestation
            do {
                attestation = try HeadAttestation(decoding: bytes)
            } catch {
                let reason = "an attestation that does not check: \(error.message)"
                receipt.refused.append(reason)
                refusals.append(StoredRefusal(author: nil, seq: nil, reason: reason, source: source, at: now))
                continue
            }
            let attester = ActorID(bytes: attestation.attester.publicKey)
            var reason: String?
            if attestation.space != space {
                reason = "an attestation of another space"
            } else if attestation.attester == nodeID {
                receipt.ignored += 1
                continue
            } else if attester.flatMap({ membership.role(of: $0) }) == nil {
                reason = "an attestation by \(attestation.attester), who is not a member of the space"
            }
            if let reason {
                receipt.refused.append(reason)
                refusals.append(StoredRefusal(author: attester, seq: nil, reason: reason, source: source, at: now))
                continue
            }
            accepted.append(attestation)
            receipt.seen[attestation.attester.publicKey] = max(
                receipt.seen[attestation.attester.publicKey] ?? 0, attestation.sequence)
        }
        let stored: Int = try Self.storageCall {
            try store.write { tx in
                var stored = 0
                for attestation in accepted {
                    let key = attestation.attester.publicKey
                    if let kept = try tx.attestation(space: space, attester: key),
                        kept.sequence >= attestation.sequence || (minimum > 0 && now - kept.receivedAt < minimum)
                    {
                        continue
                    }
                    let row = StoredAttestation(
                        attester: key, sequence: attestation.sequence, receivedAt: now, bytes: attestation.bytes)
                    if try tx.storeAttestation(row, space: space) { stored += 1 }
                }
                if !refusals.isEmpty { try tx.recordRefusals(refusals, space: space) }
                if stored > 0 { try updateGaps(tx, space: space, membership: membership, now: now) }
                return stored
            }
        }
        receipt.stored = stored
        receipt.ignored += accepted.count - stored
        return receipt
    }

    /// This node's attestation of `space`, signed afresh when the vector moved and the last one is at
    /// least ``AttestationPolicy/period`` old (or there is none), or whenever the vector moved if `force`
    /// (a bundle, written by hand and rarely); `nil` when this node is no member.
    @discardableResult
    public func ownAttestation(of space: SpaceID, force: Bool = false) throws -> HeadAttestation? {
        guard try holds(space), let actor = ActorID(bytes: nodeID.publicKey),
            try membership(of: space).role(of: actor) != nil
        else { return nil }
        let now = configuration.now()
        let period = Self.seconds(configuration.attestations.period)
        // Most calls find the last attestation still current: a read, no write.
        let (vector, kept) = try Self.storageCall {
            try store.read { tx in
                (try tx.version(space: space), try tx.attestation(space: space, attester: nodeID.publicKey))
            }
        }
        if let kept, let previous = try? HeadAttestation(decoding: kept.bytes),
            previous.vector == vector || (!force && now - kept.receivedAt < period)
        {
            return previous
        }
        let sequence = max((kept?.sequence ?? 0) + 1, UInt64(max(now, 1)))
        let fresh: HeadAttestation
        do {
            fresh = try HeadAttestation.sign(
                space: space, sequence: sequence, issuedAt: UInt64(max(now, 0)), vector: vector, by: identity.current)
        } catch {
            throw SyncError(.identity, "cannot sign an attestation: \(error.message)")
        }
        try Self.storageCall {
            try store.write { tx in
                _ = try tx.storeAttestation(
                    StoredAttestation(
                        attester: nodeID.publicKey, sequence: sequence, receivedAt: now, bytes: fresh.bytes),
                    space: space)
            }
        }
        return fresh
    }

    /// The attestations of `space` to pass on to a peer: this node's own (refreshed when due) and every
    /// member's latest kept here, except those whose attester and sequence are in `sent`.
    package func attestationsToGossip(of space: SpaceID, excluding sent: [[UInt8]: UInt64]) throws
        -> [StoredAttestation]
    {
        _ = try ownAttestation(of: space)
        // Sequences first (a session asks every few seconds, and mostly nothing is new); bytes only of what is.
        return try Self.storageCall {
            try store.read { tx in
                try tx.attestationSequences(space: space)
                    .filter { attester, sequence in sent[attester].map { sequence > $0 } ?? true }
                    .keys.sorted { $0.lexicographicallyPrecedes($1) }
                    .compactMap { try tx.attestation(space: space, attester: $0) }
            }
        }
    }

    /// Compares what `peer` claims to hold of `space` in a session (its want) with its own signed
    /// attestation, if this replica received one before `sessionStart` (wall clock): the attestation was
    /// then signed before anything the peer said in the session, and a node's holdings only grow — so a
    /// claim below it means the peer is keeping envelopes from this node. Records the evidence; returns
    /// the authors concerned.
    @discardableResult
    package func checkClaim(of peer: NodeID, in space: SpaceID, claimed: VersionVector, sessionStart: Double) throws
        -> [ActorID]
    {
        // Every want passes here: a read, and a write only when there is evidence to keep.
        let kept = try Self.storageCall {
            try store.read { tx in try tx.attestation(space: space, attester: peer.publicKey) }
        }
        guard let kept, kept.receivedAt < sessionStart, let attestation = try? HeadAttestation(decoding: kept.bytes)
        else { return [] }
        let withheld = attestation.vector.entries.filter { claimed[$0.actor] < $0.seq }
        guard !withheld.isEmpty else { return [] }
        let now = configuration.now()
        try Self.storageCall {
            try store.write { tx in
                for (author, seq) in withheld {
                    try tx.recordWithholding(
                        WithholdingEvidence(
                            peer: peer.publicKey, author: author, attested: seq, claimed: claimed[author], at: now),
                        space: space)
                }
            }
        }
        return withheld.map(\.actor)
    }

    /// Records the gaps the kept attestations of current members show against this replica's vector.
    func updateGaps(_ tx: StoreTransaction, space: SpaceID, membership: Membership, now: Double) throws {
        var attested = VersionVector()
        for stored in try tx.attestations(space: space) where stored.attester != nodeID.publicKey {
            guard let actor = ActorID(bytes: stored.attester), membership.role(of: actor) != nil,
                let attestation = try? HeadAttestation(decoding: stored.bytes)
            else { continue }
            attested.formUnion(attestation.vector)
        }
        try tx.updateGaps(space: space, attested: attested, held: try tx.version(space: space), now: now)
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
