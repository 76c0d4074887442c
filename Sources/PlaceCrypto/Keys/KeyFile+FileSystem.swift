internal import CSodium
internal import Glibc

extension KeyFile {
    /// Writes the key file atomically (temporary file, fsync, rename, fsync of the folder) with mode 0600.
    /// - Parameters:
    ///   - node: the key pair to keep.
    ///   - path: where the file goes.
    ///   - passphrase: seals the file under a key derived with Argon2id; `nil` writes it unsealed.
    ///   - parameters: the Argon2id cost when sealing.
    ///   - replacing: whether an existing file may be replaced; by default an existing identity is
    ///     never overwritten.
    /// - Throws: ``CryptoError/Code/fileSystem`` naming the step that failed.
    public static func write(
        _ node: NodeKeyPair, to path: String, passphrase: SecureBytes?, parameters: Argon2Parameters = .moderate,
        replacing: Bool = false
    ) throws(CryptoError) {
        if !replacing && access(path, F_OK) == 0 {
            throw CryptoError(.fileSystem, "a key file already exists at \(path); refusing to overwrite an identity")
        }
        var bytes = try encode(node, passphrase: passphrase, parameters: parameters)
        defer { wipe(&bytes) }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw fileError("create \(temporary)") }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            close(fd)
            unlink(temporary)
            throw fileError("write \(temporary)")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw fileError("rename to \(path)")
        }
        let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let folderFD = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }

    /// Reads the key file, refusing one that other users could read.
    /// - Throws: ``CryptoError/Code/insecureFile`` when group or others have any permission or it is not
    ///   a regular file; ``CryptoError/Code/fileSystem`` when it cannot be read; the errors of
    ///   ``decode(_:passphrase:)``. Nothing is ever written.
    public static func read(from path: String, passphrase: SecureBytes?) throws(CryptoError) -> NodeKeyPair {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw fileError("open \(path)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fileError("stat \(path)") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CryptoError(.insecureFile, "\(path) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw CryptoError(
                .insecureFile,
                "\(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)`"
            )
        }
        var bytes = [UInt8](repeating: 0, count: maxFileSize + 1)
        defer { wipe(&bytes) }
        let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw fileError("read \(path)") }
        guard count <= maxFileSize else { throw CryptoError(.malformed, "\(path) is too large to be a key file") }
        return try decode(Array(bytes.prefix(count)), passphrase: passphrase)
    }

    /// Zeroes a buffer that held secret bytes (best effort: Swift arrays may have been copied).
    private static func wipe(_ bytes: inout [UInt8]) {
        let count = bytes.count
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, count) }
        }
    }

    private static func fileError(_ step: String) -> CryptoError {
        CryptoError(.fileSystem, "could not \(step): \(String(cString: strerror(errno)))")
    }
}
