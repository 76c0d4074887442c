internal import PlaceBinary

/// Tags of the value and operation encodings (see `Protocol/DOCUMENT-FORMAT.md`).
enum EncodingTag {
    static let null: UInt8 = 0x00
    static let falseValue: UInt8 = 0x01
    static let trueValue: UInt8 = 0x02
    static let int: UInt8 = 0x03
    static let double: UInt8 = 0x04
    static let string: UInt8 = 0x05
    /// `0x10 | ContainerKind.rawValue`: a new container.
    static let newContainerBase: UInt8 = 0x10

    static let mapSet: UInt8 = 0x01
    static let mapDelete: UInt8 = 0x02
    static let insertText: UInt8 = 0x03
    static let insertValues: UInt8 = 0x04
    static let delete: UInt8 = 0x05
    static let increment: UInt8 = 0x06
}

extension ElementValue {
    func write(to writer: inout ByteWriter) {
        switch self {
        case .scalar(.null): writer.writeByte(EncodingTag.null)
        case .scalar(.bool(let value)): writer.writeByte(value ? EncodingTag.trueValue : EncodingTag.falseValue)
        case .scalar(.int(let value)):
            writer.writeByte(EncodingTag.int)
            writer.writeSignedVarint(value)
        case .scalar(.double(let value)):
            writer.writeByte(EncodingTag.double)
            writer.writeUInt64LE(value.bitPattern)
        case .scalar(.string(let value)):
            writer.writeByte(EncodingTag.string)
            writer.writeString(value)
        case .newContainer(let kind):
            writer.writeByte(EncodingTag.newContainerBase | kind.rawValue)
        }
    }

    static func read(from reader: inout ByteReader, maxStringBytes: Int) throws -> ElementValue {
        let tag = try reader.readByte()
        switch tag {
        case EncodingTag.null: return .scalar(.null)
        case EncodingTag.falseValue: return .scalar(.bool(false))
        case EncodingTag.trueValue: return .scalar(.bool(true))
        case EncodingTag.int: return .scalar(.int(try reader.readSignedVarint()))
        case EncodingTag.double: return .scalar(.double(Double(bitPattern: try reader.readUInt64LE())))
        case EncodingTag.string:
            return .scalar(.string(try reader.readString(maxBytes: maxStringBytes, field: "string value")))
        default:
            guard tag & 0xF0 == EncodingTag.newContainerBase, let kind = ContainerKind(rawValue: tag & 0x0F) else {
                throw CRDTError(
                    .malformedEncoding, "unknown value tag 0x\(String(tag, radix: 16)) at byte \(reader.offset - 1)")
            }
            return .newContainer(kind)
        }
    }
}

extension Operation {
    /// The actors this operation names (besides its author), for the change's actor table.
    func collectActors(into actors: inout Set<ActorID>) {
        forEachReferencedActor { actors.insert($0) }
    }

    /// Calls `body` with the actor of every id the operation names (container, preds, origins,
    /// targets), repeats included.
    func forEachReferencedActor(_ body: (ActorID) -> Void) {
        if !container.isRoot { body(container.opID.actor) }
        switch self {
        case .mapSet(_, _, _, let pred), .mapDelete(_, _, let pred):
            for id in pred { body(id.actor) }
        case .insert(let insert):
            if let left = insert.originLeft { body(left.actor) }
            if let right = insert.originRight { body(right.actor) }
        case .delete(_, let targets):
            for target in targets { body(target.start.actor) }
        case .increment:
            break
        }
    }

