internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

extension ReplicaStore {
    /// Makes the database file (created empty if missing, as SQLite would) and any `-wal` and `-shm`
    /// beside it readable and writable by the owner only (mode 0600), whatever the process's umask.
    /// - Throws: ``StoreError/Code/io`` when the file cannot be created or its mode set.
    static func restrictToOwner(_ path: String) throws(StoreError) {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.io, "cannot create the replica database at \(path): \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            throw StoreError(.io, "cannot make \(path) private (mode 0600): \(String(cString: strerror(errno)))")
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard chmod(path + suffix, 0o600) == 0 else {
                throw StoreError(
                    .io, "cannot make \(path + suffix) private (mode 0600): \(String(cString: strerror(errno)))")
            }
        }
    }
}
