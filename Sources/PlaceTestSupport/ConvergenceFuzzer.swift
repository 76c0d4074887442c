internal import PlaceCRDT

/// A failed fuzz run: the seed that reproduces it, the step, and what went wrong.
public struct FuzzFailure: Error, CustomStringConvertible {
    public var seed: UInt64
    public var step: Int
    public var message: String
    public var description: String {
        "seed \(seed), step \(step): \(message) — replay with ConvergenceFuzzer(seed: \(seed)).run()"
    }
}

/// Multi-replica random action sequences (D9–D11): random local edits of every kind on several replicas,
/// delivered in random order with duplicates and delays, saves and reloads along the way; at the end
/// every replica must hold byte-identical snapshots, equal JSON and empty pending sets.
public struct ConvergenceFuzzer {
    public let seed: UInt64
    public let replicaCount: Int
    public let steps: Int

    struct Replica {
        var log = ChangeLog()
        var actor: ActorID
        var inbox: [Change] = []
    }

    var random: SeededRandom
    var replicas: [Replica]
    let documents: [DocumentID] = [.test(1), .test(2)]
    var step = 0
    /// Every state the fuzzer checked with `load(save(x)) == x`.
    public private(set) var snapshotChecks = 0

    /// Creates a run. The same arguments always make the same run.
    public init(seed: UInt64, replicas: Int = 3, steps: Int = 60) {
        self.seed = seed
        self.replicaCount = replicas
        self.steps = steps
        self.random = SeededRandom(seed: seed)
        self.replicas = (0..<replicas).map { Replica(actor: .test(UInt64($0) &+ seed &* 31 &+ 1)) }
    }

    func failure(_ message: String) -> FuzzFailure { FuzzFailure(seed: seed, step: step, message: message) }

    /// Runs the sequence and checks convergence.
    /// - Throws: ``FuzzFailure`` describing the first broken property.
    public mutating func run() throws(FuzzFailure) {
        for current in 0..<steps {
            step = current
            let roll = random.below(100)
            let index = random.below(replicaCount)
            if roll < 50 {
                try localEdit(on: index)
            } else if roll < 85 {
                try deliverSome(to: index)
            } else if roll < 92 {
                try reloadCheck(index)
            } else {
                try syncPair(index, random.below(replicaCount))
            }
        }
        step = steps
        try healAndCompare()
    }

    mutating func localEdit(on index: Int) throws(FuzzFailure) {
        let document = documents[random.below(documents.count)]
        var rng = random
        let change: Change?
        do {
            change = try replicas[index].log.transact(document: document, actor: replicas[index].actor) { tx in
                for _ in 0...rng.below(3) { try RandomEdit.apply(to: &tx, random: &rng) }
            }
        } catch {
            throw failure("a valid local edit failed: \(error)")
        }
        random = rng
        try checkDocument(replicas[index].log.document(document))
        guard let change else { return }
        for other in replicas.indices where other != index {
            replicas[other].inbox.append(change)
        }
    }

    mutating func deliverSome(to index: Int) throws(FuzzFailure) {
        for _ in 0..<(1 + random.below(4)) {
            guard !replicas[index].inbox.isEmpty else { return }
            let pick = random.below(replicas[index].inbox.count)
            let change = replicas[index].inbox[pick]
            if !random.chance(15) { replicas[index].inbox.remove(at: pick) }
            do {
                let outcome = try replicas[index].log.receive(change)
                guard outcome.rejected.isEmpty else { throw failure("honest changes rejected: \(outcome.rejected)") }
            } catch {
                throw failure("receiving \(change.id) failed: \(error)")
            }
            try checkDocument(replicas[index].log.document(change.document))
        }
    }

    /// load(save(x)) == x, and merging after a reload gives what merging before it gives.
    mutating func reloadCheck(_ index: Int) throws(FuzzFailure) {
        let original = replicas[index].log
        var reloaded: ChangeLog
        do {
            reloaded = try ChangeLog(encoded: original.encoded())
        } catch {
            throw failure("reloading a saved log failed: \(error)")
        }
        guard reloaded.version == original.version, reloaded.pendingCount == original.pendingCount else {
            throw failure("reloaded log has another version vector or pending set")
        }
        var merged = original
        let batch = replicas[index].inbox.shuffled(using: &random)
        _ = merged.receive(batch)
        _ = reloaded.receive(batch)
        for document in documents where merged.document(document) != reloaded.document(document) {
            throw failure("merging after a reload differs from merging before it")
        }
        replicas[index].log = reloaded
    }

    mutating func syncPair(_ a: Int, _ b: Int) throws(FuzzFailure) {
        guard a != b else { return }
        let toB = replicas[a].log.changes(since: replicas[b].log.version)
        let toA = replicas[b].log.changes(since: replicas[a].log.version)
        let outcomeB = replicas[b].log.receive(toB.shuffled(using: &random))
        let outcomeA = replicas[a].log.receive(toA.shuffled(using: &random))
        guard outcomeA.rejected.isEmpty, outcomeB.rejected.isEmpty else {
            throw failure("honest changes rejected in a sync: \(outcomeA.rejected + outcomeB.rejected)")
        }
    }

    mutating func checkDocument(_ document: Document) throws(FuzzFailure) {
        document._checkInvariants()
        snapshotChecks += 1
        let bytes = document.snapshot()
        do {
            let loaded = try Document(snapshot: bytes)
            loaded._checkInvariants()
            guard loaded.snapshot() == bytes, loaded.json == document.json else {
                throw failure("load(save(document)) differs from the document")
            }
        } catch let error as FuzzFailure {
            throw error
        } catch {
            throw failure("a snapshot failed to load: \(error)")
        }
    }

    /// Delivers everything everywhere, then compares every replica.
    mutating func healAndCompare() throws(FuzzFailure) {
        for _ in 0..<2 {
            for a in replicas.indices {
                for b in replicas.indices where a != b {
                    try syncPair(a, b)
                }
            }
        }
        for index in replicas.indices {
            _ = replicas[index].log.receive(replicas[index].inbox)
            replicas[index].inbox.removeAll()
        }
        let reference = replicas[0].log
        for replica in replicas {
            guard replica.log.pendingCount == 0 else {
                throw failure("\(replica.log.pendingCount) changes still pending")
            }
            guard replica.log.version == reference.version else { throw failure("version vectors differ") }
            for document in documents {
                let mine = replica.log.document(document)
                let theirs = reference.document(document)
                try checkDocument(mine)
                guard mine.snapshot() == theirs.snapshot() else { throw failure("snapshots of \(document) differ") }
                guard mine.json == theirs.json else { throw failure("JSON of \(document) differs") }
            }
        }
    }
}
