internal import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

/// A space a peer said this node belongs to, waiting for the user: a node never takes on a space
/// silently because some admin named it (`Protocol/PROTOCOL.md` "Adopting a space").
public struct SpaceOffer: Hashable, Sendable {
    /// The space.
    public var space: SpaceID
    /// The peer that offered it.
    public var from: NodeID
    /// When it was offered (seconds since 1970, the node's clock).
    public var offeredAt: Double
}

extension Node {
    /// The most offers kept, in all and from one peer: past them new offers are ignored.
    static let maxOffers = 64
    static let maxOffersPerPeer = 8

    /// The spaces offered to this node and not yet accepted or declined, oldest first.
    public func offers() throws -> [SpaceOffer] {
        try Self.storageCall {
            try store.read { tx in
                try tx.offers().compactMap { row in
                    guard let from = try? NodeID(parsing: row.from) else {
                        return nil
                    }
                    return SpaceOffer(space: row.space, from: from, offeredAt: row.offeredAt)
                }
            }
        }
    }

    /// Records that `peer` offered `space` (bounded: at most 64 offers, 8 from one peer; a space held
    /// already is not offered). Returns whether it was recorded.
    @discardableResult
    package func recordOffer(_ space: SpaceID, from peer: NodeID) throws -> Bool {
        try Self.storageCall {
            try store.write { tx in
                guard try tx.space(space) == nil, try tx.offerCount() < Self.maxOffers,
                    try tx.offerCount(from: peer.description) < Self.maxOffersPerPeer
                else { return false }
                try tx.insertOffer(space: space, from: peer.description, at: configuration.now())
                return true
            }
        }
    }

    /// Accepts an offer: the node holds the space from now on (empty until a peer shows it the space's
    /// membership and sends its envelopes, at the next sync).
    /// - Throws: ``SyncError/Code/unknownSpace`` when no such offer is waiting.
    public func acceptOffer(_ space: SpaceID, name: String) throws {
        try Self.storageCall {
            try store.write { tx in
                guard try tx.deleteOffer(space: space) else {
                    throw SyncError(
                        .unknownSpace, "no offer of space \(space) is waiting; `placesync spaces` lists them")
                }
                if try tx.space(space) == nil {
                    try tx.insertSpace(
                        StoredSpace(id: space, name: name, createdAt: configuration.now(), maxLamport: 0))
                }
            }
        }
    }

    /// Declines an offer (a peer may offer it again later).
    /// - Throws: ``SyncError/Code/unknownSpace`` when no such offer is waiting.
    public func declineOffer(_ space: SpaceID) throws {
        try Self.storageCall {
            try store.write { tx in
                guard try tx.deleteOffer(space: space) else {
                    throw SyncError(
                        .unknownSpace, "no offer of space \(space) is waiting; `placesync spaces` lists them")
                }
            }
        }
    }
}
