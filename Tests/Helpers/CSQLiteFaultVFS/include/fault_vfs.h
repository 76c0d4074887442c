// A fault-injecting SQLite VFS for tests only: it wraps the default VFS and can cut the power (throw
// away everything written since the last sync, as a power cut does) or fail the Nth read, write or sync.
// Never linked into a product: only test targets depend on it.
#ifndef PLACESYNC_FAULT_VFS_H
#define PLACESYNC_FAULT_VFS_H

#include <stdint.h>

typedef struct PSFaultVFS PSFaultVFS;

/// The kinds of file operation a fault can be injected into.
typedef enum {
    PSFaultOpRead = 0,
    PSFaultOpWrite = 1,
    PSFaultOpSync = 2,
} PSFaultOp;

/// Registers a VFS named `name` (not the default) wrapping the default VFS. NULL if it cannot.
PSFaultVFS *psfault_create(const char *name);
/// Unregisters and frees it; every database opened through it must be closed first.
void psfault_destroy(PSFaultVFS *vfs);

/// After `count` more writes and syncs to database, WAL or journal files, the power is cut: the
/// operation that would have been number `count + 1` fails, and so does every later one.
/// A negative count disarms.
void psfault_cut_power_after(PSFaultVFS *vfs, int64_t count);
/// Cuts the power now: every write since each file's last sync is undone on disk, files are cut back
/// to their size at their last sync, and every later operation through this VFS fails with an I/O error
/// until `psfault_restore_power`.
void psfault_cut_power_now(PSFaultVFS *vfs);
/// Whether the power has been cut.
int psfault_power_is_cut(PSFaultVFS *vfs);
/// Lets operations through again (a reboot); what was undone stays undone.
void psfault_restore_power(PSFaultVFS *vfs);

/// Fails the `nth` (1-based, counted from now) operation of `op` on database, WAL or journal files with
/// the SQLite result `code` (e.g. SQLITE_IOERR_WRITE, SQLITE_FULL); if `persistent`, every later one
/// too. `nth` <= 0 disarms.
void psfault_fail(PSFaultVFS *vfs, PSFaultOp op, int64_t nth, int code, int persistent);
/// How many operations of `op` reached database, WAL or journal files since creation.
int64_t psfault_count(PSFaultVFS *vfs, PSFaultOp op);
/// How many faults were injected (failed operations, including those after a power cut).
int64_t psfault_injected(PSFaultVFS *vfs);

#endif
