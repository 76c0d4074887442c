internal import PlaceCRDT
internal import PlaceCrypto
internal import PlaceStore
internal import PlaceWire

extension SyncExchange {
    mutating func handle(_ message: SyncMessage) {
        if case .hello = message {
        } else if case .error = message {
        } else if !helloReceived {
            return fail(.protocolViolation, "a message before the hello")
        }
        do {
            switch message {
            case .hello(_, let wants, let redemption):
                guard !helloReceived else { return fail(.protocolViolation, "a second hello") }
                helloReceived = true
                if let redemption { try admit(redemption, peer: peer) }
                guard !isFinished else { return }
                for want in wants { try peerWants(want, peer: peer) }
                settle()
            case .want(let want):
                try peerWants(want, peer: peer)
            case .chainRequest(let space):
                if try peerEntitled(peer, to: space), !chainsServed.contains(space) {
                    chainsServed.insert(space)
                    send(.chain(space: space, envelopes: try boundedChain(space)))
                } else {
                    refuse(space)
                }
            case .chain(let space, let envelopes):
                guard chainsRequested.remove(space) != nil else {
                    return fail(.protocolViolation, "a membership chain that was not asked for")
                }
                try chainArrived(space, envelopes, peer: peer)
                settle()
            case .envelopes(let space, let batch, let envelopes):
                guard batch == expectedBatch else {
                    return fail(.protocolViolation, "batch \(batch) where \(expectedBatch) was due")
                }
                expectedBatch += 1
                if inbound[space] != nil {
                    try requestIngest(envelopes, of: space, batch: batch)
                } else if !refusedSpaces.contains(space) {
                    return fail(.protocolViolation, "envelopes of a space this side did not ask for")
                } else {
                    // A batch in flight when this side refused the space is acknowledged and dropped.
                    send(.ack(batch: batch))
                    pump()
                }
            case .ack(let batch):
                guard batch > lastAcked, batch < nextBatch else {
                    return fail(.protocolViolation, "an acknowledgement of batch \(batch), not in flight")
                }
                lastAcked = batch
                pump()
            case .synced(let space):
                guard inbound[space] != nil else { return fail(.protocolViolation, "synced for a space not asked for") }
                inbound[space] = true
                try askAgainIfLacking(space)
            case .ping:
                break
            case .admitted(let space):
                guard awaitingAdmission else { return fail(.protocolViolation, "admitted without an invite") }
                awaitingAdmission = false
                actions.append(.event(.admittedByPeer(space: space)))
            case .refused(let space):
                refusedByPeer(space)
            case .error(let code, let message):
                // A peer's words reach logs and `placesync status`: printable, and short.
                finish(error: SyncSessionError(code: code, message: message.sanitizedPeerText(), fromPeer: true))
            case .bye:
                finish(error: nil)
            case .attestations(let space, let attestations):
                // Only of a space exchanged in this session; others are skipped (the message is optional).
                guard inbound[space] != nil || outbound[space] != nil else { break }
                let receipt = try replica.receiveAttestations(
                    attestations, in: space, from: "peer:\(peer)", limitRate: true)
                attestationsSeen[space, default: [:]].merge(receipt.seen) { max($0, $1) }
                if receipt.stored > 0 || !receipt.refused.isEmpty {
                    actions.append(
                        .event(.attestations(space: space, stored: receipt.stored, refused: receipt.refused.count)))
                }
            case .checkpoint(let space, let part, let parts, let bytes):
                try checkpointPartArrived(space, part: part, parts: parts, bytes: bytes)
            case .checkpointOffer(let space, let id):
                try checkpointOffered(space, id: id)
            case .checkpointAnswer(let space, let answer):
                try checkpointAnswered(space, answer)
            case .optional(let type, _):
                // A later revision's optional message: skipped; the session carries on.
                if skippedOptionalTypes.insert(type).inserted {
                    actions.append(.event(.skippedOptionalMessage(type: type)))
                }
            }
        } catch {
            fail(.internalError, "the replica failed: \(error)")
        }
        reportSyncedOnce()
    }

