internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// What a session offers the peer beyond the spaces of the hellos: spaces shared with it since, and
/// the members' head attestations.
extension SyncExchange {
    /// Asks the peer for spaces shared with it that this session does not exchange yet — a space this
    /// node took on (a hub adopting it from another hub) or a peer added to one since the hellos — at
    /// most once a second while the replica changes. Spaces the peer refused are left alone.
    mutating func offerNewlySharedSpaces(now: Duration) {
        guard shareCheckDue, helloReceived, !isFinished, now - lastShareCheck >= .seconds(1) else { return }
        shareCheckDue = false
        lastShareCheck = now
        guard let shared = try? replica.spacesShared(with: peer) else { return }
        for want in shared
        where inbound[want.space] == nil && outbound[want.space] == nil && deferredWants[want.space] == nil
            && !peerRefusedSpaces.contains(want.space)
        {
            refusedSpaces.remove(want.space)
            inbound[want.space] = false
            send(.want(want))
        }
    }

    /// Passes on the head attestations of the spaces served to the peer that neither side has shown the
    /// other in this session — the first time once both sides are in sync (so this node's own attestation
    /// says what it holds after the exchange), then every ``SyncConfiguration/attestationGossipInterval``.
    mutating func gossipAttestations(now: Duration) {
        guard let interval = configuration.attestationGossipInterval, helloReceived, !isFinished, ingesting == nil
        else { return }
        if let last = lastAttestationGossip {
            guard now - last >= interval else { return }
        } else {
            guard isSynced else { return }
        }
        lastAttestationGossip = now
        for space in outbound.keys.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            var seen = attestationsSeen[space] ?? [:]
            guard let fresh = try? replica.attestationsToGossip(of: space, excluding: seen) else { continue }
            let toSend = fresh.filter { $0.attester != peer.publicKey }
            for stored in fresh { seen[stored.attester] = max(seen[stored.attester] ?? 0, stored.sequence) }
            attestationsSeen[space] = seen
            var chunk: [[UInt8]] = []
            var bytes = 64
            for stored in toSend {
                if chunk.count == SyncMessage.maxAttestationsPerMessage
                    || bytes + stored.bytes.count + 8 > SyncMessage.maxBytes
                {
                    send(.attestations(space: space, attestations: chunk))
                    (chunk, bytes) = ([], 64)
                }
                chunk.append(stored.bytes)
                bytes += stored.bytes.count + 8
            }
            if !chunk.isEmpty { send(.attestations(space: space, attestations: chunk)) }
        }
    }
}
