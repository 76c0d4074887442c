import ArgumentParser
import Foundation
import Logging
import PlaceCrypto
import PlaceDaemon
import PlaceSync
import PlaceWire

struct CreateInvite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Create a single-use invite to a space (admins only).",
        discussion: "Give the printed text to the invitee; they run `placesync join TEXT --peer <this node's address>`."
    )
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space (id or name).") var space: String
    @Option(help: "admin, writer, reader or relay.") var role = "writer"
    @Option(help: "Hours until it expires.") var hours = 72.0
    @Option(name: .customLong("for"), help: "Only this node id may use it.") var invitee: String?

    func validate() throws {
        guard hours.isFinite, hours > 0, hours <= 8_760 else {
            throw ValidationError("--hours must be more than 0 and at most 8760 (a year)")
        }
    }

    func run() throws {
        let node = try options.open()
        guard let memberRole = MemberRole.allCases.first(where: { $0.description == role }) else {
            throw ValidationError("role must be admin, writer, reader or relay")
        }
        print(
            try node.createInvite(
                to: try resolveSpace(space, in: node), role: memberRole, validFor: hours * 3_600,
                for: try invitee.map(parseNodeID)))
    }
}

/// Options for commands that connect to peers.
struct ConnectOptions: ParsableArguments {
    @Option(name: .customLong("peer"), help: "A peer or hub, host:port[=node-id]. Repeatable.")
    var peers: [String] = []
    @Option(help: "Give up on a peer after this many seconds.") var timeout = 120.0
    @Flag(help: "Log the sessions to standard error.") var verbose = false

    func validate() throws {
        guard timeout.isFinite, timeout >= 1, timeout <= 86_400 else {
            throw ValidationError("--timeout must be from 1 to 86400 seconds")
        }
    }

    func logger() -> Logger {
        var logger = Logger(label: "placesync")
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}

/// How many envelopes `peer` holds, as this node last learned, that this node does not.
func lack(on node: Node, from peer: PeerAddress) -> UInt64 {
    guard let status = (try? node.peerStatuses())?.first(where: { $0.key == peer.address }) else { return 0 }
    return status.spaces.reduce(0) { $0 + $1.weLack }
}

/// Runs one session with `peer` until everything crossed (or the timeout), then returns. The peer's
/// status is recorded as the daemon records it (so `placesync status` shows it).
func syncOnce(
    node: Node, peer: PeerAddress, redemption: String? = nil, options: ConnectOptions
) async -> (ok: Bool, message: String) {
    let address = peer.address
    let logger = options.logger()
    let recorder = PeerStatusRecorder(
        node: node, address: address, direction: .dial, configuredKey: address, logger: logger)
    let onEvent: @Sendable (SyncConnectionEvent) -> Void = { event in
        recorder.record(event)
        if case .session(.offered(let space)) = event {
            print("\(address) says this node belongs to space \(space): `placesync accept \(space)` to fetch it")
        }
    }
    do {
        let outcome = try await withThrowingTaskGroup(of: SyncConnectionOutcome?.self) { group in
            group.addTask {
                try await TCPSync.dial(
                    host: peer.host, port: peer.port, node: node, expectedPeer: peer.nodeID, redemption: redemption,
                    leaveWhenSynced: true, changes: node.storedEnvelopes,
                    context: SyncContext(logger: logger, onEvent: onEvent))
            }
            group.addTask {
                try await Task.sleep(for: .seconds(options.timeout))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else { return (false, "\(address): timed out after \(Int(options.timeout)) s") }
        if outcome.synced { return (true, "\(address): in sync with \(outcome.peer.map { "\($0)" } ?? "?")") }
        return (false, "\(address): \(outcome.error.map { "\($0)" } ?? "ended before the sync completed")")
    } catch {
        recorder.attemptFailed(error)
        return (false, "\(address): \(error)")
    }
}

struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sync with peers once and exit (for practices that connect now and then).",
        discussion:
            "Without --peer, syncs with the peers in <data-dir>/placesyncd.json. For continuous sync, run placesyncd.")
    @OptionGroup var options: NodeOptions
    @OptionGroup var connect: ConnectOptions
    @Flag(help: "Sync once and exit (required: continuous sync is placesyncd's job).") var once = false

    func run() async throws {
        guard once else { throw ValidationError("use `placesync sync --once`, or run placesyncd to stay in sync") }
        let node = try options.open()
        var peers = try connect.peers.map(PeerAddress.init(parsing:))
        if peers.isEmpty {
            let file = try DaemonSettings.readConfig(nil, defaultDir: options.directory)
            peers = try (file.peers ?? []).map(PeerAddress.init)
        }
        guard !peers.isEmpty else {
            throw ValidationError("no peers: pass --peer host:port, or list them in placesyncd.json")
        }
        var failures = 0
        for peer in peers {
            var result = await syncOnce(node: node, peer: peer, options: connect)
            // A session can end "in sync" while envelopes it brought still wait here (a new member's
            // content arrives before the key that opens it, and waiting room is bounded): while the
            // peer still holds what this node lacks and each round fetches more, sync again.
            var lacking = lack(on: node, from: peer)
            var rounds = 1
            while result.ok, lacking > 0, rounds < 8 {
                print("\(peer.address): \(lacking) envelope(s) still to take in; syncing again")
                result = await syncOnce(node: node, peer: peer, options: connect)
                let now = lack(on: node, from: peer)
                rounds += 1
                if now >= lacking { break }
                lacking = now
            }
            print(result.message)
            if !result.ok { failures += 1 }
        }
        if failures > 0 { throw ExitCode.failure }
    }
}

struct Join: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join a space with an invite: answers it, connects to the inviting node and syncs once.")
    @OptionGroup var options: NodeOptions
    @OptionGroup var connect: ConnectOptions
    @Argument(help: "The invite text (psinv1…).") var invite: String
    @Option(help: "What to call the space on this node (names are local).") var name: String?