    /// The peer asks for what it lacks of `want.space`: serve it if the peer may see the space. Otherwise
    /// ask for the space's membership chain only where a chain can change that: the replica holds the
    /// space (and does not know the peer as a member yet), or the peer is an admin this node trusts to
    /// put it in a space, or a hub it trusts to show it one. A space this node does not hold, named by anyone else, is kept as an offer (a
    /// practice) or refused (a hub) — no chain is asked for, so none can cost anything.
    mutating func peerWants(_ want: SpaceWant, peer: NodeID) throws {
        if try peerEntitled(peer, to: want.space) {
            deferredWants[want.space] = nil
            let kept = try replica.checkClaim(
                of: peer, in: want.space, claimed: want.vector, sessionStart: openedAtWall)
            if !kept.isEmpty { actions.append(.event(.withholding(space: want.space, authors: kept.count))) }
            if var state = outbound[want.space] {
                // The peer asks again (what it was sent could not all be taken in): page the log once
                // more from its new vector — only when that vector went beyond its last want, a bounded
                // number of times.
                guard want.vector.includes(state.wantedAt), want.vector != state.wantedAt,
                    servedAgain[want.space, default: 0] < Self.maxAskAgain
                else { return }
                servedAgain[want.space, default: 0] += 1
                state.peerVector = want.vector
                state.wantedAt = want.vector
                state.afterRow = 0
                state.hasMore = true
                state.sentSynced = false
                outbound[want.space] = state
            } else {
                var state = OutboundSpace(peerVector: want.vector)
                state.wantedAt = want.vector
                outbound[want.space] = state
            }
            refusedSpaces.remove(want.space)
            peerRefusedSpaces.remove(want.space)
            if inbound[want.space] == nil, let vector = try? replica.version(of: want.space) {
                inbound[want.space] = false
                send(.want(SpaceWant(space: want.space, vector: vector)))
            }
            pump()
            return
        }
        guard deferredWants[want.space] == nil, outbound[want.space] == nil, !refusedSpaces.contains(want.space)
        else { return }
        let held = try replica.holds(want.space)
        let trusted = configuration.trustedAdmins.contains(peer) || configuration.trustedPeers.contains(peer)
        if held || trusted {
            // At most `maxChainRequests` chains in flight; the rest wait their turn (a hub taking on a
            // county's spaces from its lead asks for dozens).
            deferredWants[want.space] = want.vector
            if chainsRequested.count < configuration.maxChainRequests {
                chainsRequested.insert(want.space)
                send(.chainRequest(space: want.space))
            } else {
                chainQueue.append(want.space)
            }
            return
        }
        if !held, configuration.keepsOffers, try replica.recordOffer(want.space, from: peer) {
            actions.append(.event(.offered(space: want.space)))
        }
        refuse(want.space)
    }

    /// After the peer said it sent everything of `space`: if it holds envelopes this replica still
    /// lacks (they came, but could not all be kept — a new member's content can arrive before the key
    /// that opens it, and waiting room is bounded), and this replica moved on since it last asked, ask
    /// again from where it is now. Bounded per session.
    mutating func askAgainIfLacking(_ space: SpaceID) throws {
        guard let peerHolds = outbound[space]?.peerVector else { return }
        let mine = try replica.version(of: space)
        guard !mine.includes(peerHolds) else { return }
        let last = askedAgain[space]
        guard (last?.count ?? 0) < Self.maxAskAgain, last?.vector != mine else { return }
        askedAgain[space] = ((last?.count ?? 0) + 1, mine)
        inbound[space] = false
        send(.want(SpaceWant(space: space, vector: mine)))
    }

