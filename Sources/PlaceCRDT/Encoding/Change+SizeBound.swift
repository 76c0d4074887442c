extension Change {
    /// An upper bound on ``encoded()``'s length, computed without encoding: varints count as 10 bytes and
    /// every id as if it introduced a new 32-byte actor. Lets the write path skip encoding small changes
    /// just to check the size limit.
    package var encodedSizeUpperBound: Int {
        let id = 20 + ActorID.byteCount
        var size = 1 + ActorID.byteCount + 10 + 10 + deps.count * (ActorID.byteCount + 10)
        size += 1 + DocumentID.byteCount + 10 + 10 + 10
        func value(_ value: ElementValue) -> Int {
            if case .scalar(.string(let string)) = value { return 11 + string.utf8.count }
            return 11
        }
        for operation in operations {
            switch operation {
            case let .mapSet(_, key, element, pred):
                size += 1 + id + 10 + key.utf8.count + value(element) + 10 + pred.count * id
            case let .mapDelete(_, key, pred):
                size += 1 + id + 10 + key.utf8.count + 10 + pred.count * id
            case let .insert(_, _, _, content):
                size += 1 + 3 * id + 10
                switch content {
                case .text(let text): size += text.utf8.count
                case .values(let values): size += values.reduce(0) { $0 + value($1) }
                }
            case let .delete(_, targets):
                size += 1 + id + 10 + targets.count * (id + 10)
            case .increment:
                size += 1 + id + 10
            }
        }
        return size
    }
}
