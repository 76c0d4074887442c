// Shared by the fault VFS's two files: its state and the helpers the file methods call. Not public.
#ifndef PLACESYNC_FAULT_VFS_INTERNAL_H
#define PLACESYNC_FAULT_VFS_INTERNAL_H

#include "include/fault_vfs.h"

#include <pthread.h>
#include <sqlite3.h>

typedef struct {
    char *path;
    sqlite3_int64 syncedSize;
} TrackedPath;

typedef struct {
    int pathIndex;
    sqlite3_int64 offset;
    int length;           // bytes that existed before the write at offset (0 beyond the end of file)
    unsigned char *bytes; // their old content
} UndoRecord;

struct PSFaultVFS {
    sqlite3_vfs base;
    sqlite3_vfs *root;
    char *name;
    pthread_mutex_t lock;
    TrackedPath *paths;
    int pathCount;
    UndoRecord *undo;
    int undoCount, undoCapacity;
    int64_t cutCountdown; // < 0: disarmed
    int powerCut;
    int64_t counts[3];
    int64_t failAt[3]; // the operation number (in counts) that fails first; 0: none
    int failCode[3];
    int failPersistent[3];
    int64_t injected;
};

typedef struct {
    sqlite3_file base;
    PSFaultVFS *vfs;
    int pathIndex; // -1: not tracked (temporary files)
    sqlite3_file *real;
} FaultFile;

// With the lock held: counts an operation and says whether it must fail (and with which code).
int psfault_injected_failure(PSFaultVFS *vfs, PSFaultOp op, int cutCode);
// With the lock held: remembers what [offset, offset + amount) held before it is overwritten or cut.
int psfault_remember_old_bytes(PSFaultVFS *vfs, FaultFile *file, sqlite3_int64 offset, sqlite3_int64 amount);
// With the lock held: the index of a tracked path, added (synced at `size`) the first time.
int psfault_path_index(PSFaultVFS *vfs, const char *path, sqlite3_int64 size);
// The methods of a file opened through the VFS, and its xOpen.
extern const sqlite3_io_methods psfault_file_methods;
int psfault_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags);

#endif
