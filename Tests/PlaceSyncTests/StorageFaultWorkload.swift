import Foundation
import PlaceCRDT
import PlaceStore
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// The workload the storage fault tests (D2 power loss, D3 I/O errors) run on a node opened through the
/// fault VFS: local writes interleaved with sync ingests of a peer's envelopes, each step acknowledged
/// only when it returned. Built once per test as a baseline replica folder; every run works on a copy.
struct StorageFaultWorkload {
    enum Step: Equatable {
        /// A local transaction setting `key` in `document`.
        case write(document: UInt8, key: String)
        /// A sync batch from the peer; acknowledged means the peer's log is held up to `throughSeq`.
        case ingest(batch: Int, throughSeq: UInt64)
    }

    let folder: TemporaryFolder
    let baseline: String
    let space: SpaceID
    let peerActor: ActorID
    let batches: [[[UInt8]]]
    let steps: [Step]

    /// A node "a" with a space the peer "b" joined; the peer's later edits cut into `batchCount` batches.
    init(stepCount: Int = 24) throws {
        folder = try TemporaryFolder()
        baseline = folder.node("baseline")
        let a = try Node.create(at: baseline, configuration: testConfiguration())
        let b = try Node.create(at: folder.node("peer"), configuration: testConfiguration())
        space = try a.createSpace(name: "Cheltenham PCN")
        try admit(b, to: space, by: a)
        try b.ingest(a.envelopes(in: space, since: VersionVector()))
        try a.ingest(b.envelopes(in: space, since: VersionVector()))
        peerActor = b.actor
        var batches: [[[UInt8]]] = []
        var steps: [Step] = []
        for index in 0..<stepCount {
            if index % 3 == 2 {
                let before = try b.version(of: space)
                for edit in 0..<4 {
                    try b.transact(in: space, document: documentID(40 + UInt8(index % 5))) { tx in
                        try tx.set("peer\(index)-\(edit)", .string("Peer's run chart note \(index).\(edit)"))
                    }
                }
                batches.append(try b.envelopes(in: space, since: before))
                steps.append(.ingest(batch: batches.count - 1, throughSeq: try b.version(of: space)[b.actor]))
            } else {
                steps.append(.write(document: UInt8(1 + index % 4), key: "w\(index)"))
            }
        }
        self.batches = batches
        self.steps = steps
    }

    /// A fresh copy of the baseline replica for one run.
    func copy(named name: String) throws -> String {
        let path = folder.node(name)
        try FileManager.default.copyItem(atPath: baseline, toPath: path)
        return path
    }

    static func value(of key: String) -> String { "Agreed change \(key): huddle at 8:30 before surgery" }

    /// Runs `step` on `node`: true when it was acknowledged — a write committed, or a whole batch
    /// applied (a batch whose predecessor was refused waits for it, unacknowledged, as in a sync session).
    @discardableResult
    func run(_ step: Step, on node: Node) throws -> Bool {
        switch step {
        case .write(let document, let key):
            try node.transact(in: space, document: documentID(document)) { tx in
                try tx.set(key, .string(Self.value(of: key)))
            }
            return true
        case .ingest(let batch, _):
            let report = try node.ingest(batches[batch])
            #expect(report.rejected.isEmpty)
            return report.applied.count + report.duplicates.count == batches[batch].count
        }
    }

    /// Runs the steps in order until one throws; returns how many were acknowledged and the error.
    func runUntilFailure(on node: Node) -> (acknowledged: Int, error: (any Error)?) {
        for (index, step) in steps.enumerated() {
            do {
                let acknowledged = try run(step, on: node)
                #expect(acknowledged, "nothing failed before, so nothing waits")
            } catch { return (index, error) }
        }
        return (steps.count, nil)
    }

    /// Whether the effect of `step` is held by `node`.
    func isHeld(_ step: Step, by node: Node) throws -> Bool {
        switch step {
        case .write(let document, let key):
            return try node.document(documentID(document), in: space).value(forKey: key)
                == .scalar(.string(Self.value(of: key)))
        case .ingest(_, let throughSeq):
            return try node.version(of: space)[peerActor] >= throughSeq
        }
    }

    /// A configuration opening the replica through `vfs` with `durability`.
    static func configuration(through vfs: FaultVFS?, durability: SQLiteStoreConfiguration.Durability)
        -> NodeConfiguration
    {
        var configuration = testConfiguration()
        configuration.store.vfsName = vfs?.name
        configuration.store.durability = durability
        return configuration
    }
}