    /// A chain this side asked for: adopt the space (or learn the members), then serve the want that
    /// waited for it — or refuse it.
    mutating func chainArrived(_ space: SpaceID, _ envelopes: [[UInt8]], peer: NodeID) throws {
        // A chain is stored like any batch: it counts against its authors' quotas on a hub.
        if let quota = configuration.quota, let exceeded = try charge(envelopes, of: space, quota: quota) {
            return fail(.quotaExceeded, exceeded)
        }
        let shown: Membership?
        let heldBefore = try replica.holds(space)
        do {
            shown = try replica.adoptSpace(space, chain: envelopes, trustedAdmins: configuration.trustedAdmins)
        } catch let error as SyncError where error.code == .invalidInput {
            return fail(.protocolViolation, error.message)
        }
        if shown != nil, !heldBefore { actions.append(.event(.adopted(space: space))) }
        vouched[space] = shown
        requestQueuedChains()
        guard let vector = deferredWants.removeValue(forKey: space) else { return }
        if shown != nil, try peerEntitled(peer, to: space) {
            try peerWants(SpaceWant(space: space, vector: vector), peer: peer)
        } else {
            refuse(space)
        }
    }

    /// Asks for the chains that waited their turn, while fewer than `maxChainRequests` are in flight.
    mutating func requestQueuedChains() {
        while chainsRequested.count < configuration.maxChainRequests, !chainQueue.isEmpty {
            let next = chainQueue.removeFirst()
            guard deferredWants[next] != nil, !refusedSpaces.contains(next) else { continue }
            chainsRequested.insert(next)
            send(.chainRequest(space: next))
        }
    }

    /// A redemption in the peer's hello: it must be the peer's own (the handshake proved its key).
    mutating func admit(_ text: String, peer: NodeID) throws {
        let redemption: InviteRedemption
        do {
            redemption = try InviteRedemption(text: text)
        } catch {
            return fail(.inviteRefused, "the invite answer is not valid")
        }
        guard redemption.invitee == peer else {
            return fail(.inviteRefused, "the invite answer was made by another node than the one connected")
        }
        do {
            _ = try replica.admitInvitee(text, displayName: "")
        } catch let error as SyncError where error.code != .storage {
            return fail(.inviteRefused, error.message)
        }
        let space = redemption.invite.space
        send(.admitted(space: space))
        actions.append(.event(.admittedPeer(space: space)))
        if inbound[space] == nil {
            inbound[space] = false
            send(.want(SpaceWant(space: space, vector: try replica.version(of: space))))
        }
    }

    /// Whether `peer` may see `space`: a current member in this replica's membership, or — until the
    /// replica has caught up — in the membership a chain the peer showed in this session proves.
    mutating func peerEntitled(_ peer: NodeID, to space: SpaceID) throws -> Bool {
        if try replica.isEntitled(peer, to: space) {
            vouched[space] = nil
            return true
        }
        guard let actor = ActorID(bytes: peer.publicKey), let shown = vouched[space], try replica.holds(space) else {
            return false
        }
        return shown.role(of: actor) != nil
    }

    /// Stops exchanging `space` with the peer and says so (only for a space the peer named, or one it
    /// was entitled to and no longer is).
    mutating func refuse(_ space: SpaceID) {
        inbound[space] = nil
        outbound[space] = nil
        deferredWants[space] = nil
        refusedSpaces.insert(space)
        send(.refused(space: space))
    }

    /// The peer will not exchange `space` any more (this side is not a member there in its view).
    mutating func refusedByPeer(_ space: SpaceID) {
        inbound[space] = nil
        outbound[space] = nil
        deferredWants[space] = nil
        refusedSpaces.insert(space)
        peerRefusedSpaces.insert(space)
        actions.append(.event(.refusedByPeer(space: space)))
        settle()
    }

    /// An unknown node is refused: once the hellos are exchanged and no chain or admission is pending,
    /// a peer that shares no space with this side is told so and the connection closes.
    mutating func settle() {
        guard helloReceived, !isFinished, chainsRequested.isEmpty, !awaitingAdmission else { return }
        if inbound.isEmpty, outbound.isEmpty {
            fail(.notEntitled, "no space is shared with this node")
        }
    }

    mutating func reportSyncedOnce() {
        if !reportedSynced, isSynced {
            reportedSynced = true
            // Attestations go out before the event: a one-off sync leaves on it.
            gossipAttestations(now: now)
            actions.append(.event(.synced))
        }
    }

