internal import PlaceCRDT
internal import PlaceWire

/// Checkpoints in a session (protocol version 3, `Protocol/CHECKPOINT.md` §4): a side that keeps one
/// offers it to a peer whose want shows no content of the space, in parts, and sends nothing more of
/// that space until the peer answers; the peer installs it or not, and says which.
extension SyncExchange {
    /// Offers the checkpoint of `space` to the peer when there is one to offer: sends its parts and
    /// holds the space's log until the answer. Whether it was offered.
    mutating func offerCheckpoint(_ space: SpaceID, peerHolds vector: VersionVector) throws -> Bool {
        guard version >= 3, configuration.offersCheckpoints,
            let offer = try replica.checkpointOffer(for: space, peerHolds: vector)
        else { return false }
        outbound[space]?.checkpointAwaiting = offer.vector
        let size = SyncMessage.maxCheckpointPartBytes
        let parts = UInt64(max(1, (offer.bytes.count + size - 1) / size))
        for part in 0..<parts {
            let start = Int(part) * size
            let chunk = Array(offer.bytes[start..<min(start + size, offer.bytes.count)])
            send(.checkpoint(space: space, part: part + 1, parts: parts, bytes: chunk))
        }
        return true
    }

    /// A part of a checkpoint the peer offers: kept until the last, which is installed (or not) and
    /// answered.
    mutating func checkpointPartArrived(_ space: SpaceID, part: UInt64, parts: UInt64, bytes: [UInt8]) throws {
        guard inbound[space] != nil else {
            return fail(.protocolViolation, "a checkpoint of a space this side did not ask for")
        }
        var received = checkpointParts[space] ?? (parts: parts, received: 0, bytes: [])
        guard received.parts == parts, part == received.received + 1,
            received.bytes.count + bytes.count <= Checkpoint.maxBytes
        else {
            return fail(.protocolViolation, "checkpoint part \(part) of \(parts) out of order or over the limit")
        }
        received.received = part
        received.bytes += bytes
        guard part == parts else {
            checkpointParts[space] = received
            return
        }
        checkpointParts[space] = nil
        switch replica.takeCheckpoint(received.bytes, in: space) {
        case .success(let info):
            actions.append(.event(.checkpointInstalled(space: space, envelopes: info.envelopes)))
            send(.checkpointAnswer(space: space, taken: true))
        case .failure(let error):
            actions.append(.event(.checkpointDeclined(space: space, reason: error.message)))
            send(.checkpointAnswer(space: space, taken: false))
        }
    }

    /// The peer's answer to the checkpoint offered: page the log from beyond it if it was taken, from
    /// where the peer was if not.
    mutating func checkpointAnswered(_ space: SpaceID, taken: Bool) throws {
        guard var state = outbound[space], let vector = state.checkpointAwaiting else {
            return fail(.protocolViolation, "an answer to a checkpoint that was not offered")
        }
        state.checkpointAwaiting = nil
        if taken { state.peerVector.formUnion(vector) }
        outbound[space] = state
        pump()
    }
}
