internal import Foundation
package import PlaceCrypto
internal import PlaceSync

/// Where the executables find the passphrase that seals the node's key file, first match wins:
/// a file named on the command line (`--passphrase-file`), the environment variable
/// `PLACESYNC_PASSPHRASE`, or the systemd credential `placesync-passphrase` (a unit's
/// `LoadCredential=placesync-passphrase:/etc/placesync/passphrase` puts it in `$CREDENTIALS_DIRECTORY`).
/// None of them: the key file is plain, protected by its mode (0600) only.
///
/// A file holds the passphrase as UTF-8; one trailing newline is dropped. At most 1 KiB.
package enum PassphraseSource {
    /// The environment variable read.
    package static let environmentVariable = "PLACESYNC_PASSPHRASE"
    /// The systemd credential's name.
    package static let credentialName = "placesync-passphrase"

    /// The passphrase, or `nil` when none is given.
    /// - Throws: ``SyncError/Code/invalidInput`` for a file that cannot be read, is empty or over 1 KiB.
    package static func resolve(file: String?, environment: [String: String]) throws -> SecureBytes? {
        if let file { return try read(file) }
        if let text = environment[environmentVariable], !text.isEmpty {
            return try SecureBytes(copying: Array(text.utf8))
        }
        if let directory = environment["CREDENTIALS_DIRECTORY"],
            FileManager.default.fileExists(atPath: directory + "/" + credentialName)
        {
            return try read(directory + "/" + credentialName)
        }
        return nil
    }

    private static func read(_ path: String) throws -> SecureBytes {
        guard var bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            throw SyncError(.invalidInput, "cannot read the passphrase file \(path)")
        }
        defer { for index in bytes.indices { bytes[index] = 0 } }
        guard bytes.count <= 1_024 else {
            throw SyncError(.invalidInput, "the passphrase file \(path) is over 1 KiB; it should hold one line")
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else { throw SyncError(.invalidInput, "the passphrase file \(path) is empty") }
        return try SecureBytes(copying: bytes)
    }
}
