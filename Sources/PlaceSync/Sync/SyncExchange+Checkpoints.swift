internal import PlaceCRDT
internal import PlaceWire

/// Checkpoints in a session (protocol version 3, `Protocol/CHECKPOINT.md` §4). A side that keeps one
/// offers its id to a peer whose want shows no content of the space, or to a relay of the space, and
/// holds that space's log until the peer answers: "send" (then the parts follow, and the peer answers
/// again once it has them) or "declined"; after the parts, "installed" (send what lies beyond it) or
/// "declined" (a relay keeps it to pass on; anyone else did not take it: send the log as asked).
extension SyncExchange {
    /// Offers the checkpoint of `space` when there is one for this peer. Whether it was offered.
    mutating func offerCheckpoint(_ space: SpaceID, peerHolds vector: VersionVector) throws -> Bool {
        guard version >= 3, configuration.offersCheckpoints,
            let offer = try replica.checkpointOffer(for: space, to: peer, peerHolds: vector),
            outbound[space]?.checkpointOfferedID != offer.id
        else { return false }
        outbound[space]?.checkpointOfferedID = offer.id
        outbound[space]?.checkpointAwaiting = offer.vector
        outbound[space]?.checkpointSent = false
        send(.checkpointOffer(space: space, id: offer.id))
        return true
    }

    /// The peer offers a checkpoint of a space this side asked for: ask for it if this replica takes it.
    mutating func checkpointOffered(_ space: SpaceID, id: [UInt8]) throws {
        guard inbound[space] != nil, checkpointsAsked[space] == nil else {
            return fail(.protocolViolation, "a checkpoint offered for a space this side did not ask for")
        }
        if try replica.wantsCheckpoint(id, of: space) {
            checkpointsAsked[space] = (id: id, parts: 0, received: 0, bytes: [])
            send(.checkpointAnswer(space: space, answer: .send))
        } else {
            send(.checkpointAnswer(space: space, answer: .declined))
        }
    }

    /// A part of the checkpoint this side asked for: kept until the last, which is taken (or not) and
    /// answered.
    mutating func checkpointPartArrived(_ space: SpaceID, part: UInt64, parts: UInt64, bytes: [UInt8]) throws {
        guard var asked = checkpointsAsked[space] else {
            return fail(.protocolViolation, "a checkpoint this side did not ask for")
        }
        if asked.received == 0 { asked.parts = parts }
        guard asked.parts == parts, part == asked.received + 1, asked.bytes.count + bytes.count <= Checkpoint.maxBytes
        else {
            return fail(.protocolViolation, "checkpoint part \(part) of \(parts) out of order or over the limit")
        }
        asked.received = part
        asked.bytes += bytes
        guard part == parts else {
            checkpointsAsked[space] = asked
            return
        }
        checkpointsAsked[space] = nil
        let taking: CheckpointTaking =
            (try? Checkpoint(decoding: asked.bytes).id) == asked.id
            ? replica.takeCheckpoint(asked.bytes, in: space) : .declined("it is not the checkpoint offered")
        switch taking {
        case .installed(let info):
            actions.append(.event(.checkpointInstalled(space: space, envelopes: info.envelopes)))
            send(.checkpointAnswer(space: space, answer: .installed))
        case .kept:
            actions.append(.event(.checkpointKept(space: space)))
            send(.checkpointAnswer(space: space, answer: .declined))
        case .declined(let reason):
            actions.append(.event(.checkpointDeclined(space: space, reason: reason)))
            send(.checkpointAnswer(space: space, answer: .declined))
        }
    }

    /// The peer's answer to the checkpoint offered (or sent): send it, or page the log from beyond it
    /// (installed) or from where the peer was (declined).
    mutating func checkpointAnswered(_ space: SpaceID, _ answer: CheckpointAnswer) throws {
        guard var state = outbound[space], let vector = state.checkpointAwaiting else {
            return fail(.protocolViolation, "an answer to a checkpoint that was not offered")
        }
        switch answer {
        case .send:
            guard !state.checkpointSent else { return fail(.protocolViolation, "a checkpoint asked for twice") }
            guard let kept = try replica.checkpointBytes(of: space), kept.vector == vector else {
                // Replaced meanwhile: the peer gets the log instead.
                return fail(.internalError, "the checkpoint offered is no longer kept; try again")
            }
            state.checkpointSent = true
            outbound[space] = state
            let size = SyncMessage.maxCheckpointPartBytes
            let parts = UInt64(max(1, (kept.bytes.count + size - 1) / size))
            for part in 0..<parts {
                let start = Int(part) * size
                let chunk = Array(kept.bytes[start..<min(start + size, kept.bytes.count)])
                send(.checkpoint(space: space, part: part + 1, parts: parts, bytes: chunk))
            }
            return
        case .installed:
            guard state.checkpointSent else {
                return fail(.protocolViolation, "a checkpoint installed before it was sent")
            }
            state.peerVector.formUnion(vector)
        case .declined:
            break
        }
        state.checkpointAwaiting = nil
        outbound[space] = state
        pump()
    }
}
