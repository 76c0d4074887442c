internal import Foundation
internal import Glibc
internal import PlaceCRDT
internal import PlaceCrypto

/// The node's key pairs: the current one (its author key) and retired ones, kept to open what was
/// sealed to them before a rotation.
struct NodeIdentity: Sendable {
    let current: NodeKeyPair
    let retired: [NodeKeyPair]
    /// The CRDT actor of the current key.
    let actor: ActorID

    init(current: NodeKeyPair, retired: [NodeKeyPair]) throws(SyncError) {
        guard let actor = ActorID(bytes: current.nodeID.publicKey) else {
            throw SyncError(.identity, "a node key is not 32 bytes")
        }
        self.current = current
        self.retired = retired
        self.actor = actor
    }

    /// Every key pair, current first.
    var all: [NodeKeyPair] { [current] + retired }

    /// The key pair whose public key is `id`, if this node holds it.
    func pair(for id: NodeID) -> NodeKeyPair? { all.first { $0.nodeID == id } }

    static func retiredPrefix(_ directory: String) -> String { Node.keyPath(directory) + ".retired-" }
    static func nextPath(_ directory: String) -> String { Node.keyPath(directory) + ".next" }

    /// Reads `node.key` and every `node.key.retired-N`.
    static func load(from directory: String, passphrase: SecureBytes?) throws(SyncError) -> NodeIdentity {
        let current = try read(Node.keyPath(directory), passphrase: passphrase)
        var retired: [NodeKeyPair] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() where name.hasPrefix("node.key.retired-") {
            retired.append(try read(directory + "/" + name, passphrase: passphrase))
        }
        return try NodeIdentity(current: current, retired: retired)
    }

    private static func read(_ path: String, passphrase: SecureBytes?) throws(SyncError) -> NodeKeyPair {
        do {
            return try KeyFile.read(from: path, passphrase: passphrase)
        } catch {
            throw SyncError(.identity, "cannot read the key file \(path): \(error.message)", underlying: error)
        }
    }

    /// Takes a new author key: writes it as `node.key.next`, renames `node.key` to
    /// `node.key.retired-N`, then `node.key.next` to `node.key`. An interrupted rotation is finished by
    /// ``finishInterruptedRotation(in:)`` on the next open.
    func rotated(in directory: String, configuration: NodeConfiguration) throws(SyncError) -> NodeIdentity {
        let next: NodeKeyPair
        do {
            next = try NodeKeyPair.generate()
        } catch {
            throw SyncError(.identity, "cannot generate a new key: \(error.message)", underlying: error)
        }
        do {
            try KeyFile.write(
                next, to: Self.nextPath(directory), passphrase: configuration.passphrase,
                parameters: configuration.keyFileParameters, replacing: true)
        } catch {
            throw SyncError(.identity, "cannot write a new key file: \(error.message)", underlying: error)
        }
        var number = retired.count + 1
        while FileManager.default.fileExists(atPath: Self.retiredPrefix(directory) + "\(number)") { number += 1 }
        guard rename(Node.keyPath(directory), Self.retiredPrefix(directory) + "\(number)") == 0 else {
            throw SyncError(.identity, "cannot retire the old key file (errno \(errno))")
        }
        try Self.finishInterruptedRotation(in: directory)
        return try NodeIdentity(current: next, retired: [current] + retired)
    }

    /// Completes a rotation that stopped after the new key was written: `node.key.next` becomes
    /// `node.key` once the old one has been retired.
    static func finishInterruptedRotation(in directory: String) throws(SyncError) {
        let next = nextPath(directory)
        guard FileManager.default.fileExists(atPath: next) else { return }
        if FileManager.default.fileExists(atPath: Node.keyPath(directory)) {
            // The old key was never retired: the rotation did not happen; start over next time.
            unlink(next)
            return
        }
        guard rename(next, Node.keyPath(directory)) == 0 else {
            throw SyncError(.identity, "cannot install the new key file (errno \(errno))")
        }
        syncFolder(of: Node.keyPath(directory))
    }
}

/// `count` random bytes from libsodium.
func randomBytes(_ count: Int) throws(SyncError) -> [UInt8] {
    do {
        return try SecureBytes.random(count: count).withUnsafeBytes { Array($0) }
    } catch {
        throw SyncError(.identity, "the system random generator failed: \(error.message)", underlying: error)
    }
}
