internal import Foundation
internal import PlaceCrypto
internal import PlaceStore
internal import Synchronization

/// What ``Node/backup(to:)`` wrote.
public struct BackupSummary: Sendable, Hashable {
    /// The backup file.
    public var path: String
    /// Its size in bytes.
    public var bytes: Int
    /// The envelopes it holds.
    public var envelopes: Int
}

extension Node {
    /// Writes a backup of the replica to `path` (which must not exist), online: this node and other
    /// processes on the replica (the daemon) go on writing meanwhile, and the backup is one consistent
    /// moment. It holds the signed, sealed envelopes and the epoch keys sealed to this node's key — no
    /// plaintext: **without the key file (`node.key`) nobody can read it**, and with only the key file
    /// nobody can restore it. Keep the two apart; ``restore(backup:keyFile:into:configuration:)`` needs
    /// both.
    /// - Throws: ``SyncError/Code/alreadyExists`` when `path` exists; ``SyncError/Code/storage``.
    @discardableResult
    public func backup(to path: String) throws -> BackupSummary {
        if FileManager.default.fileExists(atPath: path) {
            throw SyncError(.alreadyExists, "\(path) already exists; choose a new file for the backup")
        }
        try Self.storageCall { try store.writeBackup(to: path) }
        let contents = try Self.storageCall { try ReplicaStore.verifyBackup(at: path) }
        guard contents.integrity == "ok" else {
            try? FileManager.default.removeItem(atPath: path)
            throw SyncError(.storage, "the backup failed its integrity check (\(contents.integrity)); nothing was kept")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return BackupSummary(path: path, bytes: size, envelopes: contents.envelopes)
    }

    /// Restores a node from a ``backup(to:)`` file and the node's key file into `directory` (new or
    /// empty): checks the backup, copies both in, opens the node — which, finding a replica it did not
    /// leave there, takes a new author key before it writes (so no sequence number is ever signed
    /// twice; ``startupNotice`` says so) — and rebuilds every document from the envelopes. Syncing
    /// then brings what was written after the backup, without duplicates.
    /// - Throws: ``SyncError/Code/alreadyExists`` when `directory` holds files;
    ///   ``SyncError/Code/invalidInput`` for a backup that is damaged or not a backup;
    ///   ``SyncError/Code/identity`` for a key file that does not open.
    public static func restore(
        backup: String, keyFile: String, into directory: String, configuration: NodeConfiguration = NodeConfiguration()
    ) throws -> Node {
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw SyncError(.alreadyExists, "\(directory) is not empty; restore into a new folder")
        }
        let contents: ReplicaStore.BackupContents
        do { contents = try ReplicaStore.verifyBackup(at: backup) } catch {
            throw SyncError(.invalidInput, "cannot restore: \(error.message)", underlying: error)
        }
        guard contents.integrity == "ok" else {
            throw SyncError(.invalidInput, "cannot restore: the backup is damaged (\(contents.integrity))")
        }
        guard files.fileExists(atPath: keyFile) else {
            throw SyncError(.notFound, "no key file at \(keyFile): a backup cannot be read without its node's node.key")
        }
        let pair: NodeKeyPair
        do { pair = try KeyFile.read(from: keyFile, passphrase: configuration.passphrase) } catch {
            throw SyncError(.identity, "cannot read the key file \(keyFile): \(error)", underlying: error)
        }
        if let owner = contents.node, owner != pair.nodeID.publicKey {
            let ownerID = (try? NodeID(publicKey: owner)).map { "\($0)" } ?? "another node"
            throw SyncError(
                .invalidInput,
                "the key file \(keyFile) is node \(pair.nodeID)'s, but the backup is node \(ownerID)'s replica: restore it with that node's node.key; nothing was written"
            )
        }
        do {
            try files.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try files.copyItem(atPath: keyFile, toPath: keyPath(directory))
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath(directory))
            try files.copyItem(atPath: backup, toPath: databasePath(directory))
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: databasePath(directory))
        } catch {
            throw SyncError(
                .storage, "cannot restore into \(directory): \(error.localizedDescription)", underlying: error)
        }
        do {
            let node = try Node.open(at: directory, configuration: configuration)
            try node.rebuildDocumentsFromLog()
            return node
        } catch {
            // Refused once copied (a schema from a newer PlaceSync, say): leave the folder as it was.
            for name in (try? files.contentsOfDirectory(atPath: directory)) ?? [] {
                try? files.removeItem(atPath: directory + "/" + name)
            }
            throw error
        }
    }

    /// Rebuilds every document of every space from the envelopes in the replica (a restored backup
    /// carries no snapshots). Documents whose key this node lacks (a relay's) stay unbuilt, as before.
    /// Returns how many were built.
    @discardableResult
    package func rebuildDocumentsFromLog() throws -> Int {
        var built = 0
        for space in try spaces() {
            let keys = [space.id: (try? allContentKeys(space.id)) ?? [:]]
            let now = configuration.now()
            let saved: [DocumentCache.Key: (Document, Int64)] = try Self.storageCall {
                try store.write { tx in
                    var ingest = try Ingest(node: self, tx: tx, keys: keys, now: now)
                    for id in try tx.documentIDsInLog(space: space.id) {
                        do {
                            try ingest.rebuildDocument(id, in: space.id)
                            built += 1
                        } catch let error as SyncError where error.code == .noKey {
                            continue
                        }
                    }
                    return ingest.saved
                }
            }
            documentCache.withLock { cache in
                for (key, value) in saved { cache.store(value.0, revision: value.1, for: key) }
            }
        }
        return built
    }
}

extension Node {
    /// Limits the replica's size in pages (4 KiB), or lifts the limit (`nil`): past it a write fails as
    /// on a full disk. For tests of a full disk, and a quota where a device is small.
    package func setReplicaSizeLimit(pages: Int?) throws {
        try Self.storageCall { try store.setMaxPageCount(pages) }
    }
}
