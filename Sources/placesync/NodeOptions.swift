import ArgumentParser
import Foundation
import PlaceBinary
import PlaceCRDT
import PlaceCrypto
import PlaceDaemon
import PlaceSync
import PlaceWire

/// Options every command takes.
struct NodeOptions: ParsableArguments {
    @Option(help: "The node's folder. Default: $PLACESYNC_HOME, else ~/.local/share/placesync.")
    var dataDir: String?

    @Option(
        help: """
            A file holding the passphrase that seals the node's key file (else $PLACESYNC_PASSPHRASE, else the \
            systemd credential placesync-passphrase; none: a plain key file, mode 0600).
            """)
    var passphraseFile: String?

    var directory: String { dataDir ?? DaemonSettings.defaultDataDir() }

    /// Opens the node, or says how to make one.
    func open() throws -> Node {
        guard FileManager.default.fileExists(atPath: directory + "/node.key") else {
            throw CLIError("no node in \(directory): run `placesync init` first (or pass --data-dir)")
        }
        return try Node.open(at: directory, configuration: try configuration())
    }

    /// The node configuration these options give (the passphrase, if any).
    func configuration() throws -> NodeConfiguration {
        var configuration = NodeConfiguration()
        configuration.passphrase = try PassphraseSource.resolve(
            file: passphraseFile, environment: ProcessInfo.processInfo.environment)
        // What this node writes follows its daemon's config file (`envelopeFormat`), if it has one.
        let config = try DaemonSettings.readConfig(nil, defaultDir: directory)
        configuration.envelopeFormat = try DaemonSettings.envelopeFormat(config)
        return configuration
    }
}

/// A failure told plainly; the command exits with status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Finds a space by id (hex) or by name.
func resolveSpace(_ text: String, in node: Node) throws -> SpaceID {
    let spaces = try node.spaces()
    if let match = spaces.first(where: { "\($0.id)" == text.lowercased() }) { return match.id }
    let named = spaces.filter { $0.name == text }
    if named.count == 1 { return named[0].id }
    if named.count > 1 { throw CLIError("several spaces are named \"\(text)\": use the id (`placesync spaces`)") }
    throw CLIError("this node holds no space \"\(text)\" (`placesync spaces` lists them)")
}

/// A document id: 32 hex digits, `main`, or a name mapped to an id the same way on every node.
func resolveDocument(_ text: String) -> DocumentID {
    if text == "main" { return .main }
    if text.count == 32, let bytes = Hex.bytes(text), let id = DocumentID(bytes: bytes) { return id }
    let digest = Blake2b.hash(Array(("placesync/document-name/" + text).utf8), outputLength: 16)
    return DocumentID(bytes: digest) ?? .main
}

/// Parses a node id as `placesync id` prints it.
func parseNodeID(_ text: String) throws -> NodeID {
    do { return try NodeID(parsing: text) } catch { throw CLIError("\"\(text)\" is not a node id: \(error)") }
}

/// Prints a value as JSON (sorted keys, so output is stable).
func printJSON(_ value: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// A member's node id as `placesync id` prints it.
func nodeText(_ actor: ActorID) -> String {
    (try? NodeID(publicKey: actor.bytes)).map { "\($0)" } ?? actor.hex
}
