// A fault-injecting SQLite VFS for tests (see include/fault_vfs.h). It passes every call to the default
// VFS and, for database, WAL and journal files, keeps an undo log of what was written since each file's
// last sync: a power cut replays that log backwards, which leaves on disk exactly what had been synced.
#include "fault_vfs_internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// With the lock held. Returns the index of `path`, adding it (synced at `size`) the first time.
int psfault_path_index(PSFaultVFS *vfs, const char *path, sqlite3_int64 size) {
    for (int i = 0; i < vfs->pathCount; i++) {
        if (strcmp(vfs->paths[i].path, path) == 0) return i;
    }
    TrackedPath *grown = realloc(vfs->paths, sizeof(TrackedPath) * (size_t)(vfs->pathCount + 1));
    if (!grown) return -1;
    vfs->paths = grown;
    vfs->paths[vfs->pathCount].path = strdup(path);
    vfs->paths[vfs->pathCount].syncedSize = size;
    return vfs->pathCount++;
}

// With the lock held: undoes every unsynced write, newest first, then cuts files to their synced size.
static void cutPower(PSFaultVFS *vfs) {
    if (vfs->powerCut) return;
    vfs->powerCut = 1;
    for (int i = vfs->undoCount - 1; i >= 0; i--) {
        UndoRecord *record = &vfs->undo[i];
        int fd = open(vfs->paths[record->pathIndex].path, O_WRONLY);
        if (fd >= 0) {
            if (record->length > 0) (void)!pwrite(fd, record->bytes, (size_t)record->length, record->offset);
            close(fd);
        }
        free(record->bytes);
    }
    vfs->undoCount = 0;
    for (int i = 0; i < vfs->pathCount; i++) {
        (void)!truncate(vfs->paths[i].path, vfs->paths[i].syncedSize);
    }
}

// With the lock held: counts an operation and says whether it must fail (and with which code).
int psfault_injected_failure(PSFaultVFS *vfs, PSFaultOp op, int cutCode) {
    vfs->counts[op]++;
    if (op != PSFaultOpRead && vfs->cutCountdown >= 0) {
        if (vfs->cutCountdown == 0) cutPower(vfs);
        else vfs->cutCountdown--;
    }
    if (vfs->powerCut) {
        vfs->injected++;
        return cutCode;
    }
    int64_t at = vfs->failAt[op];
    if (at > 0 && (vfs->counts[op] == at || (vfs->failPersistent[op] && vfs->counts[op] > at))) {
        vfs->injected++;
        return vfs->failCode[op];
    }
    return SQLITE_OK;
}

// With the lock held: remembers what [offset, offset + amount) held before it is overwritten or cut.
int psfault_remember_old_bytes(PSFaultVFS *vfs, FaultFile *file, sqlite3_int64 offset, sqlite3_int64 amount) {
    sqlite3_int64 size = 0;
    if (file->real->pMethods->xFileSize(file->real, &size) != SQLITE_OK) return SQLITE_IOERR;
    sqlite3_int64 existing = size - offset;
    if (existing > amount) existing = amount;
    if (existing < 0) existing = 0;
    unsigned char *bytes = NULL;
    if (existing > 0) {
        bytes = malloc((size_t)existing);
        if (!bytes) return SQLITE_NOMEM;
        int rc = file->real->pMethods->xRead(file->real, bytes, (int)existing, offset);
        if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) {
            free(bytes);
            return rc;
        }
    }
    if (vfs->undoCount == vfs->undoCapacity) {
        int capacity = vfs->undoCapacity ? vfs->undoCapacity * 2 : 64;
        UndoRecord *grown = realloc(vfs->undo, sizeof(UndoRecord) * (size_t)capacity);
        if (!grown) {
            free(bytes);
            return SQLITE_NOMEM;
        }
        vfs->undo = grown;
        vfs->undoCapacity = capacity;
    }
    vfs->undo[vfs->undoCount++] = (UndoRecord){file->pathIndex, offset, (int)existing, bytes};
    return SQLITE_OK;
}

static int faultDelete(sqlite3_vfs *v, const char *name, int syncDirectory) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    pthread_mutex_lock(&vfs->lock);
    int cut = vfs->powerCut;
    pthread_mutex_unlock(&vfs->lock);
    if (cut) return SQLITE_IOERR_DELETE;
    return vfs->root->xDelete(vfs->root, name, syncDirectory);
}

static int faultAccess(sqlite3_vfs *v, const char *name, int flags, int *result) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xAccess(vfs->root, name, flags, result);
}

static int faultFullPathname(sqlite3_vfs *v, const char *name, int size, char *output) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xFullPathname(vfs->root, name, size, output);
}

static void *faultDlOpen(sqlite3_vfs *v, const char *name) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xDlOpen(vfs->root, name);
}

