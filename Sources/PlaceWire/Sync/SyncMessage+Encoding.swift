internal import PlaceBinary
internal import PlaceCRDT

extension SyncMessage {
    /// The message's bytes: its type byte, then its fields (`Protocol/PROTOCOL.md` §5).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeByte(type)
        switch self {
        case .hello(let agent, let wants, let redemption):
            writer.writeString(agent)
            writer.writeVarint(wants.count)
            for want in wants { Self.write(want, into: &writer) }
            if let redemption {
                writer.writeByte(1)
                writer.writeString(redemption)
            } else {
                writer.writeByte(0)
            }
        case .want(let want):
            Self.write(want, into: &writer)
        case .chainRequest(let space), .synced(let space), .admitted(let space), .refused(let space):
            writer.writeBytes(space.bytes)
        case .chain(let space, let envelopes):
            writer.writeBytes(space.bytes)
            Self.write(envelopes, into: &writer)
        case .envelopes(let space, let batch, let envelopes):
            writer.writeBytes(space.bytes)
            writer.writeVarint(batch)
            Self.write(envelopes, into: &writer)
        case .attestations(let space, let attestations):
            writer.writeBytes(space.bytes)
            Self.write(attestations, into: &writer)
        case .checkpoint(let space, let part, let parts, let bytes):
            writer.writeBytes(space.bytes)
            writer.writeVarint(part)
            writer.writeVarint(parts)
            writer.writeLengthPrefixed(bytes)
        case .checkpointAnswer(let space, let answer):
            writer.writeBytes(space.bytes)
            writer.writeByte(answer.rawValue)
        case .checkpointOffer(let space, let id):
            writer.writeBytes(space.bytes)
            writer.writeBytes(id)
        case .ack(let batch):
            writer.writeVarint(batch)
        case .ping, .bye:
            break
        case .optional(_, let body):
            writer.writeBytes(body)
        case .error(let code, let message):
            writer.writeVarint(code.rawValue)
            writer.writeString(message)
        }
        return writer.bytes
    }

    /// The encoded size of an envelope inside a batch: what a sender adds per envelope.
    public static func encodedCost(ofEnvelope bytes: [UInt8]) -> Int {
        var writer = ByteWriter()
        writer.writeVarint(bytes.count)
        return writer.count + bytes.count
    }

    /// Decodes one message from exactly `bytes`.
    /// - Throws: ``WireError/Code/limitExceeded`` for input over a limit (checked before allocating),
    ///   ``WireError/Code/malformed`` for anything else wrong, unknown types outside
    ///   ``optionalTypes`` included (an unknown optional type decodes as ``optional(type:body:)``).
    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Self.maxBytes else {
            throw WireError(.limitExceeded, "a sync message is at most \(Self.maxBytes) bytes, got \(bytes.count)")
        }
        var reader = ByteReader(bytes)
        do {
            let type = try reader.readByte()
            switch type {
            case 0x01:
                let agent = try reader.readString(maxBytes: Self.maxAgentBytes, field: "agent")
                let count = try reader.readCount(limit: min(Self.maxWants, reader.remaining / 17), field: "want count")
                var wants: [SpaceWant] = []
                wants.reserveCapacity(count)
                for _ in 0..<count { wants.append(try Self.readWant(&reader)) }
                var redemption: String?
                switch try reader.readByte() {
                case 0: redemption = nil
                case 1: redemption = try reader.readString(maxBytes: Self.maxRedemptionBytes, field: "redemption")
                default: throw WireError(.malformed, "hello: the redemption flag must be 0 or 1")
                }
                self = .hello(agent: agent, wants: wants, redemption: redemption)
            case 0x02:
                self = .want(try Self.readWant(&reader))
            case 0x03:
                self = .chainRequest(space: try Self.readSpace(&reader))
            case 0x04:
                let space = try Self.readSpace(&reader)
                self = .chain(space: space, envelopes: try Self.readEnvelopes(&reader))
            case 0x05:
                let space = try Self.readSpace(&reader)
                let batch = try reader.readVarint(in: 1...UInt64.max, field: "batch number")
                self = .envelopes(space: space, batch: batch, envelopes: try Self.readEnvelopes(&reader))
            case 0x06:
                self = .ack(batch: try reader.readVarint(in: 1...UInt64.max, field: "batch number"))
            case 0x07:
                self = .synced(space: try Self.readSpace(&reader))
            case 0x08:
                self = .ping
            case 0x09:
                self = .admitted(space: try Self.readSpace(&reader))
            case 0x0A:
                self = .refused(space: try Self.readSpace(&reader))
            case 0x0E:
                let code = SyncErrorCode(rawValue: try reader.readVarint())
                self = .error(
                    code: code, message: try reader.readString(maxBytes: Self.maxErrorMessageBytes, field: "message"))
            case 0x0F:
                self = .bye
            case 0x40:
                let space = try Self.readSpace(&reader)
                let count = try reader.readCount(
                    limit: min(Self.maxAttestationsPerMessage, reader.remaining), field: "attestation count")
                var attestations: [[UInt8]] = []
                attestations.reserveCapacity(count)
                for _ in 0..<count {
                    attestations.append(
                        Array(try reader.readLengthPrefixed(maxBytes: HeadAttestation.maxBytes, field: "attestation")))
                }
                self = .attestations(space: space, attestations: attestations)
            case 0x41:
                let space = try Self.readSpace(&reader)
                let parts = Self.maxCheckpointParts
                let part = try reader.readVarint(in: 1...parts, field: "checkpoint part")
                let count = try reader.readVarint(in: part...parts, field: "checkpoint parts")
                let bytes = try reader.readLengthPrefixed(
                    maxBytes: Self.maxCheckpointPartBytes, field: "checkpoint part")
                self = .checkpoint(space: space, part: part, parts: count, bytes: Array(bytes))
            case 0x42:
                let space = try Self.readSpace(&reader)
                guard let answer = CheckpointAnswer(rawValue: try reader.readByte()) else {
                    throw WireError(.malformed, "checkpoint answer: 0 (declined), 1 (installed) or 2 (send)")
                }
                self = .checkpointAnswer(space: space, answer: answer)
            case 0x43:
                let space = try Self.readSpace(&reader)
                self = .checkpointOffer(space: space, id: Array(try reader.readBytes(32)))
            case Self.optionalTypes:
                self = .optional(type: type, body: Array(try reader.readBytes(reader.remaining)))
            default:
                throw WireError(.malformed, "unknown sync message type 0x\(String(type, radix: 16))")
            }
            try reader.finish()
        } catch let error as WireError {
            throw error
        } catch let error as BinaryError where error.code == .limitExceeded {
            throw WireError(.limitExceeded, "sync message: \(error.message)", underlying: error)
        } catch {
            throw WireError(.malformed, "sync message: \(error)", underlying: error)
        }
    }

    /// The most parts a checkpoint travels in (``Checkpoint/maxBytes`` in ``maxCheckpointPartBytes``).
    static let maxCheckpointParts = UInt64((Checkpoint.maxBytes + maxCheckpointPartBytes - 1) / maxCheckpointPartBytes)

    static func write(_ want: SpaceWant, into writer: inout ByteWriter) {
        writer.writeBytes(want.space.bytes)
        writer.writeVarint(want.vector.count)
        for (actor, seq) in want.vector.entries {
            writer.writeBytes(actor.bytes)
            writer.writeVarint(seq)
        }
    }

    private static func write(_ envelopes: [[UInt8]], into writer: inout ByteWriter) {
        writer.writeVarint(envelopes.count)
        for envelope in envelopes { writer.writeLengthPrefixed(envelope) }
    }

    private static func readSpace(_ reader: inout ByteReader) throws -> SpaceID {
        try SpaceID.decoding(Array(try reader.readBytes(SpaceID.byteCount)))
    }

    /// A vector: sorted distinct authors, each with a seq ≥ 1 (the same rule as envelope dependencies).
    static func readWant(_ reader: inout ByteReader) throws -> SpaceWant {
        let space = try readSpace(&reader)
        let count = try reader.readCount(
            limit: min(EnvelopeHeader.maxDeps, reader.remaining / 33), field: "vector count")
        var entries: [ActorID: UInt64] = [:]
        entries.reserveCapacity(count)
        var last: ActorID?
        for _ in 0..<count {
            guard let actor = ActorID(bytes: try reader.readBytes(ActorID.byteCount)), last.map({ $0 < actor }) ?? true
            else {
                throw WireError(.malformed, "a version vector must be sorted by author, without repeats")
            }
            entries[actor] = try reader.readVarint(in: 1...UInt64.max, field: "vector seq")
            last = actor
        }
        return SpaceWant(space: space, vector: VersionVector(entries))
    }

    private static func readEnvelopes(_ reader: inout ByteReader) throws -> [[UInt8]] {
        let count = try reader.readCount(limit: min(maxEnvelopesPerMessage, reader.remaining), field: "envelope count")
        var envelopes: [[UInt8]] = []
        envelopes.reserveCapacity(count)
        for _ in 0..<count {
            envelopes.append(Array(try reader.readLengthPrefixed(maxBytes: maxEnvelopeBytes, field: "envelope")))
        }
        return envelopes
    }
}
