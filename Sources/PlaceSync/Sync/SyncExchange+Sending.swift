internal import PlaceCRDT
internal import PlaceStore
internal import PlaceWire

extension SyncExchange {
    /// Sends batches while the window has room: for each space the peer asked for, the next page of
    /// what it lacks, in arrival order; then any equivocation proofs not yet sent (both envelopes of each
    /// pair: the receiver's ingest finds the conflict itself); `synced` once a space's log is exhausted
    /// the first time. A space
    /// the peer is no longer a member of (removed meanwhile) is dropped with a refusal.
    mutating func pump() {
        // While a batch is being taken in, what the peer just sent may be about to land: wait for it.
        guard ingesting == nil else { return }
        for space in outbound.keys.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            while !isFinished, nextBatch - lastAcked - 1 < UInt64(configuration.window),
                var state = outbound[space], state.hasMore
            {
                do {
                    guard try peerEntitled(peer, to: space) else {
                        refuse(space)
                        break
                    }
                    if !state.keyWrapsSent, configuration.sendsKeyWrapsAhead {
                        // A new member's content comes before the wraps that give it the keys (they follow
                        // its admission in the log): without them ahead, its content waits — past the
                        // waiting room's bound it is evicted and sent again. The wraps wait on its side for
                        // their place in the log; meanwhile they open what arrives. They come again there.
                        state.keyWrapsSent = true
                        let wraps = try replica.keyWraps(sealedTo: peer, in: space, lacking: state.peerVector)
                            .suffix(configuration.batchEnvelopes)
                        outbound[space] = state
                        if !wraps.isEmpty {
                            send(.envelopes(space: space, batch: nextBatch, envelopes: Array(wraps)))
                            nextBatch += 1
                            continue
                        }
                    }
                    if state.checkpointAwaiting != nil { break }
                    if !state.checkpointConsidered {
                        state.checkpointConsidered = true
                        outbound[space] = state
                        if try offerCheckpoint(space, peerHolds: state.peerVector) { break }
                    }
                    let page = try replica.envelopePage(
                        in: space, afterRow: state.afterRow, since: state.peerVector,
                        maxCount: configuration.batchEnvelopes, maxBytes: configuration.batchBytes)
                    state.afterRow = page.lastRow
                    state.hasMore = page.hasMore
                    if !page.envelopes.isEmpty {
                        var sent: [ActorID: UInt64] = [:]
                        for envelope in page.envelopes where envelope.applied {
                            sent[envelope.author] = max(sent[envelope.author] ?? 0, envelope.seq)
                        }
                        state.peerVector.formUnion(VersionVector(sent))
                        let envelopes = page.envelopes.map(\.bytes)
                        NodeMetrics.sent(envelopes: envelopes)
                        send(.envelopes(space: space, batch: nextBatch, envelopes: envelopes))
                        nextBatch += 1
                    }
                    if !state.hasMore {
                        // Proofs follow the log, a bounded batch at a time like everything else.
                        let proofs = try replica.equivocationProofs(in: space)
                        if proofs.count > state.proofsSent {
                            let chunk = Self.proofChunk(
                                proofs.dropFirst(state.proofsSent), maxCount: configuration.batchEnvelopes,
                                maxBytes: configuration.batchBytes)
                            send(.envelopes(space: space, batch: nextBatch, envelopes: chunk.envelopes))
                            nextBatch += 1
                            state.proofsSent += chunk.pairs
                            // More proofs: another round once the window has room.
                            if state.proofsSent < proofs.count { state.hasMore = true }
                        }
                    }
                    if !state.hasMore, !state.sentSynced {
                        state.sentSynced = true
                        send(.synced(space: space))
                    }
                    outbound[space] = state
                } catch {
                    fail(.internalError, "the replica failed: \(error)")
                }
            }
        }
        reportSyncedOnce()
    }

    /// The next proofs to send: whole pairs, at least one, within the batch limits.
    static func proofChunk(
        _ proofs: ArraySlice<(first: [UInt8], second: [UInt8])>, maxCount: Int, maxBytes: Int
    ) -> (envelopes: [[UInt8]], pairs: Int) {
        var envelopes: [[UInt8]] = []
        var bytes = 0
        var pairs = 0
        for proof in proofs {
            let cost = proof.first.count + proof.second.count
            if pairs > 0, envelopes.count + 2 > maxCount || bytes + cost > maxBytes { break }
            envelopes += [proof.first, proof.second]
            bytes += cost
            pairs += 1
        }
        return (envelopes, pairs)
    }
}
