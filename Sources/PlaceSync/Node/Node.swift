internal import Foundation
internal import PlaceBinary
public import PlaceCRDT
public import PlaceCrypto
internal import PlaceStore
internal import PlaceWire
internal import Synchronization

/// A PlaceSync node: this device's identity and its local replica — the SQLite database the CLI and the
/// HTTP frontend read — with the verification that decides what enters it.
///
/// A node lives in one folder: `node.key` (the Ed25519 identity, mode 0600), `replica.sqlite` (WAL) and
/// `replica.marker`. Several processes (the daemon and the CLI) may open the same folder at once and
/// all write; SQLite serialises them and nobody sees "database is locked".
///
/// ```swift
/// let node = try Node.create(at: "/var/lib/placesync")
/// let space = try node.createSpace(name: "Forest of Dean locality")
/// try node.transact(in: space, document: noteID) { tx in
///     try tx.set("title", .string("Falls audit"))
/// }
/// ```
///
/// Batch the edits of one user action in one ``transact(in:document:_:)-5epac``: each call is one signed,
/// encrypted envelope and one durable commit, so one call per keystroke is the wrong granularity.
public final class Node: Sendable {
    /// The folder the node lives in.
    public let directory: String
    /// How it was opened.
    public let configuration: NodeConfiguration
    /// Set when opening found a replica that may have been restored or copied, and the node took a new
    /// author key before writing (say why to the operator).
    public let startupNotice: String?

    let store: ReplicaStore
    let identity: NodeIdentity
    let contentKeys = Mutex<[SpaceID: [UInt64: ContentKey]]>([:])
    let documentCache = Mutex<DocumentCache>(DocumentCache())
    let membershipCache = Mutex<[SpaceID: MembershipSnapshot]>([:])
    /// Per space, this node's last committed content envelope and its causal past: what its next
    /// envelope's heads and record start from (an (author, seq) is never issued twice, so a committed
    /// entry stays true; another process's write only makes it miss).
    let ownPasts = Mutex<[SpaceID: (seq: UInt64, past: CausalPasts.Past)]>([:])
    let eventHub = Broadcast<NodeEvent>(buffering: 1_024)
    let storeSignal = Broadcast<Void>(buffering: 1)
    /// How many ``ingest(_:in:source:)`` calls are running: while more than one is, a batch's signatures
    /// are checked on one core only, so that one peer's large batch does not starve the others.
    let ingestsInFlight = Atomic<Int>(0)

    /// This node's id (its current author key).
    public var nodeID: NodeID { identity.current.nodeID }

    /// The CRDT actor of this node's writes.
    public var actor: ActorID { identity.actor }

    private init(
        directory: String, configuration: NodeConfiguration, store: ReplicaStore, identity: NodeIdentity,
        startupNotice: String?
    ) {
        self.directory = directory
        self.configuration = configuration
        self.store = store
        self.identity = identity
        self.startupNotice = startupNotice
    }

    static func keyPath(_ directory: String) -> String { directory + "/node.key" }
    static func databasePath(_ directory: String) -> String { directory + "/replica.sqlite" }
    static func markerPath(_ directory: String) -> String { directory + "/" + ReplicaMarker.fileName }

    /// Creates a new node in `directory` (made if missing, mode 0700): a new identity and an empty replica.
    ///
    /// - Throws: ``SyncError/Code/alreadyExists`` when a node is already there (nothing is touched);
    ///   ``SyncError/Code/identity`` or ``SyncError/Code/storage`` when files cannot be written.
    public static func create(at directory: String, configuration: NodeConfiguration = NodeConfiguration()) throws
        -> Node
    {
        let manager = FileManager.default
        if manager.fileExists(atPath: keyPath(directory)) || manager.fileExists(atPath: databasePath(directory)) {
            throw SyncError(
                .alreadyExists, "a PlaceSync node already lives in \(directory); open it instead of creating one")
        }
        do {
            try manager.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SyncError(.storage, "cannot create the folder \(directory): \(error)", underlying: error)
        }
        let pair = try NodeKeyPair.generate()
        do {
            try KeyFile.write(
                pair, to: keyPath(directory), passphrase: configuration.passphrase,
                parameters: configuration.keyFileParameters)
        } catch {
            throw SyncError(.identity, "cannot write the key file: \(error.message)", underlying: error)
        }
        let store = try openStore(directory, configuration)
        let marker = ReplicaMarker(replica: try randomBytes(16), generation: 1)
        try storageCall {
            try store.write { tx in
                try tx.setMeta(MetaKey.replica, marker.replica)
                try tx.setMeta(MetaKey.generation, marker.generation.bigEndianBytes)
                try tx.setMeta(MetaKey.node, pair.nodeID.publicKey)
            }
        }
        try marker.write(to: markerPath(directory))
        return Node(
            directory: directory, configuration: configuration, store: store,
            identity: try NodeIdentity(current: pair, retired: []), startupNotice: nil)
    }

