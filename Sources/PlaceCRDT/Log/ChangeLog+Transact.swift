extension ChangeLog {
    /// Makes a local change: runs `body` with a ``Transaction`` on `document`, then records its edits as
    /// one change by `actor`, applied to this log.
    ///
    /// The change's `seq` is the actor's next, its `deps` the log's whole ``version``, its Lamport start
    /// 1 + ``maxLamport``. If `body` throws, nothing changes.
    ///
    /// - Parameters:
    ///   - document: the document to edit (created empty if new).
    ///   - actor: the local author; must not be the all-zero id.
    ///   - body: the edits.
    /// - Returns: the new change to send to other replicas, or `nil` if `body` made no edit.
    /// - Throws: what `body` throws; ``CRDTError/Code/actorReused`` when changes by `actor` are pending here
    ///   (the actor id was used elsewhere — writing would reuse a sequence number);
    ///   ``CRDTError/Code/limitExceeded`` when the change would encode to more than
    ///   ``CRDTLimits/maxChangeBytes``, or when `actor` already has 4 GiB of changes in this log (both
    ///   found after `body` ran; nothing changes then either).
    @discardableResult
    public mutating func transact(
        document: DocumentID, actor: ActorID, _ body: (inout Transaction) throws -> Void
    ) throws -> Change? {
        guard pending[actor] == nil else {
            throw CRDTError(
                .actorReused,
                "changes by \(actor) beyond #\(version[actor]) are waiting here: this actor id was used elsewhere; use a new one"
            )
        }
        let lamportStart = maxLamport + 1
        // The document leaves the dictionary so the transaction owns it uniquely and edits it in place;
        // a failure is taken back step by step instead of paying for a copy up front.
        // (No other reference to it may live on, or the first edit would copy it after all.)
        var transaction = Transaction(
            taking: documents.removeValue(forKey: document), actor: actor, lamportStart: lamportStart)
        let hadDocument = transaction.startedOnExistingDocument
        do {
            try body(&transaction)
            guard !transaction.operations.isEmpty else {
                if hadDocument { documents[document] = transaction.takeDocument() }
                return nil
            }
            let change = try Change(
                actor: actor, seq: version[actor] + 1, lamportStart: lamportStart, deps: version, document: document,
                operations: transaction.operations)
            // The body is encoded once: for the size check and for the packed history.
            let body = change.encodedBody()
            let headerBound = 1 + ActorID.byteCount + 10 + 10 + change.deps.count * (ActorID.byteCount + 10)
            if body.count + headerBound > CRDTLimits.maxChangeBytes {
                let size = change.encoded().count
                guard size <= CRDTLimits.maxChangeBytes else {
                    throw CRDTError(
                        .limitExceeded,
                        "the change encodes to \(size) bytes; split it (limit \(CRDTLimits.maxChangeBytes))")
                }
            }
            // Recorded first: a full history throws before the edits are kept.
            try recordLocal(change, body: body)
            documents[document] = transaction.takeDocument()
            return change
        } catch {
            transaction.rollback()
            if hadDocument { documents[document] = transaction.takeDocument() }
            throw error
        }
    }
}
