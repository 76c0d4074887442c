// The fault-injecting SQLite VFS (Tests/Helpers/CSQLiteFaultVFS) for the storage fault tests.
internal import CSQLiteFaultVFS
internal import Foundation

/// A SQLite VFS that wraps the default one and can cut the power or fail the Nth read, write or sync of
/// a database, WAL or journal file. Open a replica through it with
/// `configuration.store.vfsName = vfs.name`; close every database opened through it before dropping it.
package final class FaultVFS: @unchecked Sendable {  // the C state guards itself with a mutex
    /// A file operation faults can be injected into.
    package enum Operation: Sendable {
        case read, write, sync

        var c: PSFaultOp {
            switch self {
            case .read: PSFaultOpRead
            case .write: PSFaultOpWrite
            case .sync: PSFaultOpSync
            }
        }
    }

    /// SQLite result codes a failing operation can return.
    package enum Failure: Int32, Sendable {
        case ioError = 10  // SQLITE_IOERR
        case diskFull = 13  // SQLITE_FULL
    }

    package struct Unavailable: Error, CustomStringConvertible {
        package let description: String
    }

    /// The name to open databases with.
    package let name: String
    private let handle: OpaquePointer

    package init() throws {
        name = "placesync-fault-\(UUID().uuidString)"
        guard let handle = psfault_create(name) else {
            throw Unavailable(description: "cannot register the fault VFS with SQLite")
        }
        self.handle = handle
    }

    deinit { psfault_destroy(handle) }

    /// The power goes after `operations` more writes and syncs (the next one fails, and all after it).
    package func cutPower(after operations: Int) { psfault_cut_power_after(handle, Int64(operations)) }
    /// Cuts the power now: what was written since each file's last sync is undone.
    package func cutPowerNow() { psfault_cut_power_now(handle) }
    /// Whether the power has been cut.
    package var powerIsCut: Bool { psfault_power_is_cut(handle) != 0 }
    /// Operations go through again; what was undone stays undone.
    package func restorePower() { psfault_restore_power(handle) }

    /// The `nth` (1-based, from now) `operation` fails with `failure`, and every later one if `persistent`.
    package func fail(_ operation: Operation, nth: Int, with failure: Failure = .ioError, persistent: Bool = false) {
        psfault_fail(handle, operation.c, Int64(nth), failure.rawValue, persistent ? 1 : 0)
    }

    /// Stops failing `operation`.
    package func stopFailing(_ operation: Operation) { psfault_fail(handle, operation.c, 0, 0, 0) }

    /// How many `operation`s reached database, WAL or journal files so far.
    package func count(_ operation: Operation) -> Int { Int(psfault_count(handle, operation.c)) }

    /// How many operations were made to fail.
    package var injected: Int { Int(psfault_injected(handle)) }
}
