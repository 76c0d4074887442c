internal import PlaceBinary

extension Change {
    /// The version byte of the change encoding this build writes: 2, which leaves out the author's own
    /// previous change from the dependencies (it is implied); version 1, which names it, is still read.
    public static let encodingVersion: UInt8 = 2
    /// The version byte of the change body encoding.
    public static let bodyEncodingVersion: UInt8 = 1

    /// The change in its compact binary form (`Protocol/DOCUMENT-FORMAT.md`, "Change").
    ///
    /// The encoding is canonical: equal changes encode to equal bytes.
    public func encoded() -> [UInt8] { encoded(version: Self.encodingVersion) }

    /// The change in encoding `version` (1 or 2; the vectors of version 1 are still checked).
    package func encoded(version: UInt8) -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        writer.writeByte(version)
        actor.write(to: &writer)
        writer.writeVarint(seq)
        let named = version == 1 ? deps.count : deps.count - (deps[actor] > 0 ? 1 : 0)
        writer.writeVarint(named)
        deps.forEachEntry { depActor, depSeq in
            guard version == 1 || depActor != actor else { return }
            depActor.write(to: &writer)
            writer.writeVarint(depSeq)
        }
        writer.writeBytes(encodedBody())
        return writer.bytes
    }

    /// The part of the change that PlaceSync encrypts: the document, the Lamport start and the
    /// operations. Actor, sequence number and dependencies travel in the envelope header instead.
    public func encodedBody() -> [UInt8] {
        if let receivedBody { return receivedBody }
        // The operations are read in place: iterating the array copied (and destroyed) each one.
        return operations.withUnsafeBufferPointer { operations in
            var referencesOthers = false
            for index in operations.indices where !operations[index].referencesOnly(actor) {
                referencesOthers = true
                break
            }
            let actors: ActorTable
            if referencesOthers {
                var referenced = Set<ActorID>()
                for index in operations.indices { operations[index].collectActors(into: &referenced) }
                actors = ActorTable(own: actor, referenced: referenced)
            } else {
                actors = ActorTable(own: actor)
            }
            var writer = ByteWriter(capacity: 64)
            writer.writeByte(Self.bodyEncodingVersion)
            writer.writeUInt64BE(document.high)
            writer.writeUInt64BE(document.low)
            writer.writeVarint(lamportStart)
            actors.write(to: &writer)
            writer.writeVarint(operations.count)
            for index in operations.indices { operations[index].write(to: &writer, actors: actors) }
            return writer.bytes
        }
    }

    /// Decodes a change from ``encoded()`` bytes.
    /// - Throws: ``CRDTError`` — `.unsupportedVersion` for an unknown version byte, `.limitExceeded` for
    ///   more than ``CRDTLimits/maxChangeBytes``, `.malformedEncoding` for anything truncated, corrupt or
    ///   not canonical, `.invalidChange` for an inconsistent header.
    public init(encoded bytes: [UInt8]) throws(CRDTError) {
        guard bytes.count <= CRDTLimits.maxChangeBytes + 64 * CRDTLimits.maxActors else {
            throw CRDTError(.limitExceeded, "change is \(bytes.count) bytes, beyond the limit")
        }
        var reader = ByteReader(bytes)
        let header: (ActorID, UInt64, VersionVector)
        do {
            let version = try reader.readByte()
            guard version != Self.headsEncodingVersion else {
                throw CRDTError(
                    .unsupportedVersion,
                    "change encoding version 3 names only the change's heads: receive it with ChangeLog.receive(encoded:), which resolves its dependencies from the log"
                )
            }
            guard version == 1 || version == 2 else {
                throw CRDTError(
                    .unsupportedVersion,
                    "change encoding version \(version) is not supported (this build reads 1 and \(Self.encodingVersion)); upgrade PlaceSync"
                )
            }
            let actor = try readActor(from: &reader)
            let seq = try reader.readVarint(in: 1...Change.maxLamport, field: "seq")
            var deps = try Self.readDeps(from: &reader)
            if version == 2 {
                // The author's own previous change is implied, so naming it is not canonical.
                guard deps[actor] == 0 else {
                    throw CRDTError(
                        .malformedEncoding, "a version-2 change names its own author among its dependencies")
                }
                if seq > 1 { deps[actor] = seq - 1 }
            }
            header = (actor, seq, deps)
        } catch {
            throw Self.wrap(error)
        }
        let body = Array(try Self.catching { try reader.readBytes(reader.remaining) })
        try self.init(actor: header.0, seq: header.1, deps: header.2, body: body)
    }

    /// Decodes a change from its header fields (carried by an envelope) and ``encodedBody()`` bytes.
    public init(actor: ActorID, seq: UInt64, deps: VersionVector, body: [UInt8]) throws(CRDTError) {
        guard body.count <= CRDTLimits.maxChangeBytes else {
            throw CRDTError(
                .limitExceeded, "change body is \(body.count) bytes; the limit is \(CRDTLimits.maxChangeBytes)")
        }
        var reader = ByteReader(body)
        let decoded: (DocumentID, UInt64, [Operation]) = try Self.catching {
            let version = try reader.readByte()
            guard version == Self.bodyEncodingVersion else {
                throw CRDTError(
                    .unsupportedVersion,
                    "change body version \(version) is not supported (this build reads version \(Self.bodyEncodingVersion)); upgrade PlaceSync"
                )
            }
            guard let document = DocumentID(bytes: try reader.readBytes(DocumentID.byteCount)) else {
                throw CRDTError(.malformedEncoding, "document id must be 16 bytes")
            }
            let lamportStart = try reader.readVarint(in: 1...Change.maxLamport, field: "Lamport start")
            let actors = try ActorTable.read(from: &reader, own: actor)
            let count = try reader.readCount(limit: reader.remaining / 2, field: "operation count")
            var operations: [Operation] = []
            operations.reserveCapacity(count)
            var used = UsedActors(tableCount: actors.others.count)
            for _ in 0..<count {
                let operation = try Operation.read(from: &reader, actors: actors)
                // An operation can name only actors of the table (it names them by index): with no
                // others in it there is nothing to check.
                if !actors.others.isEmpty {
                    operation.forEachReferencedActor { referenced in
                        guard referenced != actor, let position = actors.position(ofOther: referenced) else { return }
                        used.insert(position)
                    }
                }
                operations.append(operation)
            }
            try reader.finish()
            guard used.coversTable else {
                throw CRDTError(.malformedEncoding, "the actor table names actors that no operation uses")
            }
            return (document, lamportStart, operations)
        }
        try self.init(
            actor: actor, seq: seq, lamportStart: decoded.1, deps: deps, document: decoded.0, operations: decoded.2)
        keepReceivedBody(body)
    }

    static func readDeps(from reader: inout ByteReader) throws -> VersionVector {
        let count = try reader.readCount(
            limit: min(CRDTLimits.maxActors, reader.remaining / 33), field: "dependency count")
        // Sorted and distinct as read: stored in that order as they come (no dictionary to sort).
        var vector = VersionVector(capacity: count)
        var previous: ActorID?
        for _ in 0..<count {
            let actor = try readActor(from: &reader)
            guard actor != .zero, previous.map({ $0 < actor }) ?? true else {
                throw CRDTError(.malformedEncoding, "dependencies must be sorted by actor, distinct and not zero")
            }
            vector.appendInOrder(actor, try reader.readVarint(in: 1...Change.maxLamport, field: "dependency seq"))
            previous = actor
        }
        return vector
    }

    /// Runs a decoding step, turning any error into a ``CRDTError``.
    static func catching<T>(_ body: () throws -> T) throws(CRDTError) -> T {
        do {
            return try body()
        } catch {
            throw wrap(error)
        }
    }

    static func wrap(_ error: any Error) -> CRDTError {
        if let error = error as? CRDTError { return error }
        if let error = error as? BinaryError {
            return CRDTError(.malformedEncoding, error.description, underlying: error)
        }
        return CRDTError(.malformedEncoding, "\(error)")
    }
}

/// Which actors of a change's actor table its operations name, for the check that the table names no
/// actor in vain: bits for a table of up to 64 others (a set, allocated, for a longer one).
private struct UsedActors {
    let tableCount: Int
    private var bits: UInt64 = 0
    private var positions = Set<Int>()

    init(tableCount: Int) {
        self.tableCount = tableCount
    }

    /// Marks the actor at `position` of the table's others as named.
    mutating func insert(_ position: Int) {
        if tableCount <= 64 {
            bits |= 1 << UInt64(position)
        } else {
            positions.insert(position)
        }
    }

    /// Whether every actor of the table was named.
    var coversTable: Bool {
        if tableCount <= 64 {
            return bits == (tableCount == 64 ? UInt64.max : (1 << UInt64(tableCount)) - 1)
        }
        return positions.count == tableCount
    }
}
