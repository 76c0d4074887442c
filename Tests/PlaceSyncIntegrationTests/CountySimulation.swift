import Foundation
import Glibc
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport

/// The shape of a simulated county: localities, each with PCNs of so many practices.
struct CountyShape: Sendable {
    /// Per locality, the number of practices in each of its PCNs.
    var localities: [[Int]]
    /// Every n-th practice keeps a private space too.
    var privateEvery: Int
    /// Offline edits in all, shared among the PCNs and practices.
    var edits: Int
    /// Reconnections happen at random moments within this many seconds.
    var reconnectWindow: Double

    /// One locality: a county hub, a locality hub, 2 PCNs, 8 practices (the CI test).
    static let ci = CountyShape(localities: [[4, 4]], privateEvery: 4, edits: 240, reconnectWindow: 3)
    /// The county of issue 25: 6 locality hubs, 15 PCNs, 71 practices, 10,000 edits, a minute to reconnect.
    static let full = CountyShape(
        localities: [[5, 5, 4], [5, 5, 5], [5, 5, 4], [6, 5], [5, 4], [4, 4]], privateEvery: 6, edits: 10_000,
        reconnectWindow: 60)
}

/// A county of real placesyncd processes on loopback (issue 25): a county hub; locality hubs federated
/// with it; PCN and practice nodes dialling their locality hub; the county QI lead dialling the county
/// hub. Spaces as a county uses them: one county-wide, one per locality, one per PCN, and private ones
/// of some practices — every hub on their way a relay member. The test process holds every node's
/// replica open to write the offline edits and to read, from the replicas, who holds what.
final class CountySimulation {
    let shape: CountyShape
    let folder: TemporaryFolder
    /// Every node by name: "lead", "county-hub", "hub-L", "pcn-L-K", "p-L-K-I".
    private(set) var nodes: [String: Node] = [:]
    /// Each space by name, with the names of its members (relays included).
    private(set) var spaces: [String: (id: SpaceID, members: [String])] = [:]
    /// Each PCN or practice with the locality hub it dials.
    private(set) var hubOf: [String: String] = [:]
    /// The names of the nodes that write: PCNs and practices.
    private(set) var editors: [String] = []
    private(set) var localityHubs: [String] = []
    private(set) var daemons: [String: DaemonProcess] = [:]
    /// Admins the hubs trust to put them in a space: the lead and the practices with private spaces.
    private(set) var trusted: [NodeID] = []

    init(_ shape: CountyShape) throws {
        self.shape = shape
        folder = try TemporaryFolder()
        func make(_ name: String) throws -> Node {
            let node = try Node.create(at: folder.node(name))
            nodes[name] = node
            return node
        }
        let lead = try make("lead")
        let countyHub = try make("county-hub")
        var countyMembers: [String] = []
        for (l, pcns) in shape.localities.enumerated() {
            let hubName = "hub-\(l + 1)"
            localityHubs.append(hubName)
            _ = try make(hubName)
            var localityMembers: [String] = []
            for (k, size) in pcns.enumerated() {
                let pcn = "pcn-\(l + 1)-\(k + 1)"
                _ = try make(pcn)
                let practices = (1...size).map { "p-\(l + 1)-\(k + 1)-\($0)" }
                for name in practices { _ = try make(name) }
                for name in [pcn] + practices { hubOf[name] = hubName }
                editors += [pcn] + practices
                localityMembers += [pcn] + practices
                try addSpace("pcn-\(l + 1)-\(k + 1)", by: lead, members: [pcn] + practices, relays: [hubName])
            }
            try addSpace("locality-\(l + 1)", by: lead, members: localityMembers, relays: [hubName])
            countyMembers += localityMembers
        }
        try addSpace("county", by: lead, members: countyMembers, relays: localityHubs)
        trusted = [lead.nodeID]
        // Private spaces: created by the practice itself, kept on its hubs as relays.
        for (index, name) in editors.filter({ $0.hasPrefix("p-") }).enumerated() where index % shape.privateEvery == 0 {
            guard let practice = nodes[name], let hub = hubOf[name] else { continue }
            let space = try practice.createSpace(name: "\(name)-private")
            for relay in [hub, "county-hub"] { try practice.addMember(try nodeID(relay), role: .relay, in: space) }
            spaces["\(name)-private"] = (space, [name, hub, "county-hub"])
            trusted.append(practice.nodeID)
        }
        _ = countyHub
    }

