internal import PlaceBinary

/// Actors referenced by an encoding, written once and then named by index.
///
/// For a change: index 0 is the change's own actor; index `i ≥ 1` is `others[i - 1]`, where `others` is
/// sorted ascending and excludes the change's actor. For a snapshot: index `i` is `others[i]`.
struct ActorTable {
    let own: ActorID?
    let others: [ActorID]
    /// Each other actor's position in `others`, only for a table longer than `linearLimit`: a short
    /// one (a typed change names its own actor alone) is searched, so encoding it hashes nothing and
    /// allocates no dictionary.
    private let positions: [ActorID: Int]?

    /// The longest table searched instead of hashed.
    private static let linearLimit = 8

    init(own: ActorID?, referenced: Set<ActorID>) {
        var others = referenced
        if let own, !others.isEmpty { others.remove(own) }
        self.init(own: own, sortedOthers: others.sorted())
    }

    /// A table of `own` and `others`, which must be sorted, distinct and exclude `own`.
    private init(own: ActorID?, sortedOthers others: [ActorID]) {
        self.own = own
        self.others = others
        if self.others.count > Self.linearLimit {
            var positions: [ActorID: Int] = [:]
            positions.reserveCapacity(self.others.count)
            for (position, actor) in self.others.enumerated() { positions[actor] = position }
            self.positions = positions
        } else {
            positions = nil
        }
    }

    /// A table of `own` alone: what a typed change needs (no set to build, nothing to sort).
    init(own: ActorID) {
        self.own = own
        others = []
        positions = nil
    }

    func index(of actor: ActorID) -> Int {
        if actor == own { return 0 }
        guard let position = position(ofOther: actor) else {
            preconditionFailure("actor \(actor) was not collected into the table")
        }
        return position + (own == nil ? 0 : 1)
    }

    /// Where `actor` is in `others`, if it is there.
    func position(ofOther actor: ActorID) -> Int? {
        positions.map { $0[actor] } ?? others.firstIndex(of: actor)
    }

    func write(to writer: inout ByteWriter) {
        writer.writeVarint(others.count)
        for actor in others { actor.write(to: &writer) }
    }

    /// Reads the table, checking that it is sorted, distinct, not zero and does not repeat `own`.
    static func read(from reader: inout ByteReader, own: ActorID?) throws -> ActorTable {
        let count = try reader.readCount(
            limit: min(CRDTLimits.maxActors, reader.remaining / ActorID.byteCount), field: "actor count")
        var others: [ActorID] = []
        others.reserveCapacity(count)
        for _ in 0..<count {
            let actor = try readActor(from: &reader)
            guard actor != .zero, actor != own, others.last.map({ $0 < actor }) ?? true else {
                throw CRDTError(
                    .malformedEncoding,
                    "the actor table must be sorted, distinct, and name neither the zero actor nor the change's own actor"
                )
            }
            others.append(actor)
        }
        return ActorTable(own: own, sortedOthers: others)
    }

    func actor(at index: UInt64) throws -> ActorID {
        if let own {
            if index == 0 { return own }
            guard index - 1 < UInt64(others.count) else {
                throw CRDTError(.malformedEncoding, "actor index \(index) is beyond the table of \(others.count + 1)")
            }
            return others[Int(index - 1)]
        }
        guard index < UInt64(others.count) else {
            throw CRDTError(.malformedEncoding, "actor index \(index) is beyond the table of \(others.count)")
        }
        return others[Int(index)]
    }

    // MARK: Ids

    func write(_ id: OpID, to writer: inout ByteWriter) {
        writer.writeVarint(id.counter)
        writer.writeVarint(index(of: id.actor))
    }

    func readOpID(from reader: inout ByteReader) throws -> OpID {
        let counter = try reader.readVarint(in: 1...Change.maxLamport, field: "operation counter")
        return OpID(counter: counter, actor: try actor(at: try reader.readVarint()))
    }

    /// An optional id: counter 0 means none.
    func write(optional id: OpID?, to writer: inout ByteWriter) {
        if let id { write(id, to: &writer) } else { writer.writeVarint(UInt64(0)) }
    }

    func readOptionalOpID(from reader: inout ByteReader) throws -> OpID? {
        let counter = try reader.readVarint(in: 0...Change.maxLamport, field: "operation counter")
        guard counter > 0 else { return nil }
        return OpID(counter: counter, actor: try actor(at: try reader.readVarint()))
    }

    /// A container id: counter 0 is the root.
    func write(_ container: ContainerID, to writer: inout ByteWriter) {
        write(optional: container.creatingOperation, to: &writer)
    }

    func readContainerID(from reader: inout ByteReader) throws -> ContainerID {
        guard let id = try readOptionalOpID(from: &reader) else { return .root }
        return ContainerID(id)
    }
}

extension ActorID {
    /// Writes the id's 32 bytes.
    func write(to writer: inout ByteWriter) {
        writer.writeUInt64BE(w0)
        writer.writeUInt64BE(w1)
        writer.writeUInt64BE(w2)
        writer.writeUInt64BE(w3)
    }
}

/// Reads a 32-byte actor id.
func readActor(from reader: inout ByteReader) throws -> ActorID {
    let bytes = try reader.readBytes(ActorID.byteCount)
    guard let actor = ActorID(bytes: bytes) else {
        throw CRDTError(.malformedEncoding, "an actor id must be 32 bytes")
    }
    return actor
}
