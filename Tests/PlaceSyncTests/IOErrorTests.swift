import Foundation
import PlaceCRDT
import PlaceStore
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// RELIABILITY.md D3: the Nth read, write or sync of the replica's files fails (an I/O error, or a full
/// disk for writes), for N = 1…K over a fixed workload of local writes and sync ingests. The step that
/// meets it reports a storage error and is not acknowledged; every other step goes through (the node
/// needs no restart; a sync batch that follows a refused one waits for it, as in a session); the replica reopens with `integrity_check` ok and holds every acknowledged step.
/// CI tries up to 60 values of N per operation; `PLACESYNC_RELEASE_BAR=1` every N.
@Suite struct IOErrorTests {
    static var releaseBar: Bool { ProcessInfo.processInfo.environment["PLACESYNC_RELEASE_BAR"] == "1" }

    /// The values of N to try for an operation that happens `total` times in the workload.
    static func failurePoints(total: Int) -> [Int] {
        let most = releaseBar ? total : 60
        guard total > most else { return Array(1...max(total, 1)) }
        return (0..<most).map { 1 + $0 * (total - 1) / (most - 1) }
    }

    /// Runs the workload with the `nth` `operation` failing; checks the error, the other steps and the
    /// replica after a restart. Returns whether a step reported the failure.
    static func run(
        _ workload: StorageFaultWorkload, failing operation: FaultVFS.Operation, nth: Int,
        with failure: FaultVFS.Failure
    ) throws -> Bool {
        let vfs = try FaultVFS()
        let path = try workload.copy(named: "\(operation)-\(failure)-\(nth)")
        var outcomes: [Result<Bool, any Error>] = []
        do {
            let node = try Node.open(
                at: path, configuration: StorageFaultWorkload.configuration(through: vfs, durability: .full))
            vfs.fail(operation, nth: nth, with: failure)
            for step in workload.steps {
                outcomes.append(Result { try workload.run(step, on: node) })
            }
            #expect(vfs.injected == 1, "the \(nth)th \(operation) was never reached")
        }
        let failures = outcomes.compactMap { outcome -> (any Error)? in
            if case .failure(let error) = outcome { return error } else { return nil }
        }
        // One fault, at most one step refused, with a storage error that says what happened.
        #expect(failures.count <= 1, "\(operation) #\(nth): \(failures)")
        for error in failures {
            let storage = try #require(error as? SyncError, "\(error)")
            #expect(storage.code == .storage)
            if failure == .diskFull { #expect(storage.message.contains("the disk is full"), "\(storage.message)") }
        }
        // After a restart: sound, and every acknowledged step is there.
        let node = try Node.open(at: path, configuration: testConfiguration())
        #expect(try node.integrityCheck() == "ok")
        for (step, outcome) in zip(workload.steps, outcomes) {
            if case .success(true) = outcome {
                #expect(try workload.isHeld(step, by: node), "\(operation) #\(nth): acknowledged \(step) lost")
            }
        }
        try node.transact(in: workload.space, document: documentID(9)) { tx in try tx.set("after", .string("ok")) }
        return !failures.isEmpty
    }

    /// How many of `operation` a clean run of the workload makes.
    static func count(_ operation: FaultVFS.Operation, in workload: StorageFaultWorkload) throws -> Int {
        let vfs = try FaultVFS()
        let path = try workload.copy(named: "count-\(operation)")
        let node = try Node.open(
            at: path, configuration: StorageFaultWorkload.configuration(through: vfs, durability: .full))
        let before = vfs.count(operation)
        for step in workload.steps { try workload.run(step, on: node) }
        return vfs.count(operation) - before
    }

    @Test(arguments: [
        (FaultVFS.Operation.write, FaultVFS.Failure.ioError), (.write, .diskFull), (.sync, .ioError),
        (.read, .ioError),
    ])
    func aFailingFileOperationIsReportedNotAcknowledgedAndLeavesASoundReplica(
        operation: FaultVFS.Operation, failure: FaultVFS.Failure
    ) throws {
        let workload = try StorageFaultWorkload(stepCount: 12)
        let total = try Self.count(operation, in: workload)
        #expect(total > 0)
        var reported = 0
        let points = Self.failurePoints(total: total)
        for nth in points where try Self.run(workload, failing: operation, nth: nth, with: failure) {
            reported += 1
        }
        // Most faults reach the caller (a few land where SQLite retries or ignores them by design,
        // e.g. in a checkpoint after the commit was already durable).
        #expect(reported * 2 > points.count, "\(operation): only \(reported) of \(points.count) faults reported")
    }
}
