internal import Dispatch
internal import Foundation
internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

extension Node {
    /// Ingests envelopes from other nodes (in any order, with duplicates): each is decoded and its
    /// signature checked before anything is stored; then, in one SQLite transaction, it is checked
    /// against the author's chain (seq contiguity, `previous` = the id of the author's stored
    /// envelope seq − 1) and its dependencies, and either applied (stored and applied together),
    /// kept waiting, or refused. Waiting envelopes apply as soon as what they need arrives.
    ///
    /// Two different envelopes signed for one (space, author, seq) are an equivocation (ARCHITECTURE.md
    /// "Cut-offs"): the pair is recorded as proof, the author is frozen at seq − 1, and documents that
    /// had applied anything beyond are rebuilt from the log — the same outcome whichever arrived first.
    ///
    /// An envelope that waits is kept in the pending set, which is bounded: at most
    /// 8,192 from one `source` and 4,096 of one author in a space (past that the oldest of theirs is
    /// evicted; the peer sends it again when the gap closes), 100,000 in all.
    ///
    /// - Parameters:
    ///   - batch: the envelopes, as their authors signed them.
    ///   - space: the space the batch is for, if it names one: an envelope of another space is refused.
    ///   - source: where the batch came from (a peer session), for the pending set's per-source cap.
    /// - Returns: what happened to each envelope.
    /// A batch of more than `Node.envelopesPerWrite` (512) envelopes is written in several transactions of that
    /// many, so that one peer's long batch never holds the replica's writer for long.
    ///
    /// - Throws: ``SyncError/Code/storage`` when the database fails (then nothing of the transaction that
    ///   failed is kept; the chunks before it stay, as if the peer had sent them alone).
    @discardableResult
    public func ingest(_ batch: [[UInt8]], in space: SpaceID? = nil, source: String = "") throws -> IngestReport {
        var report = IngestReport()
        let started = NodeMetrics.now()
        defer {
            NodeMetrics.ingested(
                report, envelopes: batch.count, bytes: batch.reduce(0) { $0 + $1.count }, since: started)
        }
        ingestsInFlight.add(1, ordering: .relaxed)
        defer { ingestsInFlight.subtract(1, ordering: .relaxed) }
        // Decoding and signatures first, outside the write transaction, on every core while no other
        // ingest runs.
        var verified: [Envelope] = []
        let checks = Self.decodeAndVerify(batch) { self.ingestsInFlight.load(ordering: .relaxed) > 1 }
        for check in checks {
            switch check {
            case .success(let envelope): verified.append(envelope)
            case .failure(let failure): report.rejected.append((envelope: failure.envelope, reason: failure.reason))
            }
        }
        let newer = report.rejected.compactMap { if case .newerFormat(let format) = $0.reason { format } else { nil } }
        if let format = newer.max() { try recordNewerFormat(format) }
        // A long batch is written in several transactions, so that it never holds the replica's one
        // writer for long: another peer's session (or a local write) waits for one chunk at most.
        let keyWraps = verified.filter { $0.header.kind == .keyWrap }
        var chunkStart = 0
        repeat {
            let chunk = verified[chunkStart..<min(chunkStart + Self.envelopesPerWrite, verified.count)]
            try write(chunk, allKeyWraps: keyWraps, space: space, source: source, into: &report)
            chunkStart += Self.envelopesPerWrite
        } while chunkStart < verified.count
        if !(report.applied.isEmpty && report.pending.isEmpty && report.excluded.isEmpty
            && report.equivocations.isEmpty)
        {
            storeSignal.fire()
        }
        // What was refused is kept for `explain` (best effort: a full disk must not fail the ingest).
        try? recordRefusals(report, batchSpace: space, source: source)
        return report
    }

    /// Keeps the refusals of `report` in the replica's refusal log, per space.
    private func recordRefusals(_ report: IngestReport, batchSpace: SpaceID?, source: String) throws {
        guard !report.rejected.isEmpty || !report.excluded.isEmpty else { return }
        let now = configuration.now()
        var bySpace: [SpaceID: [StoredRefusal]] = [:]
        for (envelope, reason) in report.rejected {
            guard let space = envelope?.space ?? batchSpace else { continue }
            bySpace[space, default: []].append(
                StoredRefusal(
                    author: envelope?.author, seq: envelope?.seq, reason: "\(reason)", source: source, at: now))
        }
        for envelope in report.excluded {
            bySpace[envelope.space, default: []].append(
                StoredRefusal(
                    author: envelope.author, seq: envelope.seq,
                    reason: "it is beyond its author's cut-off (an equivocation proof froze that author)",
                    source: source, at: now))
        }
        try Self.storageCall {
            try store.write { tx in
                for (space, refusals) in bySpace { try tx.recordRefusals(refusals, space: space) }
            }
        }
    }

    /// The most envelopes one write transaction of ``ingest(_:in:source:)`` takes (about 25 ms of work).
    package static let envelopesPerWrite = 512

