extension Document {
    /// Applies the operations of a causally ready remote change and reports what became visible.
    ///
    /// Every id an operation names must satisfy `isKnown` (be in the change's causal past) or belong to
    /// an earlier operation of the same change, so the outcome is the same on every replica. Each edit
    /// appends how to take it back to `undo`; on error the caller applies those steps in reverse, and
    /// the document is as before (no copy is made up front).
    /// - Parameter isKnown: whether an id is in the change's causal past.
    mutating func apply(
        _ change: Change, undo: inout [UndoStep], isKnown: (OpID) -> Bool
    ) throws(CRDTError) -> [Patch] {
        var patches: [Patch] = []
        try apply(change, patches: &patches, undo: &undo, isKnown: isKnown)
        return patches
    }

    /// Applies a causally ready remote change as ``apply(_:undo:isKnown:)`` does, appending its patches
    /// to `patches`.
    mutating func apply(
        _ change: Change, patches: inout [Patch], undo: inout [UndoStep], isKnown: (OpID) -> Bool
    ) throws(CRDTError) {
        try withUnsafePointer(to: change) { change throws(CRDTError) in
            try apply(change, patches: &patches, undo: &undo, isKnown: isKnown)
        }
    }

    /// Applies the change at `change` as ``apply(_:patches:undo:isKnown:)`` does, reading it where it
    /// lies: a copy of the change (to pass it) retained and released each of its arrays, and iterating
    /// its operations retained each one.
    mutating func apply(
        _ change: UnsafePointer<Change>, patches: inout [Patch], undo: inout [UndoStep], isKnown: (OpID) -> Bool
    ) throws(CRDTError) {
        let actor = change.pointee.actor
        var counter = change.pointee.lamportStart
        try change.pointee.operations.withUnsafeBufferPointer { operations throws(CRDTError) in
            for index in operations.indices {
                let id = OpID(counter: counter, actor: actor)
                try apply(operations[index], id: id, patches: &patches, undo: &undo) { other in
                    (other.actor == actor && other.counter < id.counter) || isKnown(other)
                }
                // A text insert's width counts its scalars: not needed after the last operation.
                if index < operations.count - 1 { counter += operations[index].width }
            }
        }
    }

    private mutating func apply(
        _ operation: Operation, id: OpID, patches: inout [Patch], undo: inout [UndoStep], known: (OpID) -> Bool
    ) throws(CRDTError) {
        switch operation {
        case let .mapSet(container, key, value, pred):
            try requireContainer(container, .map, known: known)
            try requireKnown(pred, known: known, in: id)
            undo.append(.restoreMapKey(container: container, key: key, entries: maps[container]?.entries[key]))
            writeMap(container, key: key, pred: pred, newEntry: MapEntry(id: id, value: value), patches: &patches)
            if case .newContainer = value { undo.append(.removeContainer(ContainerID(id))) }
        case let .mapDelete(container, key, pred):
            try requireContainer(container, .map, known: known)
            try requireKnown(pred, known: known, in: id)
            undo.append(.restoreMapKey(container: container, key: key, entries: maps[container]?.entries[key]))
            writeMap(container, key: key, pred: pred, newEntry: nil, patches: &patches)
        case .insert(let insert):
            try requireKnown(insert.originLeft, known: known, in: id)
            try requireKnown(insert.originRight, known: known, in: id)
            try applyInsert(
                insert.container, id: id, originLeft: insert.originLeft, originRight: insert.originRight,
                content: insert.content, known: known, patches: &patches, undo: &undo)
        case let .delete(container, targets):
            guard container.isRoot || known(container.opID) else {
                throw CRDTError(.containerNotFound, "no container \(container) in this document")
            }
            for target in targets {
                let last = OpID(counter: target.start.counter + target.count - 1, actor: target.start.actor)
                try requireKnown(target.start, known: known, in: id)
                try requireKnown(last, known: known, in: id)
            }
            // One lookup in the common case (a text); the kind table only on the way to an error.
            // (On error the caller drops the patches reported so far.)
            func removed(index: Int, count: Int) {
                patches.append(Patch(container: container, action: .delete(index: index, count: count)))
            }
            var kind = ContainerKind.text
            var newlyDeleted = try texts.withValue(forKey: container) { text throws(CRDTError) in
                try text.deleteRemote(targets, removed: removed)
            }
            if newlyDeleted == nil {
                kind = try requireSequence(container, known: known)
                newlyDeleted = try lists.withValue(forKey: container) { list throws(CRDTError) in
                    try list.deleteRemote(targets, removed: removed)
                }
            }
            guard let newlyDeleted else { return }
            undo.append(.undelete(container: container, kind: kind, targets: newlyDeleted))
        case let .increment(container, delta):
            try requireContainer(container, .counter, known: known)
            counters.withValue(forKey: container) { $0 &+= delta }
            undo.append(.decrement(container: container, delta: delta))
            patches.append(Patch(container: container, action: .increment(delta)))
        }
    }

