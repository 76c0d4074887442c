/// The Noise_XX_25519_ChaChaPoly_BLAKE2b handshake as a pure state machine: no sockets, no clocks.
///
/// ```
/// XX:  -> e
///      <- e, ee, s, es
///      -> s, se
/// ```
///
/// The caller moves bytes: `writeMessage` produces the next message when it is this side's turn,
/// `readMessage` consumes the peer's. After three messages ``finish()`` yields the transport cipher
/// states. The prologue (for PlaceSync: the protocol name and version) is mixed into the transcript, so
/// two sides with different prologues fail the handshake — a downgrade cannot go unnoticed.
public struct NoiseHandshake: Sendable {
    /// Which side this is.
    public enum Role: Sendable {
        case initiator
        case responder
    }

    /// The protocol name mixed in first.
    public static let protocolName = "Noise_XX_25519_ChaChaPoly_BLAKE2b"

    /// This side's role.
    public let role: Role
    private var symmetric: NoiseSymmetricState
    private let staticKey: X25519KeyPair
    private var ephemeralKey: X25519KeyPair?
    private var remoteEphemeral: [UInt8]?
    /// The peer's static X25519 key, once received (after message 2 for the initiator, 3 for the responder).
    public private(set) var remoteStaticKey: [UInt8]?
    private var messageIndex = 0

    /// Starts a handshake.
    /// - Parameters:
    ///   - role: initiator (dials) or responder (accepts).
    ///   - prologue: bytes both sides must agree on.
    ///   - staticKey: this node's X25519 key (``NodeKeyPair/x25519KeyPair()``).
    ///   - ephemeralKey: only for test vectors; normally `nil`, and a fresh key is generated.
    public init(role: Role, prologue: [UInt8], staticKey: X25519KeyPair, ephemeralKey: X25519KeyPair? = nil)
        throws(CryptoError)
    {
        self.role = role
        self.staticKey = staticKey
        self.ephemeralKey = ephemeralKey
        symmetric = try NoiseSymmetricState(protocolName: Self.protocolName)
        symmetric.mixHash(prologue)
    }

    /// Whether all three messages have been exchanged.
    public var isComplete: Bool { messageIndex == 3 }

    /// How many handshake messages have been written or read so far (0...3).
    public var messagesExchanged: Int { messageIndex }

    /// Whether it is this side's turn to write.
    public var isMyTurn: Bool {
        guard !isComplete else { return false }
        return (messageIndex % 2 == 0) == (role == .initiator)
    }

    /// The handshake hash: a value both sides share, unique to this session (for channel binding).
    public var handshakeHash: [UInt8] { symmetric.handshakeHash }

    /// Writes the next handshake message carrying `payload` (encrypted from message 2 on).
    /// - Throws: ``CryptoError/Code/handshakeFailed`` when it is not this side's turn;
    ///   ``CryptoError/Code/messageTooLarge`` beyond 65,535 bytes.
    public mutating func writeMessage(payload: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        guard isMyTurn else {
            throw CryptoError(.handshakeFailed, "it is not this side's turn to write (message \(messageIndex + 1))")
        }
        var message: [UInt8] = []
        switch messageIndex {
        case 0:
            message += try writeEphemeral()
        case 1:
            message += try writeEphemeral()
            try symmetric.mixKey(try dh(ephemeral: true, remoteEphemeral))  // ee
            message += try symmetric.encryptAndHash(staticKey.publicKey)  // s
            try symmetric.mixKey(try dh(ephemeral: false, remoteEphemeral))  // es (responder: s with re)
        default:
            message += try symmetric.encryptAndHash(staticKey.publicKey)  // s
            try symmetric.mixKey(try dh(ephemeral: false, remoteEphemeral))  // se (initiator: s with re)
        }
        message += try symmetric.encryptAndHash(payload)
        guard message.count <= NoiseCipherState.maxMessageLength else {
            throw CryptoError(
                .messageTooLarge, "a handshake message is at most \(NoiseCipherState.maxMessageLength) bytes")
        }
        messageIndex += 1
        return message
    }

