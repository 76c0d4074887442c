internal import Foundation
public import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
public import PlaceWire

/// What ``Node/importBundle(_:spaceName:)`` did.
public struct BundleImportReport: Sendable {
    /// The bundle's manifest (who wrote it, when, for whom, what it held).
    public var manifest: BundleManifest
    /// What happened to its envelopes, as in a sync session.
    public var ingest: IngestReport
    /// Whether this node took on the bundle's space with it (it was a member, not yet holding it).
    public var joined: Bool
    /// What became of the head attestations it carried (delivery receipts).
    public var attestations = AttestationReceipt()
}

extension Node {
    /// The peer-status key under which bundles from or for `node` are recorded.
    static func bundlePeerKey(_ node: NodeID) -> String { "bundle:\(node)" }

    /// Writes a bundle of `space` — the envelopes this node holds beyond `since`, or, for `recipient`,
    /// beyond what this node knows that node holds (from bundles it sent back and sync sessions),
    /// else everything. The envelopes are as their authors signed and sealed them: a bundle shows no
    /// more than a relay sees. Returns the file's bytes and its manifest.
    ///
    /// - Throws: ``SyncError/Code/unknownSpace`` when this node does not hold the space.
    public func exportBundle(space: SpaceID, for recipient: NodeID? = nil, since: VersionVector? = nil) throws -> (
        bytes: [UInt8], manifest: BundleManifest
    ) {
        guard try holds(space) else { throw SyncError(.unknownSpace, "this replica does not hold space \(space)") }
        var start = since ?? VersionVector()
        if since == nil, let recipient {
            let known = try Self.storageCall {
                try store.read { tx in
                    try [Self.bundlePeerKey(recipient), "\(recipient)"].flatMap { key in
                        try tx.peerVectors(key: key).filter { $0.space == space }.map(\.vector)
                    }
                }
            }
            for vector in known { start.formUnion(vector) }
        }
        let held = try version(of: space)
        let envelopes = try self.envelopes(in: space, since: start, includeEvidence: true)
        // Receipts travel too: this node's attestation, signed afresh, and the members' it keeps.
        _ = try ownAttestation(of: space, force: true)
        let attestations = try attestationsToGossip(of: space, excluding: [:]).map(\.bytes)
        var id = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in id.indices { id[index] = UInt8.random(in: 0...255, using: &generator) }
        let manifest = BundleManifest(
            id: id, createdAt: UInt64(max(0, configuration.now())), exporter: nodeID, recipient: recipient,
            space: space, exporterVector: held, since: start)
        let bytes: [UInt8]
        let written: BundleManifest
        do {
            bytes = try EnvelopeBundle.write(
                manifest: manifest, envelopes: envelopes,
                attestations: Array(attestations.prefix(EnvelopeBundle.maxAttestations)),
                signer: identity.current)
            written = try EnvelopeBundle(decoding: bytes).manifest
        } catch {
            throw SyncError(.invalidInput, "cannot write the bundle: \(error.message)", underlying: error)
        }
        return (bytes, written)
    }

    /// Checks a bundle whole and takes its envelopes in exactly as a sync session would: each envelope's
    /// signature, chain and authority are checked as ever, so a bundle can bring nothing a peer could not.
    /// Then records what its writer holds (`peerStatuses()` shows it as a `bundle` peer).
    ///
    /// - Throws: ``SyncError`` and changes nothing when the bundle is damaged, altered or cut short
    ///   (`invalidInput`), was written for another node or by a node that is no member of its space
    ///   (`notPermitted`), is of a space this node does not hold (`unknownSpace`), or was imported
    ///   before (`alreadyExists`).
    ///
    /// A node that does not hold the bundle's space yet takes it on when the bundle was written for it
    /// and the space's membership chain in it (checked from its genesis) names this node a member: the
    /// way a practice with no network joins after an admin added it (`spaceName` names it here).
    public func importBundle(_ bytes: [UInt8], spaceName: String = "") throws -> BundleImportReport {
        let bundle: EnvelopeBundle
        do { bundle = try EnvelopeBundle(decoding: bytes) } catch {
            throw SyncError(.invalidInput, "cannot import this bundle: \(error.message)", underlying: error)
        }
        let manifest = bundle.manifest
        if let recipient = manifest.recipient, recipient != nodeID {
            throw SyncError(
                .notPermitted,
                "this bundle was written for node \(recipient), not this one (\(nodeID)); nothing was imported")
        }
        var joined = false
        var exporterIsMember = try isEntitled(manifest.exporter, to: manifest.space)
        if try !holds(manifest.space) {
            let chain = bundle.envelopes.filter { bytes in
                guard let kind = try? Envelope(decoding: bytes).header.kind else { return false }
                return kind == .membership
            }
            let shown = try? membership(of: manifest.space, shownBy: chain)
            guard manifest.recipient == nodeID, let shown, shown.creator != nil, shown.role(of: actor) != nil else {
                throw SyncError(
                    .unknownSpace,
                    "this node does not hold space \(manifest.space), and the bundle does not show it a member there: ask an admin to add this node (\(nodeID)) and to write the bundle --for it"
                )
            }
            exporterIsMember = ActorID(bytes: manifest.exporter.publicKey).map { shown.role(of: $0) != nil } ?? false
            if exporterIsMember {
                try joinSpace(manifest.space, name: spaceName)
                joined = true
            }
        }
        guard exporterIsMember else {
            throw SyncError(
                .notPermitted,
                "this bundle was written by \(manifest.exporter), which is not a member of space \(manifest.space) here; nothing was imported"
            )
        }
        let imported = try Self.storageCall { try store.read { tx in try tx.meta(MetaKey.importedBundles) } } ?? []
        if stride(from: 0, to: imported.count - 15, by: 16).contains(where: {
            Array(imported[$0..<$0 + 16]) == manifest.id
        }) {
            throw SyncError(
                .alreadyExists, "this bundle (written by \(manifest.exporter)) was imported before; nothing to do")
        }
        let report = try ingest(bundle.envelopes, in: manifest.space, source: "bundle:\(manifest.exporter)")
        try recordPeer(
            key: Self.bundlePeerKey(manifest.exporter), nodeID: manifest.exporter, address: "bundle",
            direction: .bundle, connected: false, contact: true, error: nil)
        try recordPeerVectors(key: Self.bundlePeerKey(manifest.exporter), [manifest.space: manifest.exporterVector])
        try Self.storageCall {
            try store.write { tx in
                // The last 1,024 bundle ids imported.
                let kept = Array((imported + manifest.id).suffix(16 * 1_024))
                try tx.setMeta(MetaKey.importedBundles, kept)
            }
        }
        let receipt = try receiveAttestations(
            bundle.attestations, in: manifest.space, from: Self.bundlePeerKey(manifest.exporter), limitRate: false)
        return BundleImportReport(manifest: manifest, ingest: report, joined: joined, attestations: receipt)
    }
}