    /// A space `name` created by `admin` with `members` as writers and the county hub and `relays` as relays.
    private func addSpace(_ name: String, by admin: Node, members: [String], relays: [String]) throws {
        let space = try admin.createSpace(name: name)
        for relay in ["county-hub"] + relays { try admin.addMember(try nodeID(relay), role: .relay, in: space) }
        for member in members {
            try admin.addMember(try nodeID(member), role: .writer, in: space)
            try node(member).joinSpace(space, name: name)
        }
        spaces[name] = (space, ["lead", "county-hub"] + relays + members)
    }

    func node(_ name: String) throws -> Node {
        guard let node = nodes[name] else { throw SyncError(.notFound, "no node \(name) in the simulation") }
        return node
    }

    func nodeID(_ name: String) throws -> NodeID { try node(name).nodeID }

    var hubs: [String] { ["county-hub"] + localityHubs }

    // MARK: Daemons

    /// Starts the hubs (federated: each locality hub dials the county hub; they trust each other to show
    /// spaces), the lead, and every editor.
    func startAll() throws {
        let localityIDs = try localityHubs.map { try nodeID($0) }
        let county = try DaemonProcess(
            dataDir: folder.node("county-hub"), trusting: trusted,
            extra: localityIDs.flatMap { ["--trust-peer", "\($0)"] })
        daemons["county-hub"] = county
        for hub in localityHubs {
            daemons[hub] = try DaemonProcess(
                dataDir: folder.node(hub), peers: [county.address], trusting: trusted,
                extra: ["--trust-peer", "\(try nodeID("county-hub"))"])
        }
        daemons["lead"] = try DaemonProcess(dataDir: folder.node("lead"), peers: [county.address])
        for name in editors { try startEditor(name) }
    }

    func startEditor(_ name: String) throws {
        guard let hub = hubOf[name], let address = daemons[hub]?.address else {
            throw SyncError(.notFound, "no hub running for \(name)")
        }
        daemons[name] = try DaemonProcess(dataDir: folder.node(name), peers: [address])
    }

    func stop(_ name: String) { _ = daemons.removeValue(forKey: name)?.stop() }

    func stopAll() {
        for name in editors + ["lead"] { stop(name) }
        for name in localityHubs + ["county-hub"] { stop(name) }
    }

    // MARK: What the replicas hold

    /// Per space, the union of what its members hold now.
    func unions() -> [String: VersionVector] {
        var result: [String: VersionVector] = [:]
        for (name, space) in spaces {
            var union = VersionVector()
            for member in space.members {
                if let vector = try? nodes[member]?.version(of: space.id) { union.formUnion(vector) }
            }
            result[name] = union
        }
        return result
    }

    /// Whether `member` holds `target` in every space it belongs to.
    func holds(_ member: String, _ target: [String: VersionVector]) -> Bool {
        for (name, space) in spaces where space.members.contains(member) {
            guard let goal = target[name], let vector = try? nodes[member]?.version(of: space.id),
                vector.includes(goal)
            else { return false }
        }
        return true
    }

    /// Every member of every space holds the union of what the members hold.
    func converged() -> Bool {
        let target = unions()
        return nodes.keys.allSatisfy { holds($0, target) }
    }

    /// The envelopes `member` lacks of `target`, over its spaces.
    func lacking(_ member: String, _ target: [String: VersionVector]) -> UInt64 {
        var count: UInt64 = 0
        for (name, space) in spaces where space.members.contains(member) {
            guard let goal = target[name] else { continue }
            let vector = (try? nodes[member]?.version(of: space.id)) ?? VersionVector()
            for (author, seq) in goal.entries where vector[author] < seq { count += seq - vector[author] }
        }
        return count
    }

    /// `count` offline edits shared among the editors, each in a random space of its own, a third of them
    /// to one document every member of the space edits; every edit carries `canary`.
    func offlineEdits(_ count: Int, canary: String, random: inout SeededRandom) throws {
        let shared = documentID(1)
        for index in 0..<count {
            let name = editors[index % editors.count]
            let node = try node(name)
            let mine = spaces.filter { $0.value.members.contains(name) }.map(\.value.id).sorted {
                $0.description < $1.description
            }
            let space = mine[random.below(mine.count)]
            let document = random.below(3) == 0 ? shared : documentID(UInt8(2 + random.below(20)))
            try node.transact(in: space, document: document) { tx in
                try tx.set("\(name)-\(index)", .string("\(name) week note \(index) \(canary)"))
            }
        }
    }
}
