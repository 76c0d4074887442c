/// A document's per-container values (kinds, states, parents), keyed by container id.
///
/// A document usually has a handful of containers, and every remote edit looks its container up: while
/// the table is small a lookup compares ids in order (a counter, then four words), which costs a tenth
/// of hashing a 40-byte id with `Hasher` (5 % of merging a typing trace went there). Past
/// `linearLimit` entries it keeps a `Dictionary` from id to position, so a document with thousands of
/// containers is no slower than before, and Swift's per-process hash seed still keeps chosen ids from
/// colliding.
///
/// Values are changed in place through ``withValue(forKey:_:)``; the subscript only reads, so that
/// `table[id]?.mutate()` (which would copy a whole sequence) does not compile.
package struct ContainerTable<Value> {
    private var ids: [ContainerID] = []
    private var storedValues: [Value] = []
    /// Each id's position in `ids`; kept only while the table holds more than `linearLimit` entries.
    private var positions = [ContainerID: Int]()

    /// Up to this many entries, lookups compare ids in order rather than hash them.
    static var linearLimit: Int { 8 }

    /// An empty table.
    package init() {}

    /// A table holding `id`'s value.
    package init(_ id: ContainerID, _ value: Value) {
        ids = [id]
        storedValues = [value]
    }

    private func position(of id: ContainerID) -> Int? {
        if ids.count <= Self.linearLimit {
            return ids.withUnsafeBufferPointer { ids in
                for position in ids.indices where ids[position] == id { return position }
                return nil
            }
        }
        return positions[id]
    }

    /// The value for `id`, or `nil` when the table has none.
    package subscript(id: ContainerID) -> Value? {
        guard let position = position(of: id) else { return nil }
        return storedValues[position]
    }

    /// The number of entries.
    package var count: Int { ids.count }

    /// Every id, in no particular order.
    package var keys: [ContainerID] { ids }

    /// Every value, in no particular order.
    package var values: [Value] { storedValues }

    /// Runs `body` on the value for `id` in place and returns its result, or `nil` when there is no such
    /// value.
    mutating func withValue<Result, Failure: Error>(
        forKey id: ContainerID, _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard let position = position(of: id) else { return nil }
        return try body(&storedValues[position])
    }

    /// Sets the value for `id`, adding an entry when there is none.
    package mutating func updateValue(_ value: Value, forKey id: ContainerID) {
        if let position = position(of: id) {
            storedValues[position] = value
            return
        }
        ids.append(id)
        storedValues.append(value)
        if ids.count > Self.linearLimit {
            if positions.isEmpty {
                for (position, id) in ids.enumerated() { positions[id] = position }
            } else {
                positions[id] = ids.count - 1
            }
        }
    }

    /// Removes the entry for `id`, if any (the last entry takes its place).
    package mutating func removeValue(forKey id: ContainerID) {
        guard let position = position(of: id) else { return }
        let last = ids.count - 1
        if position != last {
            ids[position] = ids[last]
            storedValues[position] = storedValues[last]
        }
        ids.removeLast()
        storedValues.removeLast()
        if ids.count <= Self.linearLimit {
            positions = [:]
        } else {
            positions[id] = nil
            if position != last { positions[ids[position]] = position }
        }
    }
}

extension ContainerTable: Sendable where Value: Sendable {}

extension ContainerTable: Sequence {
    /// The entries, in no particular order.
    package func makeIterator() -> some IteratorProtocol<(key: ContainerID, value: Value)> {
        zip(ids, storedValues).lazy.map { (key: $0, value: $1) }.makeIterator()
    }
}
