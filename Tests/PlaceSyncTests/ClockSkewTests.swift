import Foundation
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Synchronization
import Testing

/// RELIABILITY.md D16: wall clocks do not decide anything. Nodes a day behind, a day ahead, in the
/// year 2100, and one whose clock jumps back end in the same state, decided by causal order (Lamport
/// clocks) alone: the far-future node cannot win a later conflict.
@Suite struct ClockSkewTests {
    /// A clock a test moves by hand.
    final class ManualClock: Sendable {
        private let seconds: Mutex<Double>
        init(_ seconds: Double) { self.seconds = Mutex(seconds) }
        func set(_ value: Double) { seconds.withLock { $0 = value } }
        var now: Double { seconds.withLock { $0 } }
    }

    static let today = 1_800_000_000.0

    static func node(_ folder: TemporaryFolder, _ name: String, clock: ManualClock) throws -> Node {
        var configuration = NodeConfiguration()
        configuration.now = { clock.now }
        return try Node.create(at: folder.node(name), configuration: configuration)
    }

    /// Every node takes in what every other holds.
    static func syncAll(_ nodes: [Node], space: SpaceID) throws {
        for _ in 0..<2 {
            for receiver in nodes {
                for sender in nodes where sender !== receiver {
                    try receiver.ingest(sender.envelopes(in: space, since: receiver.version(of: space)))
                }
            }
        }
    }

    @Test func skewedAndJumpingClocksChangeNothingOnlyCausalOrderDecides() throws {
        let folder = try TemporaryFolder()
        let future = ManualClock(4_102_444_800)  // 2100-01-01
        let behind = ManualClock(Self.today - 86_400)
        let ahead = ManualClock(Self.today + 86_400)
        let jumping = ManualClock(Self.today)
        let nodes = try [
            Self.node(folder, "future", clock: future), Self.node(folder, "behind", clock: behind),
            Self.node(folder, "ahead", clock: ahead), Self.node(folder, "jumping", clock: jumping),
        ]
        let space = try nodes[0].createSpace(name: "Forest of Dean locality")
        for node in nodes.dropFirst() { try admit(node, to: space, by: nodes[0]) }
        try Self.syncAll(nodes, space: space)
        let document = documentID(1)

        // Offline, everyone sets the same field at once; they converge to one value with the others
        // kept as conflicts, the same on every node.
        for (index, node) in nodes.enumerated() {
            try node.transact(in: space, document: document) { tx in try tx.set("status", .string("v\(index)")) }
        }
        try Self.syncAll(nodes, space: space)
        let states = try nodes.map { try $0.document(document, in: space).json }
        #expect(Set(states.map(\.jsonText)).count == 1)
        #expect(try nodes[0].document(document, in: space).conflicts(forKey: "status").count == 4)

        // The node a day behind then writes, after seeing everything: it wins, though the 2100 node's
        // write carries a wall time 74 years later.
        try nodes[1].transact(in: space, document: document) { tx in try tx.set("status", .string("settled")) }
        try Self.syncAll(nodes, space: space)
        for node in nodes {
            #expect(try node.document(document, in: space).value(forKey: "status") == .scalar(.string("settled")))
            #expect(try node.document(document, in: space).conflicts(forKey: "status").count == 1)
        }

        // A clock that jumps back ten days: its second write still follows its first.
        try nodes[3].transact(in: space, document: document) { tx in try tx.set("owner", .string("first")) }
        jumping.set(Self.today - 10 * 86_400)
        try nodes[3].transact(in: space, document: document) { tx in try tx.set("owner", .string("second")) }
        try Self.syncAll(nodes, space: space)
        for node in nodes {
            #expect(try node.document(document, in: space).value(forKey: "owner") == .scalar(.string("second")))
        }
        #expect(try Set(nodes.map { try $0.version(of: space) }).count == 1)
    }
}
