extension Document {
    /// The whole document as a JSON-like value (the root map).
    public var json: JSONValue { json(of: .root) ?? .object([:]) }

    /// A container as a JSON-like value, or `nil` if there is no such container.
    /// Map keys read as their winning value; conflicts are available from ``conflicts(forKey:in:)``.
    public func json(of container: ContainerID) -> JSONValue? {
        json(of: container, depth: 0)
    }

    /// Containers nested deeper than this read as `null` in ``json(of:)``, so that a hostile document
    /// cannot exhaust the stack of a reader.
    public static let maxJSONDepth = 512

    private func json(of container: ContainerID, depth: Int) -> JSONValue? {
        guard let kind = kinds[container] else { return nil }
        guard depth < Self.maxJSONDepth else { return .null }
        switch kind {
        case .map:
            var members: [String: JSONValue] = [:]
            for (key, entries) in maps[container]?.entries ?? [:] {
                if let winner = entries.last {
                    members[key] = json(of: documentValue(winner.value, id: winner.id), depth: depth)
                }
            }
            return .object(members)
        case .list:
            let elements = lists[container]?.visibleElementsWithIDs ?? []
            return .array(elements.map { json(of: documentValue($0.element, id: $0.id), depth: depth) })
        case .text:
            return .string(text(of: container) ?? "")
        case .counter:
            return .int(counters[container] ?? 0)
        }
    }

    private func json(of value: DocumentValue, depth: Int) -> JSONValue {
        switch value {
        case .scalar(.null): .null
        case .scalar(.bool(let value)): .bool(value)
        case .scalar(.int(let value)): .int(value)
        case .scalar(.double(let value)): .double(value)
        case .scalar(.string(let value)): .string(value)
        case .container(let id, _): json(of: id, depth: depth + 1) ?? .null
        }
    }

    /// The content of a text container, or `nil` if `container` is not a text.
    public func text(of container: ContainerID) -> String? {
        guard let state = texts[container] else { return nil }
        // Encoding to UTF-8 bytes first is several times faster than appending scalars to a String.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(state.visibleCount)
        for chunk in state.chunks where chunk.visibleCount > 0 {
            for run in chunk.runs where !run.isDeleted {
                for scalar in state.elements(of: run) {
                    UTF8.encode(scalar) { utf8.append($0) }
                }
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The length of a list or text (elements or Unicode scalars), or `nil` for other containers.
    public func count(of container: ContainerID) -> Int? {
        texts[container]?.visibleCount ?? lists[container]?.visibleCount
    }

    /// The elements of a list, or `nil` if `container` is not a list.
    public func elements(of container: ContainerID) -> [DocumentValue]? {
        guard let state = lists[container] else { return nil }
        return state.visibleElementsWithIDs.map { documentValue($0.element, id: $0.id) }
    }

    /// The value of a counter, or `nil` if `container` is not a counter.
    public func counterValue(_ container: ContainerID) -> Int64? { counters[container] }

    /// The keys of a map that have a value, sorted, or `nil` if `container` is not a map.
    public func keys(in container: ContainerID = .root) -> [String]? {
        maps[container].map { $0.entries.keys.sorted() }
    }

    /// The winning value of `key` in a map, or `nil` if the key has no value.
    public func value(forKey key: String, in container: ContainerID = .root) -> DocumentValue? {
        guard let winner = maps[container]?.winner(key) else { return nil }
        return documentValue(winner.value, id: winner.id)
    }

    /// Every value concurrently written to `key`, lowest id first; the last one is the winner.
    public func conflicts(forKey key: String, in container: ContainerID = .root) -> [(id: OpID, value: DocumentValue)] {
        (maps[container]?.entries[key] ?? []).map { (id: $0.id, value: documentValue($0.value, id: $0.id)) }
    }

    /// The path from the root to a container — keys and list indices — or `nil` when the container is
    /// unknown or no longer reachable (its key was overwritten or deleted, its list element deleted).
    public func path(of container: ContainerID) -> [PathElement]? {
        var path: [PathElement] = []
        var current = container
        while !current.isRoot {
            guard let slot = parents[current] else { return nil }
            switch slot.slot {
            case .key(let key):
                guard maps[slot.parent]?.winner(key)?.id == current.opID else { return nil }
                path.append(.key(key))
            case .element(let id):
                guard let index = lists[slot.parent]?.visibleIndex(ofElement: id) else { return nil }
                path.append(.index(index))
            }
            current = slot.parent
        }
        return path.reversed()
    }
}

/// One step of a path from the root to a container.
public enum PathElement: Hashable, Sendable {
    /// A key of a map.
    case key(String)
    /// An index in a list.
    case index(Int)
}

extension SequenceState {
    /// The visible elements with their ids.
    var visibleElementsWithIDs: [(id: OpID, element: Element)] {
        var result: [(id: OpID, element: Element)] = []
        result.reserveCapacity(visibleCount)
        for chunk in chunks where chunk.visibleCount > 0 {
            for run in chunk.runs where !run.isDeleted {
                for (offset, element) in elements(of: run).enumerated() {
                    result.append((id: actors.opID(run.id(at: offset)), element: element))
                }
            }
        }
        return result
    }

    /// The visible index of element `id`, or `nil` when it is deleted or absent.
    func visibleIndex(ofElement id: OpID) -> Int? {
        guard let compact = actors.compact(id), let cursor = locate(compact), item(at: cursor)?.isDeleted == false
        else { return nil }
        return visibleIndex(of: cursor)
    }
}
