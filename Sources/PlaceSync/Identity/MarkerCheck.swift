internal import PlaceBinary
internal import PlaceStore

/// The decision made when a node opens: is this database the one the marker describes?
struct MarkerCheck {
    /// Why the node must take a new author key, or `nil`.
    var rotationReason: String?
    /// The marker to write (and the generation to store) once the node is open.
    var newMarker: ReplicaMarker

    /// Compares the database with the marker, inside the write transaction that serialises opens.
    static func run(_ tx: StoreTransaction, marker: ReplicaMarker?) throws -> MarkerCheck {
        let replica = try tx.meta(MetaKey.replica)
        let generation = try tx.meta(MetaKey.generation).flatMap { UInt64(bigEndianBytes: $0) }
        var reason: String?
        if replica == nil || generation == nil {
            reason = "The replica database is new or was replaced"
        } else if marker == nil {
            reason = "The replica marker is missing, so this database may have been restored or copied"
        } else if let marker, marker.replica != replica {
            reason = "The replica database belongs to another replica (it was copied or swapped)"
        } else if let marker, let generation, generation < marker.generation {
            reason = "The replica database is older than the last time this node opened it (restored from a backup)"
        }
        let newReplica: [UInt8]
        if let replica, replica.count == 16 {
            newReplica = replica
        } else {
            newReplica = try randomBytes(16)
            try tx.setMeta(MetaKey.replica, newReplica)
        }
        let next = max(generation ?? 0, marker?.generation ?? 0) + 1
        return MarkerCheck(rotationReason: reason, newMarker: ReplicaMarker(replica: newReplica, generation: next))
    }
}
