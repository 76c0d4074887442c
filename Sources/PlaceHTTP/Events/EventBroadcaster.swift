internal import Foundation
internal import Metrics
internal import PlaceSync
internal import ServiceLifecycle
internal import Synchronization

/// One live event: what changed, numbered so a client that reconnects can say where it stopped.
struct LiveEvent: Sendable, Hashable {
    /// Its number (0: a heartbeat, which has none).
    var id: UInt64
    /// `document`, `sync`, `membership`, `replica` (something changed that another process wrote), or
    /// `reset` (the events a client missed are no longer held: reload).
    var type: String
    /// JSON.
    var data: String

    /// The event in `text/event-stream` form.
    var wireText: String {
        if type == "heartbeat" { return ": heartbeat\n\n" }
        return (id > 0 ? "id: \(id)\n" : "") + "event: \(type)\ndata: \(data)\n\n"
    }
}

/// Fans the node's changes out to the open event streams. Each stream has a bounded buffer: a
/// client too slow to keep up is dropped (its stream ends; it reconnects with `Last-Event-ID`), so a
/// stalled browser never grows the daemon's memory. The last events are kept for resumption.
final class EventBroadcaster: Service, Sendable {
    private struct State {
        var nextID: UInt64 = 1
        var history: [LiveEvent] = []
        var subscribers: [UInt64: AsyncStream<LiveEvent>.Continuation] = [:]
        var nextSubscriber: UInt64 = 0
        var documentEventsSincePoll = 0
        var dropped = 0
    }

    private let state = Mutex(State())
    private let node: Node
    private let configuration: HTTPFrontendConfiguration

    init(node: Node, configuration: HTTPFrontendConfiguration) {
        self.node = node
        self.configuration = configuration
    }

    /// A subscription: the events after `lastEventID` still held, then the live ones. `nil` when
    /// the stream limit is reached.
    func subscribe(after lastEventID: UInt64?) -> AsyncStream<LiveEvent>? {
        subscription(after: lastEventID)?.stream
    }

    /// ``subscribe(after:)``, with a way to end the stream from outside (at shutdown).
    func subscription(after lastEventID: UInt64?) -> (stream: AsyncStream<LiveEvent>, end: @Sendable () -> Void)? {
        let (stream, continuation) = AsyncStream<LiveEvent>.makeStream(
            bufferingPolicy: .bufferingOldest(configuration.eventBufferPerStream))
        let key: UInt64? = state.withLock { state in
            guard state.subscribers.count < configuration.maxEventStreams else { return nil }
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            if let lastEventID {
                if let first = state.history.first, lastEventID + 1 < first.id {
                    continuation.yield(LiveEvent(id: 0, type: "reset", data: "{}"))
                } else if lastEventID + 1 < state.nextID {
                    for event in state.history where event.id > lastEventID { continuation.yield(event) }
                }
            }
            return state.nextSubscriber
        }
        guard let key else { return nil }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) }
        }
        return (stream, { continuation.finish() })
    }

    /// How many streams are open.
    var streamCount: Int { state.withLock { $0.subscribers.count } }

    /// Sends an event to every stream (and keeps it for resumption); a stream whose buffer is full
    /// is ended.
    func publish(type: String, data: String) {
        let slow: [AsyncStream<LiveEvent>.Continuation] = state.withLock { state in
            let event = LiveEvent(id: state.nextID, type: type, data: data)
            state.nextID += 1
            state.history.append(event)
            if state.history.count > configuration.eventHistory {
                state.history.removeFirst(state.history.count - configuration.eventHistory)
            }
            if type == "document" { state.documentEventsSincePoll += 1 }
            return Self.deliver(event, in: &state)
        }
        for continuation in slow { continuation.finish() }
    }

    private static func deliver(_ event: LiveEvent, in state: inout State) -> [AsyncStream<LiveEvent>.Continuation] {
        var slow: [AsyncStream<LiveEvent>.Continuation] = []
        for (key, continuation) in state.subscribers {
            if case .dropped = continuation.yield(event) {
                slow.append(continuation)
                state.subscribers[key] = nil
                state.dropped += 1
            }
        }
        return slow
    }

    /// Ends every stream (at shutdown).
    func finishAll() {
        let all = state.withLock { state in
            let all = Array(state.subscribers.values)
            state.subscribers = [:]
            return all
        }
        for continuation in all { continuation.finish() }
    }

    func run() async throws {
        try await withGracefulShutdownHandler {
            // On shutdown the loops are cancelled (ending `node.events` and the sleeps) and every
            // stream ends, so no open browser holds the server's shutdown up.
            try await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await self.forwardNodeEvents() }
                    group.addTask { await self.poll() }
                    group.addTask { await self.heartbeat() }
                    await group.waitForAll()
                }
            }
        } onGracefulShutdown: {
            self.finishAll()
        }
    }

    private func forwardNodeEvents() async {
        for await event in node.events {
            if Task.isCancelled { break }
            let origin = event.origin == .local ? "local" : "remote"
            publish(
                type: "document",
                data: #"{"space":"\#(event.space)","document":"\#(event.document)","origin":"\#(origin)"}"#)
        }
    }

    private func heartbeat() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.eventHeartbeat) } catch { return }
            let slow = state.withLock { state in
                Self.deliver(LiveEvent(id: 0, type: "heartbeat", data: ""), in: &state)
            }
            for continuation in slow { continuation.finish() }
        }
    }

    /// Reads what has no event of its own — peers' sync state, membership, other processes' writes —
    /// and publishes what changed.
    private func poll() async {
        var lastSync: String?
        var lastMembers: [String: String] = [:]
        var lastRow: Int64?
        while !Task.isCancelled {
            let node = self.node
            let reading = try? await Node.offloaded { () throws -> (String, [String: String], Int64) in
                let statuses = try node.peerStatuses()
                let pending = try node.pendingCount()
                NodeGauges.record(pending: pending, peers: statuses)
                let peers = statuses.map { peer in
                    "\(peer.key)|\(peer.connected)|\(peer.lastError ?? "")|"
                        + peer.spaces.map { "\($0.space):\($0.peerLacks):\($0.weLack)" }.joined(separator: ",")
                }
                var members: [String: String] = [:]
                for space in try node.spaces() {
                    members["\(space.id)"] = try node.members(in: space.id)
                        .map { "\($0.node)=\($0.role)" }.sorted().joined(separator: ",")
                }
                return (
                    peers.sorted().joined(separator: ";") + "|pending=\(pending)", members, try node.lastEnvelopeRow()
                )
            }
            if let (sync, members, row) = reading {
                if let lastSync, sync != lastSync { publish(type: "sync", data: "{}") }
                lastSync = sync
                for (space, list) in members where lastMembers[space] != nil && lastMembers[space] != list {
                    publish(type: "membership", data: #"{"space":"\#(space)"}"#)
                }
                lastMembers = members
                let quiet = state.withLock { state in
                    defer { state.documentEventsSincePoll = 0 }
                    return state.documentEventsSincePoll == 0
                }
                if let lastRow, row != lastRow, quiet { publish(type: "replica", data: "{}") }
                lastRow = row
            }
            do { try await Task.sleep(for: configuration.syncStatusInterval) } catch { return }
        }
    }
}
