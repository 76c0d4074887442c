/// One value written to a map key, identified by the operation that wrote it.
package struct MapEntry: Hashable, Sendable {
    package var id: OpID
    package var value: ElementValue
}

/// The state of one map container: for each key, the values written concurrently and not overwritten.
///
/// Each key is a multi-value register. A write names the values it overwrites (its `pred`); values it did
/// not see stay, so concurrent writes are all kept and visible as conflicts. The value with the highest
/// ``OpID`` wins, the same on every replica.
package struct MapState: Sendable {
    /// Entries per key, sorted by ascending id; never empty (keys with no entries are removed).
    package private(set) var entries: [String: [MapEntry]] = [:]

    package init() {}

    package init(entries: [String: [MapEntry]]) {
        self.entries = entries
    }

    /// The winning entry of `key`, if any.
    package func winner(_ key: String) -> MapEntry? { entries[key]?.last }

    /// The ids currently stored at `key`: what a local write overwrites.
    package func visibleIDs(_ key: String) -> [OpID] { entries[key]?.map(\.id) ?? [] }

    /// Removes the entries named by `pred` from `key` and, when `newEntry` is given, adds it.
    package mutating func write(_ key: String, removing pred: [OpID], adding newEntry: MapEntry?) {
        var list = entries[key] ?? []
        if !pred.isEmpty {
            list.removeAll { pred.contains($0.id) }
        }
        if let newEntry {
            let index = list.firstIndex { $0.id > newEntry.id } ?? list.count
            list.insert(newEntry, at: index)
        }
        entries[key] = list.isEmpty ? nil : list
    }

    package func _checkInvariants() {
        for (_, list) in entries {
            precondition(!list.isEmpty, "a map key with no entries must be removed")
            for index in list.indices.dropFirst() {
                precondition(list[index - 1].id < list[index].id, "map entries must be sorted by id and distinct")
            }
        }
    }
}
