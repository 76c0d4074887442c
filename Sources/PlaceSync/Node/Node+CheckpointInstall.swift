public import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

extension Node {
    /// Starts this replica's state of a space from a checkpoint, in place of the history below its
    /// vector (`Protocol/CHECKPOINT.md` §3). The replica must hold the space (a member that joined) and no
    /// content of it yet; afterwards it takes only envelopes beyond the checkpoint.
    ///
    /// Checked before anything is kept: its signature, its body against the hash signed, its envelopes'
    /// signatures, that the membership those entries show makes its author an admin at its vector, that
    /// a key this node holds (or one sealed to it in a key wrap signed by an admin) opens it, and that its
    /// stubs and envelopes are exactly the envelopes of its vector. Its membership entries and key wraps
    /// are then taken in as if a peer sent them. Anything wrong leaves the replica unchanged.
    ///
    /// - Parameters:
    ///   - bytes: the checkpoint, as it travels (`Checkpoint` in PlaceWire).
    ///   - keyWraps: more key-wrap envelopes that may carry the key (beyond those it holds and the
    ///     replica's waiting ones).
    /// - Throws: ``SyncError/Code/invalidInput`` for a checkpoint that does not verify or fit;
    ///   ``SyncError/Code/notPermitted`` when its author is not an admin at its vector;
    ///   ``SyncError/Code/noKey`` when no key at hand opens it; ``SyncError/Code/unknownSpace``;
    ///   ``SyncError/Code/storage``.
    @discardableResult
    public func installCheckpoint(_ bytes: [UInt8], keyWraps: [[UInt8]] = []) throws -> CheckpointInfo {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(decoding: bytes) } catch {
            throw SyncError(.invalidInput, "the checkpoint does not verify: \(error.message)")
        }
        let space = checkpoint.space
        guard try holds(space) else {
            throw SyncError(.unknownSpace, "this replica does not hold space \(space); join it first")
        }
        var envelopes: [Envelope] = []
        for (index, bytes) in checkpoint.envelopes.enumerated() {
            do {
                let envelope = try Envelope(decoding: bytes)
                try envelope.verify()
                envelopes.append(envelope)
            } catch {
                throw SyncError(
                    .invalidInput, "the checkpoint's envelope \(index + 1) does not verify: \(error.message)")
            }
        }
        let shown = try membership(
            of: space, shownBy: envelopes.filter { $0.header.kind == .membership }.map(\.encoded))
        let author = checkpoint.author
        guard
            shown.role(of: author, seq: checkpoint.vector[author] + 1, deps: checkpoint.vector) == .admin
        else {
            throw SyncError(
                .notPermitted, "the checkpoint is signed by \(author), who is not an admin of the space at its vector")
        }
        let pending = try Self.storageCall {
            try store.read { tx in try tx.pendingEnvelopes(space: space, kind: EnvelopeHeader.Kind.keyWrap.rawValue) }
        }
        let wraps = envelopes.filter { $0.header.kind == .keyWrap }.map(\.encoded) + pending + keyWraps
        let (key, content) = try openCheckpoint(checkpoint, wraps: wraps, admins: shown)
        let now = configuration.now()
        var report = IngestReport()
        let keys = [space: (try? allContentKeys(space)) ?? [:]]
        let (saved, keysChanged) = try Self.storageCall {
            try store.write { tx in
                var ingest = try Ingest(
                    node: self, tx: tx, keys: keys, now: now, source: "checkpoint", batchSpace: space)
                ingest.keys[space, default: [:]][checkpoint.epoch] = key
                try ingest.install(checkpoint, content: content, envelopes: envelopes, into: &report)
                try ingest.drainPending(spaces: [space], into: &report)
                try ingest.reconcileMembership()
                try ingest.openContentKeptUnopened()
                let keysChanged = ingest.keysChanged
                return (try ingest.saveDocuments(), keysChanged)
            }
        }
        // The checkpoint's key is now held: the space's cached keys are stale whatever else changed.
        publishIngested(saved: saved, keysChanged: keysChanged.union([space]))
        storeSignal.fire()
        return Self.info(
            space: space, id: checkpoint.id, vector: checkpoint.vector, bytes: bytes.count, isBase: true)
    }

    /// The key that opens `checkpoint`, and what it opens to: the key this node holds for its epoch, else
    /// one sealed to this node in a key wrap signed by an admin. The seal is authenticated: a key that
    /// opens it is the key its author sealed it with.
    private func openCheckpoint(_ checkpoint: Checkpoint, wraps: [[UInt8]], admins: Membership) throws -> (
        ContentKey, CheckpointContent
    ) {
        let space = checkpoint.space
        var candidates: [ContentKey] = []
        if let held = try? contentKey(space, epoch: checkpoint.epoch) { candidates.append(held) }
        for bytes in wraps {
            guard let envelope = try? Envelope(decoding: bytes), envelope.header.kind == .keyWrap,
                envelope.header.space == space, admins.role(of: envelope.header.author) == .admin,
                let wrap = try? KeyWrap(encoded: envelope.body), wrap.space == space.bytes,
                wrap.epoch == checkpoint.epoch, wrap.sender.publicKey == envelope.header.author.bytes,
                let pair = identity.pair(for: wrap.recipient), let key = try? wrap.unwrap(with: pair),
                let contentKey = try? key.contentKey()
            else { continue }
            candidates.append(contentKey)
        }
        var lastError: WireError?
        for key in candidates {
            do {
                return (key, try checkpoint.open(with: key))
            } catch let error where error.code == .decryptionFailed {
                lastError = error
            } catch {
                throw SyncError(.invalidInput, "the checkpoint's content does not decode: \(error.message)")
            }
        }
        throw SyncError(
            .noKey,
            lastError == nil
                ? "this node holds no key of epoch \(checkpoint.epoch), which seals the checkpoint"
                : "no key of epoch \(checkpoint.epoch) this node holds opens the checkpoint")
    }
}
