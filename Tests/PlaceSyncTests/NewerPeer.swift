import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceWire

/// A peer of a newer PlaceSync, written from `Protocol/PROTOCOL.md` with the wire and crypto pieces
/// alone (no SyncSession): it offers protocol versions it chooses, then sends whatever messages the test
/// gives it to a node's responder session, in memory. It acknowledges the node's batches and answers
/// chain requests with an empty chain; it keeps every message and event the node's session produced.
struct NewerPeer {
    struct Failure: Error { let message: String }

    private var session: SyncSession
    private var transport: NoiseTransport
    private var fromNode = FrameDecoder()
    private var reassembler = MessageReassembler()
    /// The protocol version the node chose.
    let version: UInt16
    /// How many of the node's messages came deflated.
    private(set) var deflatedReceived = 0
    /// What the node's session reported.
    private(set) var events: [SyncSessionEvent] = []
    /// Every message the node sent after the handshake.
    private(set) var received: [SyncMessage] = []
    /// Whether the node's session closed the connection.
    private(set) var closed = false

    init(talkingTo node: Node, key: NodeKeyPair, offering versions: [UInt16] = [1, 2, 3, 4]) throws {
        var handshake = try NodeHandshake(role: .initiator, prologue: ProtocolVersion.prologue, node: key)
        session = try SyncSession(role: .responder, node: node, now: .zero)
        var pending: [UInt8] = []
        Self.drive(&session, FrameDecoder.frame(try handshake.writeMessage(payload: ProtocolVersion.offer(versions)))) {
            pending += $0
        } event: { _ in
        } close: {
        }
        var decoder = FrameDecoder()
        decoder.append(pending)
        guard let second = try decoder.nextFrame() else { throw Failure(message: "no handshake message 2") }
        version = try ProtocolVersion.readAnswer(try handshake.readMessage(second))
        let third = FrameDecoder.frame(try handshake.writeMessage())
        transport = try handshake.finish()
        deliver(third)
    }

    /// Encrypts and delivers `message`, then takes in what the node answers.
    mutating func send(_ message: SyncMessage) throws {
        var bytes: [UInt8] = []
        for part in MessageFragments.split(message.encoded()) {
            bytes += FrameDecoder.frame(try transport.send.encrypt(part))
        }
        deliver(bytes)
        try readReplies()
    }

    private mutating func readReplies() throws {
        var answers: [SyncMessage] = []
        while let frame = try fromNode.nextFrame() {
            guard let plaintext = try reassembler.append(try transport.receive.decrypt(frame)) else { continue }
            // Deflated messages only ever come once version 2 is chosen: a version-1 peer decodes plainly.
            let message =
                version >= 2
                ? try SyncMessage(decodingPossiblyDeflated: plaintext) : try SyncMessage(decoding: plaintext)
            if plaintext.first == SyncMessage.deflatedType { deflatedReceived += 1 }
            received.append(message)
            switch message {
            case .envelopes(_, let batch, _): answers.append(.ack(batch: batch))
            case .chainRequest(let space): answers.append(.chain(space: space, envelopes: []))
            default: break
            }
        }
        for answer in answers where !closed { try send(answer) }
    }

    private mutating func deliver(_ bytes: [UInt8]) {
        var out: [UInt8] = []
        var events: [SyncSessionEvent] = []
        var closed = false
        Self.drive(&session, bytes) {
            out += $0
        } event: {
            events.append($0)
        } close: {
            closed = true
        }
        fromNode.append(out)
        self.events += events
        self.closed = self.closed || closed
    }

    /// Feeds `bytes` to the session and runs its actions (ingests in place) until none are left.
    private static func drive(
        _ session: inout SyncSession, _ bytes: [UInt8], write: (([UInt8]) -> Void), event: (SyncSessionEvent) -> Void,
        close: () -> Void
    ) {
        var actions = session.receive(bytes, now: .seconds(1))
        while !actions.isEmpty {
            var next: [SyncSessionAction] = []
            for action in actions {
                switch action {
                case .write(let out): write(out)
                case .close: close()
                case .event(let happened): event(happened)
                case .ingest(let request): next += session.ingestHere(request, now: .seconds(1))
                }
            }
            actions = next
        }
    }
}
