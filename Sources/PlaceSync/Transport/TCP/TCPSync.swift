public import Logging
internal import NIOCore
internal import NIOPosix
public import PlaceCrypto
internal import Synchronization

/// What a TCP connection needs besides its session: a logger, a clock and where to report events.
public struct SyncContext: Sendable {
    /// Where the connection logs (never keys or content).
    public var logger: Logger
    /// Where session events and progress go (the daemon persists them as peer status).
    public var onEvent: @Sendable (SyncConnectionEvent) -> Void
    /// What the session reads as now, and what the connection's ticks (heartbeats, deadlines) sleep on.
    public var clock: SyncClock

    /// Creates a context: by default, swift-log's logger labelled `placesync.sync` and the system's
    /// monotonic clock.
    public init(
        logger: Logger = Logger(label: "placesync.sync"),
        onEvent: @escaping @Sendable (SyncConnectionEvent) -> Void = { _ in }, clock: SyncClock = SyncClock()
    ) {
        self.logger = logger
        self.onEvent = onEvent
        self.clock = clock
    }
}

/// Sync over TCP: dial a peer, or listen for peers (any port: a hub can listen on 443).
public enum TCPSync {
    /// Connects to `host:port` and runs one session as the initiator until it ends.
    /// - Parameters:
    ///   - host: the peer's host name or address.
    ///   - port: the peer's port.
    ///   - node: the node that syncs.
    ///   - configuration: pacing, trust and quotas.
    ///   - expectedPeer: refuse any peer but this node (a configured hub's id, say).
    ///   - redemption: an invite answer to present (joining a space through its admin's node).
    ///   - leaveWhenSynced: end once everything has crossed both ways (`sync --once`).
    ///   - changes: a signal when the replica may have new envelopes to push.
    ///   - context: the logger, clock and event sink of the connection.
    ///   - connectTimeout: seconds to wait for the TCP connection.
    /// - Throws: ``SyncError/Code/network`` when the connection cannot be made.
    public static func dial(
        host: String, port: Int, node: Node, configuration: SyncConfiguration = SyncConfiguration(),
        expectedPeer: NodeID? = nil, redemption: String? = nil, leaveWhenSynced: Bool = false,
        changes: AsyncStream<Void>, context: SyncContext, connectTimeout: Double = 10
    ) async throws -> SyncConnectionOutcome {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(Int64(connectTimeout * 1_000)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SyncError(.network, "cannot connect to \(host):\(port): \(error)", underlying: error)
        }
        let session = try SyncSession(
            role: .initiator, node: node, configuration: configuration, expectedPeer: expectedPeer,
            redemption: redemption, now: context.clock.now())
        do {
            return try await channel.runSync(
                session: session, changes: changes, leaveWhenSynced: leaveWhenSynced, context: context)
        } catch {
            throw SyncError(.network, "the connection to \(host):\(port) failed: \(error)", underlying: error)
        }
    }

    /// Binds a listening socket on `host:port` (port 0: any free port; see ``TCPSyncListener/port``).
    /// - Throws: ``SyncError/Code/network`` when the address cannot be bound (in use, not permitted).
    public static func listen(host: String, port: Int) async throws -> TCPSyncListener {
        do {
            let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            return TCPSyncListener(server: server, port: server.channel.localAddress?.port ?? port)
        } catch {
            throw SyncError(.network, "cannot listen on \(host):\(port): \(error)", underlying: error)
        }
    }
}

/// A bound listening socket that serves each peer that connects with a responder session.
public struct TCPSyncListener: Sendable {
    let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    /// The port it listens on (the one the OS chose, when asked for port 0).
    public let port: Int

    /// Accepts connections until the task is cancelled, each in its own child task. A connection past
    /// `limits` (in all, or from one IP address) is closed at once, before any handshake work: a flood of
    /// half-open connections from one place cannot starve the others or run the process out of files.
    /// - Parameters:
    ///   - node: the node that serves.
    ///   - configuration: pacing, trust and quotas of every session.
    ///   - limits: how many connections are served at once, in all and per address.
    ///   - changes: makes each connection its own change signal.
    ///   - context: for each connection, from the peer's address.
    public func serve(
        node: Node, configuration: SyncConfiguration = SyncConfiguration(),
        limits: ConnectionLimits = ConnectionLimits(),
        changes: @escaping @Sendable () -> AsyncStream<Void>,
        context: @escaping @Sendable (_ remoteAddress: String) -> SyncContext
    ) async throws {
        let counts = ConnectionCounts()
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { inbound in
                for try await connection in inbound {
                    let address = connection.channel.remoteAddress.map { "\($0)" } ?? "unknown"
                    let ip = ConnectionCounts.limitKey(for: connection.channel.remoteAddress?.ipAddress ?? "unknown")
                    guard counts.admit(ip, limits: limits) else {
                        context(address).logger.notice(
                            "refused a connection: too many open",
                            metadata: ["place.address": "\(address)", "place.limit": "\(limits)"])
                        try? await connection.channel.close()
                        continue
                    }
                    group.addTask {
                        defer { counts.release(ip) }
                        let context = context(address)
                        do {
                            let session = try SyncSession(
                                role: .responder, node: node, configuration: configuration, now: context.clock.now())
                            _ = try await connection.runSync(
                                session: session, changes: changes(), leaveWhenSynced: false, context: context)
                        } catch {
                            context.logger.warning(
                                "connection failed",
                                metadata: ["place.address": "\(address)", "place.error": "\(error)"])
                        }
                    }
                }
            }
        }
    }
}

/// How many connections a listener serves at once.
public struct ConnectionLimits: Sendable, CustomStringConvertible {
    /// In all. Default 1,024.
    public var total = 1_024
    /// From one IP address (an IPv6 /64: one site's whole prefix, which a single host can rotate through).
    /// Default 64.
    public var perAddress = 64

    /// The defaults.
    public init() {}

    public var description: String { "\(total) in all, \(perAddress) per address" }
}

/// Open connections, in all and per IP address (IPv6: per /64).
package final class ConnectionCounts: Sendable {
    /// What the per-address cap counts by: an IPv4 address as it is (an IPv4-mapped IPv6 address too),
    /// an IPv6 address by its first 64 bits — a host given a /64 can use any of its 2⁶⁴ addresses.
    package static func limitKey(for ip: String) -> String {
        guard ip.contains(":") else { return ip }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, ip, &bytes) == 1 else { return ip }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        return bytes[0..<8].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }

    private let state = Mutex<(total: Int, perAddress: [String: Int])>((0, [:]))

    func admit(_ ip: String, limits: ConnectionLimits) -> Bool {
        state.withLock { state in
            guard state.total < limits.total, state.perAddress[ip, default: 0] < limits.perAddress else { return false }
            state.total += 1
            state.perAddress[ip, default: 0] += 1
            return true
        }
    }

    func release(_ ip: String) {
        state.withLock { state in
            state.total -= 1
            state.perAddress[ip, default: 1] -= 1
            if state.perAddress[ip] == 0 { state.perAddress[ip] = nil }
        }
    }
}
