/// The actors whose ids appear in one sequence, each named by its index (`CompactID.actor`), so that
/// runs store a 4-byte index instead of a 32-byte actor id.
///
/// Indices are given in order of first appearance and never change. A document has few authors, so
/// finding an actor's index is a short scan; past 8 actors a dictionary answers.
package struct SequenceActors: Sendable {
    private(set) var actors: [ActorID] = []
    private var indices: [ActorID: UInt32] = [:]

    /// The most actors a sequence can name (`UInt32.max` marks a missing origin in a run).
    static let capacity = Int(UInt32.max - 1)

    package init() {}

    /// The actor with index `index`.
    package subscript(index: UInt32) -> ActorID { actors[Int(index)] }

    /// The index of `actor`, if the sequence names it.
    package func index(of actor: ActorID) -> UInt32? {
        if actors.count <= 8 {
            for (index, known) in actors.enumerated() where known == actor { return UInt32(index) }
            return nil
        }
        return indices[actor]
    }

    /// The index of `actor`, added to the table if it is new.
    package mutating func intern(_ actor: ActorID) -> UInt32 {
        if let index = index(of: actor) { return index }
        precondition(actors.count < Self.capacity, "a sequence names more than 2^32 - 2 actors")
        let index = UInt32(actors.count)
        actors.append(actor)
        indices[actor] = index
        return index
    }

    /// `id` with its actor as an index, or `nil` when the sequence names no element of that actor.
    package func compact(_ id: OpID) -> CompactID? {
        index(of: id.actor).map { CompactID(counter: id.counter, actor: $0) }
    }

    /// `id` with its actor as an index, adding the actor if it is new.
    package mutating func intern(_ id: OpID) -> CompactID {
        CompactID(counter: id.counter, actor: intern(id.actor))
    }

    /// The full id of `id`.
    package func opID(_ id: CompactID) -> OpID {
        OpID(counter: id.counter, actor: self[id.actor])
    }
}
