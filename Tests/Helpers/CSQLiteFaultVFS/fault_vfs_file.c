// The fault VFS's file methods: pass through to the default VFS's file, injecting faults and keeping
// the undo log for database, WAL and journal files (see fault_vfs.c).
#include "fault_vfs_internal.h"

#include <stdint.h>
#include <stdlib.h>

static int trackedType(int flags) {
    return (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
}

static int faultClose(sqlite3_file *f) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xClose(file->real);
}

static int faultRead(sqlite3_file *f, void *buffer, int amount, sqlite3_int64 offset) {
    FaultFile *file = (FaultFile *)f;
    if (file->pathIndex >= 0) {
        pthread_mutex_lock(&file->vfs->lock);
        int rc = psfault_injected_failure(file->vfs, PSFaultOpRead, SQLITE_IOERR_READ);
        pthread_mutex_unlock(&file->vfs->lock);
        if (rc != SQLITE_OK) return rc;
    }
    return file->real->pMethods->xRead(file->real, buffer, amount, offset);
}

static int faultWrite(sqlite3_file *f, const void *buffer, int amount, sqlite3_int64 offset) {
    FaultFile *file = (FaultFile *)f;
    if (file->pathIndex < 0) return file->real->pMethods->xWrite(file->real, buffer, amount, offset);
    PSFaultVFS *vfs = file->vfs;
    pthread_mutex_lock(&vfs->lock);
    int rc = psfault_injected_failure(vfs, PSFaultOpWrite, SQLITE_IOERR_WRITE);
    if (rc == SQLITE_OK) rc = psfault_remember_old_bytes(vfs, file, offset, amount);
    if (rc == SQLITE_OK) rc = file->real->pMethods->xWrite(file->real, buffer, amount, offset);
    pthread_mutex_unlock(&vfs->lock);
    return rc;
}

static int faultTruncate(sqlite3_file *f, sqlite3_int64 size) {
    FaultFile *file = (FaultFile *)f;
    if (file->pathIndex < 0) return file->real->pMethods->xTruncate(file->real, size);
    PSFaultVFS *vfs = file->vfs;
    pthread_mutex_lock(&vfs->lock);
    int rc = psfault_injected_failure(vfs, PSFaultOpWrite, SQLITE_IOERR_TRUNCATE);
    if (rc == SQLITE_OK) rc = psfault_remember_old_bytes(vfs, file, size, INT32_MAX);
    if (rc == SQLITE_OK) rc = file->real->pMethods->xTruncate(file->real, size);
    pthread_mutex_unlock(&vfs->lock);
    return rc;
}

static int faultSync(sqlite3_file *f, int flags) {
    FaultFile *file = (FaultFile *)f;
    if (file->pathIndex < 0) return file->real->pMethods->xSync(file->real, flags);
    PSFaultVFS *vfs = file->vfs;
    pthread_mutex_lock(&vfs->lock);
    int rc = psfault_injected_failure(vfs, PSFaultOpSync, SQLITE_IOERR_FSYNC);
    if (rc == SQLITE_OK) rc = file->real->pMethods->xSync(file->real, flags);
    if (rc == SQLITE_OK) {
        // Everything written to this file is now durable: forget how to undo it.
        int kept = 0;
        for (int i = 0; i < vfs->undoCount; i++) {
            if (vfs->undo[i].pathIndex == file->pathIndex) free(vfs->undo[i].bytes);
            else vfs->undo[kept++] = vfs->undo[i];
        }
        vfs->undoCount = kept;
        sqlite3_int64 size = 0;
        if (file->real->pMethods->xFileSize(file->real, &size) == SQLITE_OK) {
            vfs->paths[file->pathIndex].syncedSize = size;
        }
    }
    pthread_mutex_unlock(&vfs->lock);
    return rc;
}

static int faultFileSize(sqlite3_file *f, sqlite3_int64 *size) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xFileSize(file->real, size);
}

static int faultLock(sqlite3_file *f, int level) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xLock(file->real, level);
}

static int faultUnlock(sqlite3_file *f, int level) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xUnlock(file->real, level);
}

static int faultCheckReservedLock(sqlite3_file *f, int *result) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xCheckReservedLock(file->real, result);
}

static int faultFileControl(sqlite3_file *f, int op, void *argument) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xFileControl(file->real, op, argument);
}

static int faultSectorSize(sqlite3_file *f) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xSectorSize(file->real);
}

static int faultDeviceCharacteristics(sqlite3_file *f) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xDeviceCharacteristics(file->real);
}

static int faultShmMap(sqlite3_file *f, int region, int size, int extend, void volatile **pointer) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xShmMap(file->real, region, size, extend, pointer);
}

static int faultShmLock(sqlite3_file *f, int offset, int count, int flags) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xShmLock(file->real, offset, count, flags);
}

static void faultShmBarrier(sqlite3_file *f) {
    FaultFile *file = (FaultFile *)f;
    file->real->pMethods->xShmBarrier(file->real);
}

static int faultShmUnmap(sqlite3_file *f, int deleteFlag) {
    FaultFile *file = (FaultFile *)f;
    return file->real->pMethods->xShmUnmap(file->real, deleteFlag);
}

// No memory-mapped reads: every read goes through faultRead, where faults are injected.
static int faultFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **pointer) {
    (void)f, (void)offset, (void)amount;
    *pointer = NULL;
    return SQLITE_OK;
}

static int faultUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *pointer) {
    (void)f, (void)offset, (void)pointer;
    return SQLITE_OK;
}

const sqlite3_io_methods psfault_file_methods = {
    3, faultClose, faultRead, faultWrite, faultTruncate, faultSync, faultFileSize, faultLock, faultUnlock,
    faultCheckReservedLock, faultFileControl, faultSectorSize, faultDeviceCharacteristics, faultShmMap,
    faultShmLock, faultShmBarrier, faultShmUnmap, faultFetch, faultUnfetch,
};

int psfault_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    FaultFile *file = (FaultFile *)f;
    file->base.pMethods = NULL;
    file->vfs = vfs;
    file->pathIndex = -1;
    file->real = (sqlite3_file *)(file + 1);
    pthread_mutex_lock(&vfs->lock);
    int cut = vfs->powerCut;
    pthread_mutex_unlock(&vfs->lock);
    if (cut) return SQLITE_CANTOPEN;
    int rc = vfs->root->xOpen(vfs->root, name, file->real, flags, outFlags);
    if (rc != SQLITE_OK) return rc;
    if (name && trackedType(flags)) {
        sqlite3_int64 size = 0;
        file->real->pMethods->xFileSize(file->real, &size);
        pthread_mutex_lock(&vfs->lock);
        file->pathIndex = psfault_path_index(vfs, name, size);
        pthread_mutex_unlock(&vfs->lock);
    }
    file->base.pMethods = &psfault_file_methods;
    return SQLITE_OK;
}

