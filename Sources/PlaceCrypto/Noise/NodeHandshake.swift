/// A Noise XX handshake between two PlaceSync nodes that also proves each side's node id.
///
/// The node's Noise static key is the X25519 key derived from its Ed25519 node key. Because a node id
/// cannot be read back from an X25519 key, each side sends its Ed25519 public key as the first 32 bytes
/// of its encrypted handshake payload (message 2 from the responder, message 3 from the initiator), and
/// the other side checks that it maps to the Noise static key it just authenticated. Completing the
/// handshake proves possession of the matching secret key; after it, ``remoteNodeID`` is known and the
/// caller decides whether to accept it. Message 1 is sent in the clear and carries only the caller's
/// (non-secret) payload.
public struct NodeHandshake: Sendable {
    private var noise: NoiseHandshake
    private let localNodeID: NodeID
    /// The peer's node id, once proven (after message 2 for the initiator, message 3 for the responder).
    public private(set) var remoteNodeID: NodeID?

    /// Starts a handshake as `node`.
    /// - Parameters:
    ///   - role: `.initiator` for the side that writes message 1.
    ///   - node: the node key pair the handshake proves (its X25519 form is the Noise static key).
    ///   - prologue: bytes both sides must agree on (the sync layer binds protocol name and version here).
    public init(role: NoiseHandshake.Role, prologue: [UInt8], node: NodeKeyPair) throws(CryptoError) {
        noise = try NoiseHandshake(role: role, prologue: prologue, staticKey: node.x25519KeyPair())
        localNodeID = node.nodeID
    }

    /// Whether all three messages have been exchanged.
    public var isComplete: Bool { noise.isComplete }
    /// Whether it is this side's turn to write.
    public var isMyTurn: Bool { noise.isMyTurn }

    /// Writes the next message with `payload`; messages 2 and 3 carry this node's id first.
    public mutating func writeMessage(payload: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        let index = messageIndex
        let identity = index == 0 ? [] : localNodeID.publicKey
        return try noise.writeMessage(payload: identity + payload)
    }

    /// Reads the peer's next message and returns the caller's part of its payload.
    /// - Throws: ``CryptoError/Code/identityMismatch`` when the node id in the payload does not belong to
    ///   the Noise static key; ``CryptoError/Code/handshakeFailed`` for anything else wrong.
    public mutating func readMessage(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
        let index = messageIndex
        let payload = try noise.readMessage(message)
        guard index > 0 else { return payload }
        guard payload.count >= NodeID.byteCount else {
            throw CryptoError(.handshakeFailed, "the peer's handshake payload does not start with a node id")
        }
        let claimed = try NodeID(publicKey: Array(payload.prefix(NodeID.byteCount)))
        guard let remoteStatic = noise.remoteStaticKey,
            constantTimeEquals(try claimed.x25519PublicKey(), remoteStatic)
        else {
            throw CryptoError(.identityMismatch, "the peer's node id does not belong to its handshake key")
        }
        remoteNodeID = claimed
        return Array(payload.dropFirst(NodeID.byteCount))
    }

    /// The transport cipher states, once complete.
    public func finish() throws(CryptoError) -> NoiseTransport { try noise.finish() }

    private var messageIndex: Int { noise.messagesExchanged }
}