    /// Hands a batch to the driver to take in (outside any lock its heartbeats need): after the quota
    /// check, the session waits for ``ingested(_:)`` before it reads another message.
    mutating func requestIngest(_ envelopes: [[UInt8]], of space: SpaceID, batch: UInt64) throws {
        if let quota = configuration.quota, let exceeded = try charge(envelopes, of: space, quota: quota) {
            return fail(.quotaExceeded, exceeded)
        }
        ingesting = PendingIngest(space: space, batch: batch)
        // Every envelope must belong to the batch's space; waiting ones count against this peer's share.
        actions.append(.ingest(SyncIngestRequest(space: space, envelopes: envelopes, source: "peer:\(peer)")))
    }

    /// The result of the batch handed out: acknowledge it and carry on. What the peer sent, it has — so
    /// it is never sent back.
    mutating func ingested(_ result: Result<IngestReport, any Error>) {
        guard let pending = ingesting else {
            return fail(.internalError, "an ingest result with no batch handed out")
        }
        ingesting = nil
        let report: IngestReport
        switch result {
        case .success(let value): report = value
        case .failure(let error):
            return fail(.internalError, "the replica failed: \((error as? SyncError)?.message ?? "\(error)")")
        }
        let space = pending.space
        for ref in report.applied + report.duplicates where ref.space == space {
            if var state = outbound[space], state.peerVector[ref.author] < ref.seq {
                state.peerVector.formUnion(VersionVector([ref.author: ref.seq]))
                outbound[space] = state
            }
        }
        actions.append(
            .event(
                .received(
                    space: space, applied: report.applied.count, pending: report.pending.count,
                    duplicates: report.duplicates.count, refused: report.rejected.count + report.excluded.count)))
        let newer = report.rejected.compactMap { if case .newerFormat(let format) = $0.reason { format } else { nil } }
        if let format = newer.max() {
            actions.append(.event(.newerEnvelopeFormat(space: space, envelopes: newer.count, format: format)))
        }
        send(.ack(batch: pending.batch))
        pump()
        reportSyncedOnce()
    }

    /// Counts a batch against the senders' quotas; returns what was exceeded, if anything (then nothing
    /// of the batch is stored). Envelopes that do not decode are left to ingest to refuse.
    mutating func charge(_ envelopes: [[UInt8]], of space: SpaceID, quota: AuthorQuota) throws -> String? {
        var batch: [ActorID: (bytes: Int, envelopes: Int)] = [:]
        for bytes in envelopes {
            guard let envelope = try? Envelope(decoding: bytes) else { continue }
            batch[envelope.header.author, default: (0, 0)].bytes += bytes.count
            batch[envelope.header.author, default: (0, 0)].envelopes += 1
        }
        for (author, cost) in batch {
            guard
                quotaLedger.charge(
                    author: author, bytes: cost.bytes, envelopes: cost.envelopes, now: now, quota: quota)
            else {
                return "author \(author) sent more than this hub takes per minute "
                    + "(\(quota.envelopesPerMinute) envelopes, \(quota.bytesPerMinute) bytes)"
            }
            var stored = try storedBytes[space]?[author] ?? replica.storedBytes(in: space, by: author)
            if stored + cost.bytes > quota.storedBytesPerAuthor, compactedForQuota.insert(space).inserted,
                replica.compactForQuota(space) > 0
            {
                // A hub drops what every member holds below its checkpoint first (CHECKPOINT.md §6).
                storedBytes[space] = nil
                stored = try replica.storedBytes(in: space, by: author)
            }
            storedBytes[space, default: [:]][author] = stored + cost.bytes
            if stored + cost.bytes > quota.storedBytesPerAuthor {
                return
                    "author \(author) would hold more than \(quota.storedBytesPerAuthor) bytes in a space on this hub"
            }
        }
        return nil
    }

    private func boundedChain(_ space: SpaceID) throws -> [[UInt8]] {
        var chain: [[UInt8]] = []
        var bytes = 64
        for envelope in try replica.membershipChain(of: space) {
            bytes += SyncMessage.encodedCost(ofEnvelope: envelope)
            guard bytes <= SyncMessage.maxBytes, chain.count < SyncMessage.maxEnvelopesPerMessage else { break }
            chain.append(envelope)
        }
        return chain
    }
}
