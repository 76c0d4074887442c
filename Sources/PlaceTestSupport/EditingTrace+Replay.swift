public import PlaceCRDT

extension EditingTrace {
    /// Replays the trace into a fresh log, one change per transaction, in a text at key "text" of
    /// `document`. Returns the log and the text container.
    public func replay(actor: ActorID = .test(1), document: DocumentID = .main) throws -> (ChangeLog, ContainerID) {
        var log = ChangeLog()
        var text = ContainerID.root
        try log.transact(document: document, actor: actor) { tx in
            text = try tx.makeContainer(.text, at: "text")
        }
        for transaction in transactions {
            try log.transact(document: document, actor: actor) { tx in
                for patch in transaction {
                    try tx.spliceText(
                        at: patch.position, deleting: patch.deleteCount, inserting: patch.insert, in: text)
                }
            }
        }
        return (log, text)
    }
}
