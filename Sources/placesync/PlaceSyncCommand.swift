import ArgumentParser

/// `placesync`: drives a PlaceSync node from a shell. It opens the node's replica directly, so it works
/// whether or not `placesyncd` is running (the daemon notices its writes and pushes them to peers).
@main
struct PlaceSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placesync",
        abstract: "Drive a PlaceSync node: spaces, members, invites, documents, sync and status.",
        discussion: """
            The node lives in --data-dir (default: $PLACESYNC_HOME, else ~/.local/share/placesync).
            Start with `placesync init`, then `placesyncd` to keep it in sync with peers and hubs.
            Spaces may be named by id or by name; documents by 32-hex id, `main`, or any name
            (a name maps to the same document id on every node).
            QI work: `project`, `pdsa`, `measure`, `note`, `org`, `person` (each with --help and examples).
            Exit status: 0 done; 1 the command failed (the message says why; nothing was written);
            64 the command line was wrong (usage is printed).
            """,
        subcommands: [
            Initialize.self, ShowID.self, Spaces.self, AcceptOffer.self, DeclineOffer.self, CreateSpace.self,
            Members.self, AddMember.self,
            RemoveMember.self, CreateInvite.self, Join.self, Documents.self, Get.self, Set.self, Search.self,
            Sync.self, Status.self, ProjectCommand.self, PDSACommand.self, MeasureCommand.self, NoteCommand.self,
            OrgCommand.self, PersonCommand.self, ReportCommand.self, AuditCommand.self, ImportCommand.self,
            ExampleCountyCommand.self, Backup.self, Restore.self, BundleCommand.self, CheckpointCommand.self,
            Explain.self,
        ])
}
