import Foundation
import PlaceCrypto
import Testing

/// D29: key files round-trip, need their passphrase, refuse loose permissions and corrupt bytes, and
/// are never overwritten by a failed load. Tests use the minimum Argon2id cost; the default is MODERATE.
@Suite(.serialized) struct KeyFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("placesync-keyfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func passphrase(_ text: String) throws -> SecureBytes { try SecureBytes(copying: Array(text.utf8)) }

    @Test func plainAndSealedFilesRoundTripWithMode0600() throws {
        let node = try NodeKeyPair.generate()
        let plain = folder.appendingPathComponent("plain.key").path
        try KeyFile.write(node, to: plain, passphrase: nil)
        #expect(try KeyFile.read(from: plain, passphrase: nil).nodeID == node.nodeID)
        let attributes = try FileManager.default.attributesOfItem(atPath: plain)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let sealed = folder.appendingPathComponent("sealed.key").path
        try KeyFile.write(node, to: sealed, passphrase: passphrase("correct horse"), parameters: .testingMinimum)
        #expect(try KeyFile.read(from: sealed, passphrase: passphrase("correct horse")).nodeID == node.nodeID)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sealed))
        #expect(!bytes.isEmpty && KeyFile.Argon2Parameters.moderate.memLimit >= 256 << 20)
    }

    @Test func aWrongOrMissingPassphraseIsAClearError() throws {
        let node = try NodeKeyPair.generate()
        let path = folder.appendingPathComponent("sealed.key").path
        try KeyFile.write(node, to: path, passphrase: passphrase("right"), parameters: .testingMinimum)
        let wrong = try passphrase("wrong")
        do {
            _ = try KeyFile.read(from: path, passphrase: wrong)
            Issue.record("a wrong passphrase opened the key file")
        } catch {
            #expect(error.code == .wrongPassphrase)
        }
        #expect(throws: CryptoError.self) { try KeyFile.read(from: path, passphrase: nil) }
    }

    @Test func aFileOthersCanReadIsRefused() throws {
        let path = folder.appendingPathComponent("loose.key").path
        try KeyFile.write(try NodeKeyPair.generate(), to: path, passphrase: nil)
        chmod(path, 0o644)
        do {
            _ = try KeyFile.read(from: path, passphrase: nil)
            Issue.record("a world-readable key file was loaded")
        } catch {
            #expect(error.code == .insecureFile)
        }
    }

    @Test func truncatedOrCorruptFilesGiveClearErrorsAndStayUntouched() throws {
        let path = folder.appendingPathComponent("sealed.key").path
        try KeyFile.write(
            try NodeKeyPair.generate(), to: path, passphrase: passphrase("pw"), parameters: .testingMinimum)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for variant in [original.prefix(10), original.prefix(original.count - 1), original + Data([0])] {
            let damaged = folder.appendingPathComponent("damaged.key").path
            try? FileManager.default.removeItem(atPath: damaged)
            #expect(
                FileManager.default.createFile(
                    atPath: damaged, contents: Data(variant), attributes: [.posixPermissions: 0o600]))
            #expect(throws: CryptoError.self) { try KeyFile.read(from: damaged, passphrase: try passphrase("pw")) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: damaged)) == Data(variant))
        }
        var flipped = [UInt8](original)
        flipped[12] ^= 0x01  // inside the authenticated header
        #expect(throws: CryptoError.self) { try KeyFile.decode(flipped, passphrase: try passphrase("pw")) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
    }

    @Test func anExistingIdentityIsNeverOverwrittenByDefault() throws {
        let path = folder.appendingPathComponent("id.key").path
        let first = try NodeKeyPair.generate()
        try KeyFile.write(first, to: path, passphrase: nil)
        #expect(throws: CryptoError.self) { try KeyFile.write(try NodeKeyPair.generate(), to: path, passphrase: nil) }
        #expect(try KeyFile.read(from: path, passphrase: nil).nodeID == first.nodeID)
    }
}