    /// Opens the node in `directory`.
    ///
    /// Checks the database (`PRAGMA quick_check`; a schema from a newer PlaceSync is refused untouched)
    /// and the replica marker: if the database may have been restored from a backup or copied from
    /// another node, the node takes a new author key before it writes (the old one is kept, retired, to
    /// read what it sealed) and says so in ``startupNotice``.
    ///
    /// - Throws: ``SyncError/Code/notFound`` when there is no node there; ``SyncError/Code/identity``
    ///   for an unreadable or insecure key file or a wrong passphrase; ``SyncError/Code/storage`` with a
    ///   `StoreError` underneath for database problems.
    public static func open(at directory: String, configuration: NodeConfiguration = NodeConfiguration()) throws
        -> Node
    {
        try NodeIdentity.finishInterruptedRotation(in: directory)
        guard FileManager.default.fileExists(atPath: keyPath(directory)) else {
            throw SyncError(.notFound, "no PlaceSync node in \(directory) (no node.key); create one first")
        }
        var identity = try NodeIdentity.load(from: directory, passphrase: configuration.passphrase)
        let store = try openStore(directory, configuration)
        let marker = ReplicaMarker.read(at: markerPath(directory))
        let check = try storageCall {
            try store.write { tx in try MarkerCheck.run(tx, marker: marker) }
        }
        var notice: String?
        if let reason = check.rotationReason {
            identity = try identity.rotated(in: directory, configuration: configuration)
            notice =
                "\(reason). So that no sequence number is ever used twice, this node now writes as a new author \(identity.current.nodeID); the old key is kept to read what it wrote."
        }
        do {
            try storageCall {
                try store.write { tx in
                    try tx.setMeta(MetaKey.generation, check.newMarker.generation.bigEndianBytes)
                    try tx.setMeta(MetaKey.node, identity.current.nodeID.publicKey)
                }
            }
            try check.newMarker.write(to: markerPath(directory))
        } catch let error as SyncError
            where check.rotationReason == nil && (error.underlying as? StoreError)?.code == .full
        {
            // A full disk: the node opens to read. Database and marker both keep their generation, so
            // they still agree, and the next open with space bumps it. Writes fail until space is freed.
            notice = "The disk is full: this node can read, but nothing can be written until some space is freed."
        }
        return Node(
            directory: directory, configuration: configuration, store: store, identity: identity,
            startupNotice: notice)
    }

    private static func openStore(_ directory: String, _ configuration: NodeConfiguration) throws -> ReplicaStore {
        do {
            return try ReplicaStore.open(path: databasePath(directory), configuration: configuration.store)
        } catch {
            throw SyncError(.storage, "cannot open the replica: \(error.message)", underlying: error)
        }
    }

    /// The full `PRAGMA integrity_check` of the replica database ("ok" when healthy).
    public func integrityCheck() throws -> String {
        try Self.storageCall { try store.integrityCheck() }
    }

    /// Runs a store call, wrapping store errors as ``SyncError/Code/storage``.
    static func storageCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw SyncError(.storage, error.message, underlying: error)
        }
    }
}

/// Keys of the `meta` table.
enum MetaKey {
    static let replica = "replica"
    static let generation = "generation"
    /// The node id (Ed25519 public key) that writes as this replica's author.
    static let node = "node"
    /// The newest envelope format a peer has sent (one byte), when newer than this build reads.
    static let newestFormatSeen = "newestFormatSeen"
    /// The ids of the last bundles imported (16 bytes each), so one imported twice is noticed.
    static let importedBundles = "importedBundles"
}