static void faultDlError(sqlite3_vfs *v, int size, char *message) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    vfs->root->xDlError(vfs->root, size, message);
}

static void (*faultDlSym(sqlite3_vfs *v, void *handle, const char *symbol))(void) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xDlSym(vfs->root, handle, symbol);
}

static void faultDlClose(sqlite3_vfs *v, void *handle) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    vfs->root->xDlClose(vfs->root, handle);
}

static int faultRandomness(sqlite3_vfs *v, int size, char *output) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xRandomness(vfs->root, size, output);
}

static int faultSleep(sqlite3_vfs *v, int microseconds) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xSleep(vfs->root, microseconds);
}

static int faultCurrentTime(sqlite3_vfs *v, double *now) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xCurrentTime(vfs->root, now);
}

static int faultGetLastError(sqlite3_vfs *v, int size, char *message) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xGetLastError(vfs->root, size, message);
}

static int faultCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *now) {
    PSFaultVFS *vfs = (PSFaultVFS *)v;
    return vfs->root->xCurrentTimeInt64(vfs->root, now);
}

PSFaultVFS *psfault_create(const char *name) {
    sqlite3_vfs *root = sqlite3_vfs_find(NULL);
    if (!root || root->iVersion < 2) return NULL;
    PSFaultVFS *vfs = calloc(1, sizeof(PSFaultVFS));
    if (!vfs) return NULL;
    vfs->root = root;
    vfs->name = strdup(name);
    vfs->cutCountdown = -1;
    pthread_mutex_init(&vfs->lock, NULL);
    vfs->base = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(FaultFile) + root->szOsFile,
        .mxPathname = root->mxPathname,
        .zName = vfs->name,
        .xOpen = psfault_open,
        .xDelete = faultDelete,
        .xAccess = faultAccess,
        .xFullPathname = faultFullPathname,
        .xDlOpen = faultDlOpen,
        .xDlError = faultDlError,
        .xDlSym = faultDlSym,
        .xDlClose = faultDlClose,
        .xRandomness = faultRandomness,
        .xSleep = faultSleep,
        .xCurrentTime = faultCurrentTime,
        .xGetLastError = faultGetLastError,
        .xCurrentTimeInt64 = faultCurrentTimeInt64,
    };
    if (sqlite3_vfs_register(&vfs->base, 0) != SQLITE_OK) {
        pthread_mutex_destroy(&vfs->lock);
        free(vfs->name);
        free(vfs);
        return NULL;
    }
    return vfs;
}

void psfault_destroy(PSFaultVFS *vfs) {
    if (!vfs) return;
    sqlite3_vfs_unregister(&vfs->base);
    for (int i = 0; i < vfs->undoCount; i++) free(vfs->undo[i].bytes);
    free(vfs->undo);
    for (int i = 0; i < vfs->pathCount; i++) free(vfs->paths[i].path);
    free(vfs->paths);
    pthread_mutex_destroy(&vfs->lock);
    free(vfs->name);
    free(vfs);
}

void psfault_cut_power_after(PSFaultVFS *vfs, int64_t count) {
    pthread_mutex_lock(&vfs->lock);
    vfs->cutCountdown = count;
    pthread_mutex_unlock(&vfs->lock);
}

void psfault_cut_power_now(PSFaultVFS *vfs) {
    pthread_mutex_lock(&vfs->lock);
    cutPower(vfs);
    pthread_mutex_unlock(&vfs->lock);
}

int psfault_power_is_cut(PSFaultVFS *vfs) {
    pthread_mutex_lock(&vfs->lock);
    int cut = vfs->powerCut;
    pthread_mutex_unlock(&vfs->lock);
    return cut;
}

void psfault_restore_power(PSFaultVFS *vfs) {
    pthread_mutex_lock(&vfs->lock);
    vfs->powerCut = 0;
    vfs->cutCountdown = -1;
    pthread_mutex_unlock(&vfs->lock);
}

void psfault_fail(PSFaultVFS *vfs, PSFaultOp op, int64_t nth, int code, int persistent) {
    pthread_mutex_lock(&vfs->lock);
    vfs->failAt[op] = nth > 0 ? vfs->counts[op] + nth : 0;
    vfs->failCode[op] = code;
    vfs->failPersistent[op] = persistent;
    pthread_mutex_unlock(&vfs->lock);
}

int64_t psfault_count(PSFaultVFS *vfs, PSFaultOp op) {
    pthread_mutex_lock(&vfs->lock);
    int64_t count = vfs->counts[op];
    pthread_mutex_unlock(&vfs->lock);
    return count;
}

int64_t psfault_injected(PSFaultVFS *vfs) {
    pthread_mutex_lock(&vfs->lock);
    int64_t injected = vfs->injected;
    pthread_mutex_unlock(&vfs->lock);
    return injected;
}