    private mutating func applyInsert(
        _ container: ContainerID, id: OpID, originLeft: OpID?, originRight: OpID?, content: SequenceContent,
        known: (OpID) -> Bool, patches: inout [Patch], undo: inout [UndoStep]
    ) throws(CRDTError) {
        switch content {
        case .text(let text):
            let (index, count) = try integrateText(
                text, into: container, firstID: id, originLeft: originLeft, originRight: originRight, known: known)
            undo.append(.removeInserted(container: container, kind: .text, first: id, count: count))
            patches.append(Patch(container: container, action: .insertText(index: index, text: text)))
        case .values(let values):
            try requireContainer(container, .list, known: known)
            guard
                let index = try lists.withValue(
                    forKey: container,
                    { list throws(CRDTError) in
                        try list.integrate(values, firstID: id, originLeft: originLeft, originRight: originRight)
                    })
            else { return }
            undo.append(.removeInserted(container: container, kind: .list, first: id, count: values.count))
            var read: [DocumentValue] = []
            for (offset, value) in values.enumerated() {
                let elementID = OpID(counter: id.counter + UInt64(offset), actor: id.actor)
                read.append(
                    materialize(value, id: elementID, parent: ParentSlot(parent: container, slot: .element(elementID))))
                if case .newContainer = value { undo.append(.removeContainer(ContainerID(elementID))) }
            }
            patches.append(Patch(container: container, action: .insert(index: index, values: read)))
        }
    }

    /// Integrates text that one author typed over several keystroke changes as one run (see
    /// `Combinable`): the checks and outcome of ``apply(_:patches:undo:isKnown:)`` for one text insert
    /// with id `firstID`, without building the operation.
    mutating func applyTextRun(
        _ text: String, into container: ContainerID, firstID: OpID, originLeft: OpID?, originRight: OpID?,
        patches: inout [Patch], undo: inout [UndoStep], isKnown: (OpID) -> Bool
    ) throws(CRDTError) {
        func known(_ other: OpID) -> Bool {
            (other.actor == firstID.actor && other.counter < firstID.counter) || isKnown(other)
        }
        try requireKnown(originLeft, known: known, in: firstID)
        try requireKnown(originRight, known: known, in: firstID)
        let (index, count) = try integrateText(
            text, into: container, firstID: firstID, originLeft: originLeft, originRight: originRight, known: known)
        undo.append(.removeInserted(container: container, kind: .text, first: firstID, count: count))
        patches.append(Patch(container: container, action: .insertText(index: index, text: text)))
    }

    /// Deletes what several of one author's delete changes named, as one delete with id `id` (the last
    /// change's first counter; see `Combinable`): the checks and outcome of
    /// ``apply(_:patches:undo:isKnown:)`` for one such operation, without building a change.
    mutating func applyDeleteRun(
        _ targets: [IDRange], in container: ContainerID, id: OpID, patches: inout [Patch], undo: inout [UndoStep],
        isKnown: (OpID) -> Bool
    ) throws(CRDTError) {
        try apply(.delete(container: container, targets: targets), id: id, patches: &patches, undo: &undo) { other in
            (other.actor == id.actor && other.counter < id.counter) || isKnown(other)
        }
    }