    func write(to writer: inout ByteWriter, actors: ActorTable) {
        switch self {
        case let .mapSet(container, key, value, pred):
            writer.writeByte(EncodingTag.mapSet)
            actors.write(container, to: &writer)
            writer.writeString(key)
            value.write(to: &writer)
            Self.write(pred, to: &writer, actors: actors)
        case let .mapDelete(container, key, pred):
            writer.writeByte(EncodingTag.mapDelete)
            actors.write(container, to: &writer)
            writer.writeString(key)
            Self.write(pred, to: &writer, actors: actors)
        case .insert(let insert):
            switch insert.content {
            case .text: writer.writeByte(EncodingTag.insertText)
            case .values: writer.writeByte(EncodingTag.insertValues)
            }
            actors.write(insert.container, to: &writer)
            actors.write(optional: insert.originLeft, to: &writer)
            actors.write(optional: insert.originRight, to: &writer)
            switch insert.content {
            case .text(let text): writer.writeString(text)
            case .values(let values):
                writer.writeVarint(values.count)
                for value in values { value.write(to: &writer) }
            }
        case let .delete(container, targets):
            writer.writeByte(EncodingTag.delete)
            actors.write(container, to: &writer)
            writer.writeVarint(targets.count)
            for target in targets {
                actors.write(target.start, to: &writer)
                writer.writeVarint(target.count)
            }
        case let .increment(container, delta):
            writer.writeByte(EncodingTag.increment)
            actors.write(container, to: &writer)
            writer.writeSignedVarint(delta)
        }
    }

    private static func write(_ ids: [OpID], to writer: inout ByteWriter, actors: ActorTable) {
        writer.writeVarint(ids.count)
        for id in ids { actors.write(id, to: &writer) }
    }

    private static func readIDs(from reader: inout ByteReader, actors: ActorTable) throws -> [OpID] {
        // Each id takes at least two bytes, which bounds the count before anything is allocated.
        let count = try reader.readCount(limit: reader.remaining / 2, field: "id count")
        var ids: [OpID] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try actors.readOpID(from: &reader)) }
        return ids
    }

    static func read(from reader: inout ByteReader, actors: ActorTable) throws -> Operation {
        let start = reader.offset
        let tag = try reader.readByte()
        let container = try actors.readContainerID(from: &reader)
        switch tag {
        case EncodingTag.mapSet:
            let key = try reader.readString(maxBytes: CRDTLimits.maxKeyBytes, field: "map key")
            let value = try ElementValue.read(from: &reader, maxStringBytes: CRDTLimits.maxChangeBytes)
            return .mapSet(
                container: container, key: key, value: value, pred: try readIDs(from: &reader, actors: actors))
        case EncodingTag.mapDelete:
            let key = try reader.readString(maxBytes: CRDTLimits.maxKeyBytes, field: "map key")
            return .mapDelete(container: container, key: key, pred: try readIDs(from: &reader, actors: actors))
        case EncodingTag.insertText, EncodingTag.insertValues:
            let left = try actors.readOptionalOpID(from: &reader)
            let right = try actors.readOptionalOpID(from: &reader)
            if tag == EncodingTag.insertText {
                let text = try reader.readString(maxBytes: CRDTLimits.maxChangeBytes, field: "inserted text")
                guard !text.isEmpty else {
                    throw CRDTError(.malformedEncoding, "an insert must insert at least one scalar")
                }
                return .insert(container: container, originLeft: left, originRight: right, content: .text(text))
            }
            let count = try reader.readCount(limit: reader.remaining, field: "inserted value count")
            guard count >= 1 else { throw CRDTError(.malformedEncoding, "an insert must insert at least one value") }
            var values: [ElementValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                values.append(try ElementValue.read(from: &reader, maxStringBytes: CRDTLimits.maxChangeBytes))
            }
            return .insert(container: container, originLeft: left, originRight: right, content: .values(values))
        case EncodingTag.delete:
            let count = try reader.readCount(limit: reader.remaining / 3, field: "delete range count")
            guard count >= 1 else { throw CRDTError(.malformedEncoding, "a delete must name at least one range") }
            var targets: [IDRange] = []
            targets.reserveCapacity(count)
            for _ in 0..<count {
                let first = try actors.readOpID(from: &reader)
                let length = try reader.readVarint(
                    in: 1...(Change.maxLamport - first.counter + 1), field: "delete range length")
                targets.append(IDRange(start: first, count: length))
            }
            return .delete(container: container, targets: targets)
        case EncodingTag.increment:
            return .increment(container: container, delta: try reader.readSignedVarint())
        default:
            throw CRDTError(.malformedEncoding, "unknown operation tag 0x\(String(tag, radix: 16)) at byte \(start)")
        }
    }
}
