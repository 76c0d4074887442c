internal import Glibc
internal import PlaceBinary

/// The file beside the key file that tells a replica database restored from a backup, or copied from
/// another node, from the one this node last opened (RELIABILITY.md D7; Protocol/STORAGE.md §3).
///
/// The database and the marker both hold the replica id and an open generation. Every open raises the
/// database's generation first (committed), then rewrites the marker. So in normal use the database's
/// generation is at least the marker's (a crash between the two steps leaves it one ahead), and a
/// database whose generation is *behind* the marker is older than the last open: a restored backup,
/// whose next seqs were already used. Any such mismatch makes the node take a new author key before
/// it writes, so no `(author, seq)` is ever issued twice.
struct ReplicaMarker: Equatable {
    var replica: [UInt8]
    var generation: UInt64

    static let fileName = "replica.marker"

    /// The marker at `path`; `nil` when there is none or it is unreadable (both count as a mismatch).
    static func read(at path: String) -> ReplicaMarker? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 256) }
        guard count > 0, count < 256 else { return nil }
        let lines = String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n")
        guard lines.count == 3, lines[0] == "PSMARKER 1", lines[1].hasPrefix("replica "),
            lines[2].hasPrefix("generation ")
        else { return nil }
        guard let replica = Hex.bytes(lines[1].dropFirst("replica ".count)), replica.count == 16,
            let generation = UInt64(lines[2].dropFirst("generation ".count))
        else { return nil }
        return ReplicaMarker(replica: replica, generation: generation)
    }

    /// Writes the marker atomically (temporary file, fsync, rename, fsync of the folder).
    func write(to path: String) throws(SyncError) {
        let text = "PSMARKER 1\nreplica \(Hex.string(replica))\ngeneration \(generation)\n"
        try writeFileAtomically(Array(text.utf8), to: path, mode: 0o600)
    }
}

/// Writes `bytes` to `path` through a temporary file, fsync, rename and fsync of the folder.
func writeFileAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SyncError) {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard fd >= 0 else { throw SyncError(.storage, "cannot create \(temporary) (errno \(errno))") }
    let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count, fsync(fd) == 0 else {
        close(fd)
        unlink(temporary)
        throw SyncError(.storage, "cannot write \(temporary) (errno \(errno))")
    }
    close(fd)
    guard rename(temporary, path) == 0 else {
        unlink(temporary)
        throw SyncError(.storage, "cannot rename \(temporary) to \(path) (errno \(errno))")
    }
    syncFolder(of: path)
}

/// fsyncs the folder holding `path`, so a rename in it is durable.
func syncFolder(of path: String) {
    let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd >= 0 {
        _ = fsync(fd)
        close(fd)
    }
}