    /// Takes in one chunk of a verified batch in one write transaction. `allKeyWraps`: the whole
    /// batch's key wraps, so that content in this chunk can be opened with a key that comes later.
    private func write(
        _ chunk: ArraySlice<Envelope>, allKeyWraps: [Envelope], space: SpaceID?, source: String,
        into report: inout IngestReport
    ) throws {
        let spaces = Set(chunk.map(\.header.space))
        var keys: [SpaceID: [UInt64: ContentKey]] = [:]
        for space in spaces {
            keys[space] = try? allContentKeys(space)
        }
        let now = configuration.now()
        var keysChanged: Set<SpaceID> = []
        let saved: [DocumentCache.Key: (Document, Int64)] = try Self.storageCall {
            try store.write { tx in
                var ingest = try Ingest(node: self, tx: tx, keys: keys, now: now, source: source, batchSpace: space)
                for envelope in allKeyWraps {
                    ingest.batchKeyWraps[envelope.header.space, default: []].append(envelope.encoded)
                    ingest.keyArrivals.insert(envelope.header.space)
                }
                for envelope in chunk {
                    try ingest.process(envelope, fromPending: false, into: &report)
                }
                try ingest.drainPending(spaces: spaces, into: &report)
                try ingest.judgeDeferredConflicts(into: &report)
                try ingest.reconcileMembership()
                try ingest.openContentKeptUnopened()
                keysChanged = ingest.keysChanged
                return try ingest.saveDocuments()
            }
        }
        publishIngested(saved: saved, keysChanged: keysChanged)
        report.changedDocuments.formUnion(
            saved.keys.map { IngestReport.DocumentKey(space: $0.space, document: $0.document) })
    }

    /// What follows every write transaction that took envelopes in (a peer's, or a checkpoint's): the
    /// cached keys of spaces whose keys changed are forgotten, the saved documents are cached, and
    /// subscribers hear which documents changed.
    func publishIngested(saved: [DocumentCache.Key: (Document, Int64)], keysChanged: Set<SpaceID>) {
        if !keysChanged.isEmpty {
            contentKeys.withLock { cache in
                for space in keysChanged { cache[space] = nil }
            }
        }
        documentCache.withLock { cache in
            for (key, value) in saved { cache.store(value.0, revision: value.1, for: key) }
        }
        eventHub.publish(
            saved.keys.sorted { ($0.space, $0.document) < ($1.space, $1.document) }.map {
                NodeEvent(space: $0.space, document: $0.document, origin: .remote)
            })
    }

    struct CheckFailure: Error {
        var envelope: EnvelopeRef?
        var reason: IngestRefusal
    }

    /// Decodes each envelope and checks its signature, spreading large batches over the cores: the
    /// calling thread checks envelopes until none is left, the helpers only while `othersWaiting` is
    /// false — so a flood of junk from one peer, checked on every core, cannot starve the other peers'
    /// sessions (measured on 2 cores: members' sync through a flooded hub took 2.3–2.4× the quiet
    /// baseline with every core checking junk, 1.7–1.9× with one core).
    static func decodeAndVerify(_ batch: [[UInt8]], othersWaiting: @Sendable () -> Bool = { false }) -> [Result<
        Envelope, CheckFailure
    >] {
        @Sendable func check(_ bytes: [UInt8]) -> Result<Envelope, CheckFailure> {
            do {
                let envelope = try Envelope(decoding: bytes)
                do {
                    try envelope.verify()
                } catch {
                    let header = envelope.header
                    return .failure(
                        CheckFailure(
                            envelope: EnvelopeRef(space: header.space, author: header.author, seq: header.seq),
                            reason: .badSignature(error.message)))
                }
                return .success(envelope)
            } catch {
                // A newer format: a version a few steps ahead (further is more likely damage than a build
                // from the future).
                if let format = Envelope.declaredFormat(of: bytes),
                    (EnvelopeHeader.formatVersion + 1...EnvelopeHeader.formatVersion + 8).contains(format)
                {
                    return .failure(CheckFailure(envelope: nil, reason: .newerFormat(format)))
                }
                return .failure(CheckFailure(envelope: nil, reason: .undecodable(error.message)))
            }
        }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, batch.count / 32)
        guard workers > 1 else { return batch.map(check) }
        // Envelopes are taken in chunks of 16 from a shared counter.
        let next = Atomic<Int>(0)
        let chunk = 16
        let results = Mutex([Result<Envelope, CheckFailure>?](repeating: nil, count: batch.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var local: [(Int, Result<Envelope, CheckFailure>)] = []
            while worker == 0 || !othersWaiting() {
                let start = next.add(chunk, ordering: .relaxed).oldValue
                guard start < batch.count else { break }
                for index in start..<min(start + chunk, batch.count) { local.append((index, check(batch[index]))) }
            }
            results.withLock { results in
                for (index, result) in local { results[index] = result }
            }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    func reference(_ envelope: Envelope) -> EnvelopeRef {
        EnvelopeRef(space: envelope.header.space, author: envelope.header.author, seq: envelope.header.seq)
    }

    /// Every content key of a space, by epoch.
    func allContentKeys(_ space: SpaceID) throws -> [UInt64: ContentKey] {
        let epochs = try Self.storageCall { try store.read { tx in try tx.epochKeys(space: space).map(\.epoch) } }
        var keys: [UInt64: ContentKey] = [:]
        for epoch in epochs { keys[epoch] = try contentKey(space, epoch: epoch) }
        return keys
    }
}