    /// Integrates a remote text insert into `container`, which must be a text in the causal past (the
    /// errors of ``requireContainer(_:_:known:)``), with one dictionary access in the common case; its
    /// scalars are decoded straight into the text's content buffer.
    /// - Returns: the visible index of the first inserted scalar, and how many were inserted.
    private mutating func integrateText(
        _ text: String, into container: ContainerID, firstID: OpID, originLeft: OpID?, originRight: OpID?,
        known: (OpID) -> Bool
    ) throws(CRDTError) -> (index: Int, count: Int) {
        guard container.isRoot || known(container.opID) else {
            throw CRDTError(.containerNotFound, "no container \(container) in this document")
        }
        if let integrated = try texts.withValue(
            forKey: container,
            { sequence throws(CRDTError) in
                try sequence.integrate(text: text, firstID: firstID, originLeft: originLeft, originRight: originRight)
            })
        {
            return integrated
        }
        try requireContainer(container, .text, known: known)
        throw CRDTError(.wrongContainerKind, "container \(container) is not a text")
    }

    /// Writes a map register and reports the visible difference.
    package mutating func writeMap(
        _ container: ContainerID, key: String, pred: [OpID], newEntry: MapEntry?, patches: inout [Patch]
    ) {
        let before = maps[container]?.winner(key)
        let beforeCount = maps[container]?.entries[key]?.count ?? 0
        maps.withValue(forKey: container) { map in map.write(key, removing: pred, adding: newEntry) }
        if let newEntry {
            _ = materialize(newEntry.value, id: newEntry.id, parent: ParentSlot(parent: container, slot: .key(key)))
        }
        let after = maps[container]?.winner(key)
        let afterCount = maps[container]?.entries[key]?.count ?? 0
        guard before != after || beforeCount != afterCount else { return }
        if let after {
            let value = documentValue(after.value, id: after.id)
            patches.append(Patch(container: container, action: .put(key: key, value: value, conflicts: afterCount - 1)))
        } else {
            patches.append(Patch(container: container, action: .deleteKey(key)))
        }
    }

    /// Creates the container an element value names (if any) and returns how the value reads.
    package mutating func materialize(_ value: ElementValue, id: OpID, parent: ParentSlot) -> DocumentValue {
        if case .newContainer(let kind) = value, kinds[ContainerID(id)] == nil {
            createContainer(kind, id: ContainerID(id), parent: parent)
        }
        return documentValue(value, id: id)
    }

    /// How a stored element value reads.
    package func documentValue(_ value: ElementValue, id: OpID) -> DocumentValue {
        switch value {
        case .scalar(let scalar): .scalar(scalar)
        case .newContainer(let kind): .container(ContainerID(id), kind)
        }
    }

    private func requireKnown(_ ids: [OpID], known: (OpID) -> Bool, in id: OpID) throws(CRDTError) {
        for other in ids { try requireKnown(other, known: known, in: id) }
    }

    /// Checks that `other` (if any) is in the causal past of operation `id`. One id at a time: an array
    /// literal of the two origins was a heap allocation for every insert.
    private func requireKnown(_ other: OpID?, known: (OpID) -> Bool, in id: OpID) throws(CRDTError) {
        if let other, !known(other) {
            throw CRDTError(.unknownReference, "operation \(id) names \(other), which is not in its causal past")
        }
    }

    /// Checks that `container` exists, is in the causal past and is of `kind`.
    package func requireContainer(_ container: ContainerID, _ kind: ContainerKind, known: (OpID) -> Bool)
        throws(CRDTError)
    {
        guard let actual = kinds[container], container.isRoot || known(container.opID) else {
            throw CRDTError(.containerNotFound, "no container \(container) in this document")
        }
        guard actual == kind else {
            throw CRDTError(.wrongContainerKind, "container \(container) is a \(actual), not a \(kind)")
        }
    }

    /// Checks that `container` is a list or text in the causal past, and returns which.
    package func requireSequence(_ container: ContainerID, known: (OpID) -> Bool) throws(CRDTError) -> ContainerKind {
        guard let actual = kinds[container], container.isRoot || known(container.opID) else {
            throw CRDTError(.containerNotFound, "no container \(container) in this document")
        }
        guard actual == .text || actual == .list else {
            throw CRDTError(.wrongContainerKind, "container \(container) is a \(actual), not a list or text")
        }
        return actual
    }
}
