import Foundation
import Glibc
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import Testing

/// Issue 25's county simulation at CI scale: one locality — a county hub, a locality hub federated with
/// it, 2 PCNs and 8 practices, every one a real placesyncd — with the spaces a county uses (county-wide,
/// the locality, one per PCN, practice-private ones). Everyone starts in sync; then every practice and
/// PCN goes offline for "a week" of edits (some to the same documents); then they reconnect at random
/// moments. Every node must end with every envelope it is entitled to and byte-identical documents,
/// and no hub may hold a word of the content.
@Suite(
    .serialized,
    .enabled(
        if: runsAlone,
        "starts and kills many processes, so it runs alone: scripts/test.sh does, or PLACESYNC_ALONE=1 swift test --filter LocalitySimulationTests"
    )
) struct LocalitySimulationTests {
    static let canary = "CANARY-\(UUID().uuidString)"

    /// The nodes of the simulation and the spaces each belongs to.
    struct Locality {
        let folder: TemporaryFolder
        let lead: Node
        let members: [String: Node]  // pcn1, pcn2, p1…p8
        let spaces: [String: (id: SpaceID, members: [String])]
        /// The county hub's and the locality hub's node ids.
        let hubIDs: [NodeID]

        init() throws {
            let folder = try TemporaryFolder()
            self.folder = folder
            let hubIDs = try ["county-hub", "locality-hub"].map { try Node.create(at: folder.node($0)).nodeID }
            self.hubIDs = hubIDs
            let lead = try Node.create(at: folder.node("lead"))
            self.lead = lead
            var members: [String: Node] = [:]
            for name in ["pcn1", "pcn2"] + (1...8).map({ "p\($0)" }) {
                members[name] = try Node.create(at: folder.node(name))
            }
            let practices = (1...8).map { "p\($0)" }
            let plan: [(String, [String])] = [
                ("county", ["pcn1", "pcn2"] + practices), ("locality", ["pcn1", "pcn2"] + practices),
                ("pcn1", ["pcn1", "p1", "p2", "p3", "p4"]), ("pcn2", ["pcn2", "p5", "p6", "p7", "p8"]),
            ]
            var spaces: [String: (SpaceID, [String])] = [:]
            for (name, names) in plan {
                let space = try lead.createSpace(name: name)
                for hub in hubIDs { try lead.addMember(hub, role: .relay, in: space) }
                for member in names {
                    try lead.addMember(members[member]!.nodeID, role: .writer, in: space)
                    try members[member]!.joinSpace(space, name: name)
                }
                spaces[name] = (space, ["lead"] + names)
            }
            // Practice-private spaces, created by the practice itself, kept on the hubs as relays.
            for practice in ["p1", "p5"] {
                let node = members[practice]!
                let space = try node.createSpace(name: "\(practice)-private")
                for hub in hubIDs { try node.addMember(hub, role: .relay, in: space) }
                spaces["\(practice)-private"] = (space, [practice])
            }
            self.members = members
            self.spaces = spaces
        }

        func node(_ name: String) -> Node { name == "lead" ? lead : members[name]! }

        /// Every member of every space holds the union of what the members hold.
        func converged() -> Bool {
            for (_, space) in spaces {
                let vectors = space.members.map { try? node($0).version(of: space.id) }
                guard vectors.allSatisfy({ $0 != nil }) else { return false }
                var union = VersionVector()
                for vector in vectors { union.formUnion(vector!) }
                if vectors.contains(where: { $0 != union }) { return false }
            }
            return true
        }
    }

    @Test func oneLocalityConvergesAfterAWeekOfflineWithIdenticalDocumentsAndNoContentOnItsHubs() throws {
        let locality = try Locality()
        let folder = locality.folder
        let trusted = [locality.lead.nodeID, locality.members["p1"]!.nodeID, locality.members["p5"]!.nodeID]
        // The hubs federate: each takes on the spaces the other shows it.
        let countyHub = try DaemonProcess(
            dataDir: folder.node("county-hub"), trusting: trusted, extra: ["--trust-peer", "\(locality.hubIDs[1])"])
        let localityHub = try DaemonProcess(
            dataDir: folder.node("locality-hub"), peers: [countyHub.address], trusting: trusted,
            extra: ["--trust-peer", "\(locality.hubIDs[0])"])
        let lead = try DaemonProcess(dataDir: folder.node("lead"), peers: [countyHub.address])
        let names = locality.members.keys.sorted()
        var daemons = try Dictionary(
            uniqueKeysWithValues: names.map {
                ($0, try DaemonProcess(dataDir: folder.node($0), peers: [localityHub.address]))
            })
        let firstSync = eventually(within: 90) { locality.converged() }
        if !firstSync {  // what each hub and node saw, for the failure's reader
            for name in ["county-hub", "locality-hub", "lead", "p1"] {
                let log = (try? String(contentsOfFile: folder.node(name) + ".log", encoding: .utf8)) ?? ""
                print(
                    "=== \(name)\n"
                        + log.split(separator: "\n").filter { !$0.contains("ServiceLifecycle") }.prefix(25).joined(
                            separator: "\n"))
            }
            for (name, space) in locality.spaces {
                print(name, space.members.map { (try? locality.node($0).version(of: space.id).description) ?? "?" })
            }
        }
        #expect(firstSync, "the locality never reached its first sync")

        // A week offline: every practice and PCN stops, and edits.
        for name in names { _ = daemons[name]?.stop() }
        var random = SeededRandom(seed: 25)
        var edits = 0
        let shared = documentID(1)
        for name in names {
            let node = locality.node(name)
            let mine = locality.spaces.filter { $0.value.members.contains(name) }.map(\.value.id).sorted {
                $0.description < $1.description
            }
            for index in 0..<24 {
                let space = mine[random.below(mine.count)]
                // A third of the edits go to one document every member of the space edits too.
                let document = random.below(3) == 0 ? shared : documentID(UInt8(2 + random.below(20)))
                try node.transact(in: space, document: document) { tx in
                    try tx.set("\(name)-\(index)", .string("\(name) week note \(index) \(Self.canary)"))
                }
                edits += 1
            }
        }
        try locality.lead.transact(in: locality.spaces["county"]!.id, document: shared) { tx in
            try tx.set("lead", .string("county update \(Self.canary)"))
        }

        // Back online at random moments.
        let started = Date()
        for name in names.shuffled(using: &random) {
            usleep(UInt32(random.below(400_000)))
            daemons[name] = try DaemonProcess(dataDir: folder.node(name), peers: [localityHub.address])
        }
        #expect(eventually(within: 120) { locality.converged() }, "the locality did not converge after the week")
        let seconds = Date().timeIntervalSince(started)

        // Byte-identical documents on every member of every space.
        for (name, space) in locality.spaces {
            let reference = locality.node(space.members[0])
            let documents = try reference.documents(in: space.id).map(\.id)
            #expect(!documents.isEmpty || name.hasSuffix("private"))
            for id in documents {
                let bytes = try reference.document(id, in: space.id).snapshot()
                for member in space.members.dropFirst() {
                    #expect(
                        try locality.node(member).document(id, in: space.id).snapshot() == bytes,
                        "\(name) \(id) on \(member)")
                }
            }
        }
        // No hub holds a word of the content.
        for hub in ["county-hub", "locality-hub"] {
            for file in ["replica.sqlite", "replica.sqlite-wal"] {
                let data = (try? Data(contentsOf: URL(fileURLWithPath: folder.node(hub) + "/" + file))) ?? Data()
                #expect(data.range(of: Data(Self.canary.utf8)) == nil, "\(hub)/\(file) holds plaintext")
            }
        }
        print(
            "locality simulation: \(edits) offline edits by \(names.count) nodes converged \(String(format: "%.1f", seconds)) s after reconnecting"
        )
        for daemon in daemons.values { _ = daemon.stop() }
        _ = lead.stop()
        _ = localityHub.stop()
        _ = countyHub.stop()
    }
}