    /// Reads the peer's next handshake message and returns its payload.
    /// - Throws: ``CryptoError/Code/handshakeFailed`` when the message is out of turn, too short, or fails
    ///   authentication (a different prologue, a tampered byte, the wrong peer).
    public mutating func readMessage(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard !isComplete, !isMyTurn else {
            throw CryptoError(.handshakeFailed, "a handshake message arrived out of turn")
        }
        guard message.count <= NoiseCipherState.maxMessageLength else {
            throw CryptoError(
                .messageTooLarge, "a handshake message is at most \(NoiseCipherState.maxMessageLength) bytes")
        }
        var rest = message[...]
        func take(_ count: Int) throws(CryptoError) -> [UInt8] {
            guard rest.count >= count else {
                throw CryptoError(.handshakeFailed, "handshake message \(messageIndex + 1) is truncated")
            }
            defer { rest = rest.dropFirst(count) }
            return Array(rest.prefix(count))
        }
        do {
            switch messageIndex {
            case 0:
                try readEphemeral(take(32))
            case 1:
                try readEphemeral(take(32))
                try symmetric.mixKey(try dh(ephemeral: true, remoteEphemeral))  // ee
                remoteStaticKey = try symmetric.decryptAndHash(take(48))  // s
                try symmetric.mixKey(try dh(ephemeral: true, remoteStaticKey))  // es (initiator: e with rs)
            default:
                remoteStaticKey = try symmetric.decryptAndHash(take(48))  // s
                try symmetric.mixKey(try dh(ephemeral: true, remoteStaticKey))  // se (responder: e with rs)
            }
            let payload = try symmetric.decryptAndHash(Array(rest))
            messageIndex += 1
            return payload
        } catch {
            if error.code == .handshakeFailed { throw error }
            throw CryptoError(
                .handshakeFailed, "handshake message \(messageIndex + 1) failed: \(error.message)", underlying: error)
        }
    }

    /// After the third message: the cipher states to send and to receive with, and the handshake hash.
    /// - Throws: ``CryptoError/Code/handshakeFailed`` before the handshake is complete.
    public func finish() throws(CryptoError) -> NoiseTransport {
        guard isComplete else { throw CryptoError(.handshakeFailed, "the handshake is not complete") }
        let (initiatorToResponder, responderToInitiator) = try symmetric.split()
        return role == .initiator
            ? NoiseTransport(send: initiatorToResponder, receive: responderToInitiator, handshakeHash: handshakeHash)
            : NoiseTransport(send: responderToInitiator, receive: initiatorToResponder, handshakeHash: handshakeHash)
    }

    private mutating func writeEphemeral() throws(CryptoError) -> [UInt8] {
        let key: X25519KeyPair
        if let existing = ephemeralKey { key = existing } else { key = try X25519KeyPair.generate() }
        ephemeralKey = key
        symmetric.mixHash(key.publicKey)
        return key.publicKey
    }

    private mutating func readEphemeral(_ key: [UInt8]) throws(CryptoError) {
        remoteEphemeral = key
        symmetric.mixHash(key)
    }

    /// DH between one of our keys (ephemeral or static) and a remote public key.
    private func dh(ephemeral: Bool, _ remote: [UInt8]?) throws(CryptoError) -> SecureBytes {
        guard let remote, let local = ephemeral ? ephemeralKey : staticKey else {
            throw CryptoError(.handshakeFailed, "a key the handshake needs is missing")
        }
        return try local.sharedSecret(with: remote)
    }
}

/// The two cipher states of an established Noise session.
public struct NoiseTransport: Sendable {
    /// Encrypts what this side sends.
    public var send: NoiseCipherState
    /// Decrypts what this side receives.
    public var receive: NoiseCipherState
    /// The handshake hash, identical on both sides.
    public let handshakeHash: [UInt8]
}
