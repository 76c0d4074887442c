/// How the replica database is opened.
public struct SQLiteStoreConfiguration: Sendable {
    /// How hard SQLite works to make a commit durable.
    public enum Durability: Sendable {
        /// `synchronous=FULL` (the default): a write that returned has reached the disk and survives
        /// power loss, not only a crash of the process.
        case full
        /// `synchronous=NORMAL`: survives a crash of the process; the last commits can be lost on power
        /// loss (never corrupting the database). Faster; for machines on a UPS or for relays.
        case normal
    }

    /// Durability of commits. Default: ``Durability/full``.
    public var durability: Durability = .full
    /// How long a write waits for another process (the CLI, the daemon) to finish its own before
    /// giving up with ``StoreError/Code/busy``. Default: 30 seconds.
    public var busyTimeoutSeconds: Double = 30
    /// The most pages (4 KiB each) the replica may grow to (`PRAGMA max_page_count`), or `nil` for
    /// SQLite's default (no practical limit). A write that would pass it fails as a full disk does
    /// (``StoreError/Code/full``) and changes nothing — a quota for a small device, and how the tests
    /// fill the disk.
    public var maxPageCount: Int?
    /// The name of a registered SQLite VFS to open the database through, or `nil` for SQLite's default.
    /// For tests only (the fault-injecting VFS that simulates power loss and I/O errors); never set in
    /// production, where the replica always uses the default VFS.
    public var vfsName: String?

    /// The defaults.
    public init() {}
}
