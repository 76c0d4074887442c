import ArgumentParser
import Foundation
import PlaceCRDT
import PlaceSync
import PlaceWire

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Sync without a network: carry changes on a file (a USB stick, an email).",
        discussion: """
            A bundle holds the changes of one space that its receiver lacks, as a sync
            session would send them: signed by their authors and sealed, so whoever
            carries the file sees no more than a relay does (the space's id, the
            members' node ids, how much each wrote), never any text.

            A round trip between a practice without a network and a node with one:
              placesync bundle export "Falls QI" --for PRACTICE-ID -o out.psbundle
              placesync bundle import out.psbundle            (at the practice)
              placesync bundle export "Falls QI" --for HUB-ID -o back.psbundle
              placesync bundle import back.psbundle           (at the hub)
            The bundle back is also the practice's acknowledgement. Each side
            remembers what the other holds, so the next export --for it carries
            only what is new. A practice that does not hold the space yet takes it
            on with the first bundle written for it, once an admin has added it.
            """,
        subcommands: [ExportBundle.self, ImportBundle.self])
}

struct ExportBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the changes of a space that another node lacks to a file.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space: its name or id.") var space: String
    @Option(
        name: .customLong("for"),
        help:
            "The node it is for (`placesync id` there): only what it lacks, by what this node knows it holds; only it can import the bundle."
    )
    var recipient: String?
    @Option(
        help:
            "Start after this version vector (author-node-id:seq,...) instead; default: everything, or what --for lacks."
    )
    var since: String?
    @Option(name: .shortAndLong, help: "The bundle file (must not exist). Default: <space>-<date>.psbundle here.")
    var output: String?

    func run() throws {
        let node = try options.open()
        let id = try resolveSpace(space, in: node)
        let path = output ?? "\(space.filter { $0.isLetter || $0.isNumber })-\(Self.stamp()).psbundle"
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CLIError("\(path) exists already: choose another file with -o")
        }
        let written: (bytes: [UInt8], manifest: BundleManifest)
        do {
            written = try node.exportBundle(
                space: id, for: try recipient.map(parseNodeID), since: try since.map(Self.parseVector))
        } catch let error as SyncError { throw CLIError(error.message) }
        guard FileManager.default.createFile(atPath: path, contents: Data(written.bytes)) else {
            throw CLIError("cannot write \(path)")
        }
        let size = ByteCountFormatter.string(fromByteCount: Int64(written.bytes.count), countStyle: .file)
        let count = written.manifest.envelopeCount
        print("bundle written to \(path): \(count) envelope\(count == 1 ? "" : "s"), \(size)")
        if let recipient { print("for node \(recipient): only it can import it") }
    }

    static func stamp() -> String {
        ISO8601DateFormatter().string(from: Date()).prefix(16).replacingOccurrences(of: ":", with: "")
    }

    /// `author:seq,author:seq` with authors as node ids.
    static func parseVector(_ text: String) throws -> VersionVector {
        var entries: [ActorID: UInt64] = [:]
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let seq = UInt64(parts[1].trimmingCharacters(in: .whitespaces)),
                let actor = ActorID(
                    bytes: try parseNodeID(String(parts[0]).trimmingCharacters(in: .whitespaces)).publicKey)
            else { throw CLIError("--since takes author-node-id:seq pairs separated by commas, not \"\(item)\"") }
            entries[actor] = seq
        }
        return VersionVector(entries)
    }
}

struct ImportBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Check a bundle whole and take in its changes, as a sync session would.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The bundle file.") var file: String
    @Option(help: "The name this node gives the space if the bundle brings it for the first time.")
    var name: String?

    func run() throws {
        let node = try options.open()
        // Refuse an oversized file before reading it into memory.
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        guard size <= EnvelopeBundle.maxBytes else {
            throw CLIError("\(file) is \(size >> 20) MiB; a bundle is at most \(EnvelopeBundle.maxBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        let report: BundleImportReport
        do { report = try node.importBundle([UInt8](data), spaceName: name ?? "") } catch let error as SyncError {
            throw CLIError(error.message)
        }
        let ingest = report.ingest
        if report.joined {
            print(
                "this node now holds space \(name ?? "\(report.manifest.space)") (an admin added it)"
                    + (name == nil ? "; give it a name here with --name next time" : ""))
        }
        let written = Date(timeIntervalSince1970: Double(report.manifest.createdAt))
        print(
            "imported the bundle written by \(report.manifest.exporter) on \(ISO8601DateFormatter().string(from: written)): "
                + "\(ingest.applied.count) new, \(ingest.duplicates.count) already here, \(ingest.pending.count) waiting for earlier changes, \(ingest.rejected.count + ingest.excluded.count) refused"
        )
        for (envelope, reason) in ingest.rejected.prefix(10) {
            print("  refused \(envelope.map { "#\($0.seq) by \($0.author)" } ?? "an envelope"): \(reason)")
        }
        let spaceName = (try? node.spaces().first { $0.id == report.manifest.space }?.name) ?? ""
        let spaceText = spaceName.isEmpty ? "\(report.manifest.space)" : "\"\(spaceName)\""
        print(
            "to acknowledge it and send back what that node lacks: placesync bundle export \(spaceText) --for \(report.manifest.exporter)"
        )
    }
}
