public import PlaceCRDT
internal import PlaceStore

/// One envelope of a space as this replica keeps it, for an audit.
public struct AuditLogEntry: Sendable, Hashable {
    /// The envelope, byte for byte (anyone can check its signature with the author's public key).
    public var bytes: [UInt8]
    /// The document a content envelope edits, as this node read it when it decrypted it (`nil` for
    /// membership and key envelopes, and on a relay, which holds no key).
    public var document: DocumentID?
    /// Whether it is part of the replica's state (`false`: kept as evidence only, e.g. past a cut-off).
    public var applied: Bool
}

extension Node {
    /// Every envelope this replica keeps for `space`, evidence included, in an order in which they can
    /// be ingested (each after those it follows).
    public func auditLog(in space: SpaceID) throws -> [AuditLogEntry] {
        try Self.storageCall {
            try store.read { tx in
                try tx.envelopes(space: space, since: VersionVector(), includeEvidence: true).map {
                    AuditLogEntry(bytes: $0.bytes, document: $0.document, applied: $0.applied)
                }
            }
        }
    }
}
