internal import PlaceCrypto
internal import PlaceWire

extension SyncSession {
    /// One handshake message: versions offered in message 1, chosen in message 2, node ids proven in
    /// messages 2 and 3 (``NodeHandshake``).
    mutating func handshakeFrame(_ frame: [UInt8], handshake: NodeHandshake, version: UInt16, now: Duration) {
        var handshake = handshake
        var version = version
        do {
            let payload = try handshake.readMessage(frame)
            switch (role, handshake.isComplete) {
            case (.responder, false):
                // Message 1: pick a version, answer with message 2.
                let offered: [UInt16]
                do {
                    offered = try ProtocolVersion.readOffer(payload)
                } catch {
                    return finish(error: SyncSessionError(code: .protocolViolation, message: error.message))
                }
                version = ProtocolVersion.choose(from: offered)
                outbox += FrameDecoder.frame(try handshake.writeMessage(payload: ProtocolVersion.answer(version)))
                guard version != 0 else {
                    return finish(
                        error: SyncSessionError(
                            code: .protocolViolation,
                            message:
                                Self.noCommonVersion(peer: offered)
                        ))
                }
                phase = .handshake(handshake, version: version)
            case (.initiator, false):
                // Message 2: the responder's choice; answer with message 3.
                do {
                    version = try ProtocolVersion.readAnswer(payload)
                } catch {
                    return finish(error: SyncSessionError(code: .protocolViolation, message: error.message))
                }
                guard ProtocolVersion.supported.contains(version) else {
                    return finish(
                        error: SyncSessionError(
                            code: .protocolViolation,
                            message:
                                "the peer speaks none of this build's protocol versions \(ProtocolVersion.supported): one of the two must be upgraded (compare `placesync --version`)"
                        ))
                }
                outbox += FrameDecoder.frame(try handshake.writeMessage(payload: []))
                try open(handshake, version: version, now: now)
            case (.responder, true):
                try open(handshake, version: version, now: now)
            case (.initiator, true):
                finish(error: SyncSessionError(code: .protocolViolation, message: "an extra handshake message"))
            }
        } catch {
            finish(error: SyncSessionError(code: .protocolViolation, message: "handshake failed: \(error.message)"))
        }
    }

    /// Says which side must be upgraded when the peer offered none of this build's versions.
    static func noCommonVersion(peer offered: [UInt16]) -> String {
        let ours = ProtocolVersion.supported
        let side =
            (offered.max() ?? 0) > (ours.max() ?? 0)
            ? "the peer is newer: upgrade PlaceSync on this node to protocol version \(offered.min() ?? 0) or later"
            : "the peer is older: upgrade PlaceSync on the peer"
        return "no common protocol version (the peer speaks \(offered), this build \(ours)); \(side)"
    }

    private mutating func open(_ handshake: NodeHandshake, version: UInt16, now: Duration) throws(CryptoError) {
        guard let remote = handshake.remoteNodeID else {
            throw CryptoError(.handshakeFailed, "the peer's node id is unknown after the handshake")
        }
        if let expectedPeer, expectedPeer != remote {
            return finish(
                error: SyncSessionError(
                    code: .notEntitled, message: "the peer is \(remote), not the expected \(expectedPeer)"))
        }
        var exchange = SyncExchange(
            replica: replica, configuration: configuration, peer: remote, version: version,
            transport: try handshake.finish(), quotaLedger: quotaLedger, now: now)
        exchange.actions.append(.event(.connected(peer: remote, version: version)))
        exchange.sendHello(redemption: redemption)
        phase = .open(exchange)
        withExchange(now: now) { _ in }
    }
}