    func run() async throws {
        let node = try options.open()
        guard let address = connect.peers.first else {
            throw ValidationError("pass --peer host:port: the address of a node of an admin of the space")
        }
        let before = Swift.Set(try await node.spaces().map(\.id))
        let redemption = try await node.redeemInvite(invite)
        let result = await syncOnce(
            node: node, peer: try PeerAddress(parsing: address), redemption: redemption, options: connect)
        print(result.message)
        if !result.ok { throw ExitCode.failure }
        for space in try await node.spaces() where !before.contains(space.id) {
            if let name { try await node.renameSpace(space.id, to: name) }
            print("joined space \(space.id)\(name.map { " as \"\($0)\"" } ?? "")")
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each peer: connected, last contact, last error, how far behind per space.",
        discussion: "Read from the replica, as placesyncd (or sync --once) last recorded it.")
    @OptionGroup var options: NodeOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let node = try options.open()
        let peers = try node.peerStatuses()
        let upgrade = try node.upgradeNotice()
        let now = Date().timeIntervalSince1970
        // Withholding is worth a line here whatever else is going on (explain has the detail).
        var warnings: [(space: String, sentence: String)] = []
        for space in try node.spaces() {
            guard var report = try? node.delivery(of: space.id) else { continue }
            report.gaps = report.suspectedWithholding
            for sentence in Node.withholdingSentences(report, now: now) { warnings.append((space.name, sentence)) }
        }
        if json {
            try printJSON([
                "node": "\(node.nodeID)",
                "upgradeNotice": upgrade ?? "",
                "withholding": warnings.map { ["space": $0.space, "sentence": $0.sentence] },
                "peers": peers.map { peer in
                    [
                        "key": peer.key, "nodeID": peer.nodeID.map { "\($0)" } ?? "", "address": peer.address,
                        "direction": peer.direction.rawValue, "connected": peer.connected,
                        "lastContact": peer.lastContact ?? 0, "lastError": peer.lastError ?? "",
                        "updatedAt": peer.updatedAt,
                        "spaces": peer.spaces.map {
                            ["space": "\($0.space)", "peerLacks": $0.peerLacks, "weLack": $0.weLack] as [String: Any]
                        },
                    ] as [String: Any]
                },
            ])
            return
        }
        print("node \(node.nodeID)")
        if let upgrade { print(upgrade) }
        for warning in warnings { print("WARNING (\(warning.space)): \(warning.sentence)") }
        if peers.isEmpty { print("no peers yet") }
        for peer in peers {
            let contact = peer.lastContact.map { "\(Int(now - $0)) s ago" } ?? "never"
            print("\(peer.key)  \(peer.connected ? "connected" : "not connected")  last contact \(contact)")
            if let error = peer.lastError { print("  last error: \(error)") }
            for lag in peer.spaces {
                print("  space \(lag.space): peer lacks \(lag.peerLacks), this node lacks \(lag.weLack)")
            }
        }
    }
}
