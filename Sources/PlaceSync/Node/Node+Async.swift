internal import Dispatch
public import PlaceCRDT
public import PlaceCrypto
public import PlaceWire

/// The node's verbs for async hosts (a Hummingbird server, a SwiftUI app, a service): each runs the
/// synchronous form on a concurrent dispatch queue outside the cooperative pool and resumes the caller
/// when it is done, so fsync,
/// SQLite and Argon2id never block a thread of Swift's cooperative pool — a heartbeat or a request
/// handler on that pool keeps running while a write commits. Same names and errors as the synchronous
/// forms, which stay for scripts and tests.
///
/// ```swift
/// let node = try await Node.open(at: folder)
/// try await node.transact(in: space, document: note) { tx in try tx.set("title", .string("Falls audit")) }
/// let hits = try await node.search("falls")
/// ```
extension Node {
    /// Runs `work` off the cooperative pool and returns its result.
    package static func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            blockingQueue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Where blocking work runs: a concurrent queue outside the cooperative pool (SQLite serialises the
    /// writes itself).
    private static let blockingQueue = DispatchQueue(label: "placesync.node.blocking", attributes: .concurrent)

    // MARK: Opening

    /// ``create(at:configuration:)``, off the cooperative pool (Argon2id when a passphrase is set).
    public static func create(at directory: String, configuration: NodeConfiguration = NodeConfiguration())
        async throws -> Node
    {
        try await offloaded { try Node.create(at: directory, configuration: configuration) }
    }

    /// ``open(at:configuration:)``, off the cooperative pool (Argon2id when a passphrase is set).
    public static func open(at directory: String, configuration: NodeConfiguration = NodeConfiguration())
        async throws -> Node
    {
        try await offloaded { try Node.open(at: directory, configuration: configuration) }
    }

    // MARK: Spaces

    /// ``createSpace(name:)``, off the cooperative pool.
    @discardableResult
    public func createSpace(name: String) async throws -> SpaceID {
        try await Self.offloaded { try self.createSpace(name: name) }
    }

    /// ``joinSpace(_:name:)``, off the cooperative pool.
    public func joinSpace(_ space: SpaceID, name: String) async throws {
        try await Self.offloaded { try self.joinSpace(space, name: name) }
    }

    /// ``renameSpace(_:to:)``, off the cooperative pool.
    public func renameSpace(_ space: SpaceID, to name: String) async throws {
        try await Self.offloaded { try self.renameSpace(space, to: name) }
    }

    /// ``spaces()``, off the cooperative pool.
    public func spaces() async throws -> [SpaceInfo] { try await Self.offloaded { try self.spaces() } }

    /// ``status(of:)``, off the cooperative pool.
    public func status(of space: SpaceID) async throws -> SpaceStatus {
        try await Self.offloaded { try self.status(of: space) }
    }

    /// ``offers()``, off the cooperative pool.
    public func offers() async throws -> [SpaceOffer] { try await Self.offloaded { try self.offers() } }

    /// ``acceptOffer(_:name:)``, off the cooperative pool.
    public func acceptOffer(_ space: SpaceID, name: String) async throws {
        try await Self.offloaded { try self.acceptOffer(space, name: name) }
    }

    /// ``declineOffer(_:)``, off the cooperative pool.
    public func declineOffer(_ space: SpaceID) async throws {
        try await Self.offloaded { try self.declineOffer(space) }
    }

    // MARK: Writing and reading

    /// ``transact(in:document:_:)``, off the cooperative pool: `body` runs there too.
    @discardableResult
    public func transact(
        in space: SpaceID, document: DocumentID, _ body: @escaping @Sendable (inout Transaction) throws -> Void
    ) async throws -> Change? {
        try await Self.offloaded { try self.transact(in: space, document: document, body) }
    }

    /// ``document(_:in:)``, off the cooperative pool.
    public func document(_ id: DocumentID, in space: SpaceID) async throws -> Document {
        try await Self.offloaded { try self.document(id, in: space) }
    }

    /// ``documents(in:)``, off the cooperative pool.
    public func documents(in space: SpaceID) async throws -> [DocumentInfo] {
        try await Self.offloaded { try self.documents(in: space) }
    }

    /// ``search(_:limit:)``, off the cooperative pool.
    public func search(_ text: String, limit: Int = 50) async throws -> [SearchResult] {
        try await Self.offloaded { try self.search(text, limit: limit) }
    }

    /// ``version(of:)``, off the cooperative pool.
    public func version(of space: SpaceID) async throws -> VersionVector {
        try await Self.offloaded { try self.version(of: space) }
    }

    /// ``envelopes(in:since:limit:includeEvidence:)``, off the cooperative pool.
    public func envelopes(
        in space: SpaceID, since vector: VersionVector, limit: Int = .max, includeEvidence: Bool = false
    ) async throws -> [[UInt8]] {
        try await Self.offloaded {
            try self.envelopes(in: space, since: vector, limit: limit, includeEvidence: includeEvidence)
        }
    }

    /// ``ingest(_:in:source:)``, off the cooperative pool.
    @discardableResult
    public func ingest(_ batch: [[UInt8]], in space: SpaceID? = nil, source: String = "") async throws
        -> IngestReport
    {
        try await Self.offloaded { try self.ingest(batch, in: space, source: source) }
    }

    // MARK: Members and invites

    /// ``members(in:)``, off the cooperative pool.
    public func members(in space: SpaceID) async throws -> [MemberInfo] {
        try await Self.offloaded { try self.members(in: space) }
    }

    /// ``membership(of:)``, off the cooperative pool.
    public func membership(of space: SpaceID) async throws -> Membership {
        try await Self.offloaded { try self.membership(of: space) }
    }

    /// ``addMember(_:role:in:displayName:)``, off the cooperative pool.
    public func addMember(_ member: NodeID, role: MemberRole, in space: SpaceID, displayName: String = "")
        async throws
    {
        try await Self.offloaded { try self.addMember(member, role: role, in: space, displayName: displayName) }
    }

    /// ``changeRole(of:to:in:)``, off the cooperative pool.
    public func changeRole(of node: NodeID, to role: MemberRole, in space: SpaceID) async throws {
        try await Self.offloaded { try self.changeRole(of: node, to: role, in: space) }
    }

    /// ``removeMember(_:from:)``, off the cooperative pool.
    public func removeMember(_ node: NodeID, from space: SpaceID) async throws {
        try await Self.offloaded { try self.removeMember(node, from: space) }
    }

    /// ``rotateEpoch(in:)``, off the cooperative pool.
    public func rotateEpoch(in space: SpaceID) async throws {
        try await Self.offloaded { try self.rotateEpoch(in: space) }
    }

    /// ``createInvite(to:role:validFor:for:)``, off the cooperative pool.
    public func createInvite(to space: SpaceID, role: MemberRole, validFor seconds: Double, for invitee: NodeID? = nil)
        async throws -> String
    {
        try await Self.offloaded { try self.createInvite(to: space, role: role, validFor: seconds, for: invitee) }
    }

    /// ``redeemInvite(_:)``, off the cooperative pool.
    public func redeemInvite(_ text: String) async throws -> String {
        try await Self.offloaded { try self.redeemInvite(text) }
    }

    /// ``admitInvitee(_:displayName:)``, off the cooperative pool.
    @discardableResult
    public func admitInvitee(_ redemptionText: String, displayName: String = "") async throws -> NodeID {
        try await Self.offloaded { try self.admitInvitee(redemptionText, displayName: displayName) }
    }

    // MARK: Operations

    /// ``peerStatuses()``, off the cooperative pool.
    public func peerStatuses() async throws -> [PeerStatus] { try await Self.offloaded { try self.peerStatuses() } }

    /// ``pendingCount()``, off the cooperative pool.
    public func pendingCount() async throws -> Int { try await Self.offloaded { try self.pendingCount() } }

    /// ``integrityCheck()``, off the cooperative pool.
    public func integrityCheck() async throws -> String { try await Self.offloaded { try self.integrityCheck() } }
}
