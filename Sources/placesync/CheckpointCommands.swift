import ArgumentParser
import Foundation
import PlaceCRDT
import PlaceSync

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Let new members start from a snapshot instead of the whole history; compact old history.",
        discussion: """
            An admin's checkpoint holds every document of a space as it stands now,
            sealed under the space's key and signed. A new member's node starts from it
            and fetches only what was written after, instead of every envelope ever
            written; hubs keep it and pass it on. New members check the signature,
            that its author is an admin, and that it describes exactly the history it
            stands for, and end with the same documents as everyone else.

              placesync checkpoint make "Falls QI"      (an admin; placesyncd offers it)
              placesync checkpoint show "Falls QI"
              placesync checkpoint compact "Falls QI"   (drop old history, see --help)
            """,
        subcommands: [MakeCheckpoint.self, ShowCheckpoint.self, CompactSpace.self])
}

struct MakeCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make", abstract: "Sign a checkpoint of a space at this node's state (admins only).")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space: its name or id.") var space: String

    func run() throws {
        let node = try options.open()
        let id = try resolveSpace(space, in: node)
        let info: CheckpointInfo
        do { info = try node.makeCheckpoint(of: id) } catch let error as SyncError { throw CLIError(error.message) }
        print(
            "checkpoint \(info.id.prefix(16)) of \(space): stands for \(info.envelopes) envelopes, \(Self.size(info.bytes))"
        )
        print("new members that sync with this node (or a hub it reaches) start from it")
    }

    static func size(_ bytes: Int) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
    }
}

struct ShowCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the checkpoint this node keeps of a space.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space: its name or id.") var space: String

    func run() throws {
        let node = try options.open()
        let id = try resolveSpace(space, in: node)
        guard let info = try node.checkpoint(of: id) else {
            print("no checkpoint of \(space) here (an admin makes one with `placesync checkpoint make`)")
            return
        }
        print("checkpoint \(info.id)")
        let authors = info.vector.count == 1 ? "1 author" : "\(info.vector.count) authors"
        print("  stands for \(info.envelopes) envelopes of \(authors), \(MakeCheckpoint.size(info.bytes))")
        print(
            info.isBase
                ? "  this node's state starts from it: below it, it keeps stubs, not envelopes"
                : "  kept to offer new members; this node holds the history below it")
    }
}

struct CompactSpace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Drop the bytes of old envelopes every current member holds.",
        discussion: """
            Drops the envelopes below this node's checkpoint that every current member
            has attested (signed) to holding. Who wrote what and when stays (author,
            sequence number, envelope id, causal order); the signed envelopes and the
            edit-by-edit history below the checkpoint go, and this node can no longer
            send them to a peer that lacks them (new members take the checkpoint).
            A member that has not attested since holds everything back.
            """)
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space: its name or id.") var space: String

    func run() throws {
        let node = try options.open()
        let id = try resolveSpace(space, in: node)
        let report: CompactionReport
        do { report = try node.compact(id) } catch let error as SyncError { throw CLIError(error.message) }
        print("dropped \(report.dropped) envelopes (\(MakeCheckpoint.size(report.bytesDropped)))")
        if !report.holdingBack.isEmpty {
            let names = report.holdingBack.map { "\($0)".prefix(12) }.joined(separator: ", ")
            print(
                "held back for \(report.holdingBack.count) member(s) that have not attested to holding it all: \(names)"
            )
        }
    }
}
