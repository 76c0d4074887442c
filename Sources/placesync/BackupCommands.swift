import ArgumentParser
import Foundation
import PlaceSync

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent backup of the replica while the node (and its daemon) keeps working.",
        discussion: """
            The backup holds the signed, sealed envelopes and the space keys sealed to this node's key — no
            readable text: without the node's key file nobody can read it, and restoring needs both. Keep the
            key file (node.key in the node's folder) somewhere else than the backups; --with-key copies it
            beside the backup for a one-off move, not for routine backups.
            Examples:
              placesync backup -o /mnt/backups/practice-2026-12-06.placesync
              placesync restore /mnt/backups/practice-2026-12-06.placesync --key /safe/node.key --data-dir ~/restored
            """)
    @OptionGroup var options: NodeOptions
    @Option(name: .shortAndLong, help: "The backup file (must not exist). Default: placesync-<date>.backup here.")
    var output: String?
    @Flag(help: "Also copy the key file beside the backup (FILE.key, mode 0600).") var withKey = false

    func run() throws {
        let node = try options.open()
        let stamp = ISO8601DateFormatter().string(from: Date()).prefix(19).replacingOccurrences(of: ":", with: "")
        let path = output ?? "placesync-\(stamp).backup"
        let started = Date()
        let summary: BackupSummary
        do { summary = try node.backup(to: path) } catch let error as SyncError { throw CLIError(error.message) }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print(
            "backup written to \(summary.path): \(summary.envelopes) envelopes, \(ByteCountFormatter.string(fromByteCount: Int64(summary.bytes), countStyle: .file)) in \(seconds) s"
        )
        if withKey {
            let keyCopy = path + ".key"
            do {
                try FileManager.default.copyItem(atPath: options.directory + "/node.key", toPath: keyCopy)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyCopy)
            } catch {
                throw CLIError(
                    "the backup was written, but the key file could not be copied: \(error.localizedDescription)")
            }
            print(
                "key file copied to \(keyCopy): anyone with both files can read and write as this node; keep it apart")
        } else {
            print(
                "to restore it you also need this node's key file, \(options.directory)/node.key (keep a copy elsewhere)"
            )
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a node from a backup and its key file into a new folder.",
        discussion: """
            The restored node writes as a new author (so no sequence number is ever signed twice): an admin
            of each space must admit its new node id (placesync add-member) before it writes there; it reads
            at once, and syncing brings what was written after the backup. Stop the old node first if it
            still runs. Example:
              placesync restore practice.backup --key /safe/node.key --data-dir ~/.local/share/placesync-restored
            """)
    @OptionGroup var options: NodeOptions
    @Argument(help: "The backup file (from `placesync backup`).") var backup: String
    @Option(help: "The node's key file (node.key), kept apart from the backups.") var key: String

    func run() throws {
        let node: Node
        do {
            node = try Node.restore(
                backup: backup, keyFile: key, into: options.directory, configuration: try options.configuration())
        } catch let error as SyncError {
            throw CLIError(error.message)
        }
        print("restored into \(options.directory); this node now writes as \(node.nodeID)")
        if let notice = node.startupNotice { print(notice) }
        for space in try node.spaces() {
            let status = try node.status(of: space.id)
            print(
                "  \(space.name): \(status.canWrite ? "reads and writes" : status.canRead ? "reads; ask an admin to run `placesync add-member \(space.id) \(node.nodeID) --role writer`" : status.explanation)"
            )
        }
    }
}
