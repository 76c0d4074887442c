import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// Real `placesyncd` processes on loopback (RELIABILITY.md D12, D14, D23, D25): three practices that
/// reach each other only through a relay hub.
@Suite(.serialized) struct DaemonIntegrationTests {
    let folder: TemporaryFolder
    let space: SpaceID
    let names = ["p1", "p2", "p3"]

    init() throws {
        folder = try TemporaryFolder()
        let p1 = try Node.create(at: folder.node("p1"))
        space = try p1.createSpace(name: "Forest of Dean locality")
        let hub = try Node.create(at: folder.node("hub"))
        try p1.addMember(hub.nodeID, role: .relay, in: space)
        for name in ["p2", "p3"] {
            let practice = try Node.create(at: folder.node(name))
            try p1.addMember(practice.nodeID, role: .writer, in: space)
            try practice.joinSpace(space, name: "Forest of Dean locality")  // as after its user joined
        }
        admin = p1.nodeID
    }

    /// The creator: the admin the hub trusts to put it in the space.
    let admin: NodeID

    func open(_ name: String) throws -> Node { try Node.open(at: folder.node(name)) }

    func title(_ node: Node, _ document: DocumentID) -> String? {
        guard let value = try? node.document(document, in: space).value(forKey: "title"),
            case .scalar(.string(let text)) = value
        else { return nil }
        return text
    }

    /// Waits until every practice shows `expected` titles.
    func converge(_ expected: [DocumentID: String], within seconds: Double = 60) throws -> Bool {
        let nodes = try names.map(open)
        return eventually(within: seconds) {
            nodes.allSatisfy { node in expected.allSatisfy { title(node, $0.key) == $0.value } }
        }
    }

    @Test func threePracticesConvergeThroughABlindHub() throws {
        let hub = try DaemonProcess(dataDir: folder.node("hub"), trusting: [admin])
        let practices = try names.map { try DaemonProcess(dataDir: folder.node($0), peers: [hub.address]) }
        var expected: [DocumentID: String] = [:]
        // p1 writes first (it holds the space); p2 and p3 receive it from the hub, then write their own.
        try open("p1").transact(in: space, document: documentID(1)) { tx in
            try tx.set("title", .string("CANARY-p1-falls-audit"))
        }
        expected[documentID(1)] = "CANARY-p1-falls-audit"
        #expect(try converge(expected))
        for (index, name) in names.enumerated().dropFirst() {
            let id = documentID(UInt8(index + 1))
            try open(name).transact(in: space, document: id) { tx in try tx.set("title", .string("CANARY-\(name)-pdsa"))
            }
            expected[id] = "CANARY-\(name)-pdsa"
        }
        #expect(try converge(expected))
        for practice in practices { #expect(practice.stop() == 0) }
        #expect(hub.stop() == 0)
        // The hub's data folder, its WAL and its log hold none of the plaintext.
        var scanned = 0
        for path in try FileManager.default.contentsOfDirectory(atPath: folder.node("hub")).map({
            folder.node("hub") + "/" + $0
        }) + [hub.logPath] {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            scanned += data.count
            #expect(data.range(of: Data("CANARY".utf8)) == nil, "\(path) holds plaintext")
        }
        #expect(scanned > 0)
        #expect(try open("hub").heldEpochKeys(in: space).isEmpty)
        // Status was recorded for the hub on each practice.
        let status = try open("p2").peerStatuses()
        #expect(status.first?.key == hub.address && status.first?.lastError == nil, "\(status)")
    }

    /// Delivery receipts between real daemons: each practice attests to what it holds, the hub passes the
    /// attestations on, and the writer's `placesync explain` says every other member holds its change.
    @Test func receiptsReachTheWriterThroughTheHub() throws {
        for name in ["hub"] + names {  // attest whenever something moved (the default is hourly)
            try Data(#"{"attestationPeriod": 0, "attestationMinimumInterval": 0}"#.utf8).write(
                to: URL(fileURLWithPath: folder.node(name) + "/placesyncd.json"))
        }
        let hub = try DaemonProcess(dataDir: folder.node("hub"), trusting: [admin])
        let practices = try names.map { try DaemonProcess(dataDir: folder.node($0), peers: [hub.address]) }
        let p1 = try open("p1")
        try p1.transact(in: space, document: documentID(1)) { tx in try tx.set("title", .string("Falls audit")) }
        #expect(try converge([documentID(1): "Falls audit"]))
        let latest = try p1.version(of: space)[p1.actor]
        let others = try Set(["hub", "p2", "p3"].map { try open($0).nodeID })
        #expect(
            eventually(within: 60) {
                (try? Set(p1.delivery(of: space).holders(of: p1.actor, seq: latest))) == others
            }, "the writer never learned that every member holds its change")
        let explained = try runChildProcess(
            try DaemonProcess.binary("placesync"), ["explain", "--data-dir", folder.node("p1"), "\(space)"])
        #expect(explained.status == 0, "\(explained.err)")
        #expect(explained.out.contains("is held by 3 of the 3 other members"), "\(explained.out)")
        for practice in practices { _ = practice.stop() }
        _ = hub.stop()
    }

    @Test func aPartitionHealsWhenTheHubReturns() throws {
        var hub = try DaemonProcess(dataDir: folder.node("hub"), trusting: [admin])
        let port = hub.port
        let practices = try names.map { try DaemonProcess(dataDir: folder.node($0), peers: [hub.address]) }
        try open("p1").transact(in: space, document: documentID(1)) { tx in try tx.set("title", .string("before")) }
        #expect(try converge([documentID(1): "before"]))
        #expect(hub.stop() == 0)
        // Both sides edit while the hub is away.
        try open("p1").transact(in: space, document: documentID(1)) { tx in try tx.set("title", .string("p1 offline")) }
        try open("p3").transact(in: space, document: documentID(3)) { tx in try tx.set("title", .string("p3 offline")) }
        hub = try DaemonProcess(dataDir: folder.node("hub"), port: port, trusting: [admin])
        #expect(try converge([documentID(1): "p1 offline", documentID(3): "p3 offline"], within: 90))
        for practice in practices { _ = practice.stop() }
        _ = hub.stop()
    }

    @Test func aPracticeKilledMidSyncResumesWithNothingTwice() throws {
        let hub = try DaemonProcess(dataDir: folder.node("hub"), trusting: [admin])
        let p1 = try DaemonProcess(dataDir: folder.node("p1"), peers: [hub.address])
        // A long run of counter increments, so the kill lands mid-transfer.
        let writer = try open("p1")
        var counter = ContainerID.root
        try writer.transact(in: space, document: documentID(9)) { tx in
            counter = try tx.makeContainer(.counter, at: "visits")
        }
        for _ in 0..<1_500 {
            try writer.transact(in: space, document: documentID(9)) { tx in try tx.increment(counter, by: 1) }
        }
        var p2 = try DaemonProcess(dataDir: folder.node("p2"), peers: [hub.address])
        let reader = try open("p2")
        #expect(eventually(within: 60) { ((try? reader.version(of: space)[writer.actor]) ?? 0) > 100 })
        p2.kill9()
        p2 = try DaemonProcess(dataDir: folder.node("p2"), peers: [hub.address])
        let done = eventually(within: 90) {
            (try? reader.document(documentID(9), in: space).counterValue(counter)) == 1_500
        }
        #expect(done)
        #expect(try reader.version(of: space) == writer.version(of: space))
        #expect(try reader.integrityCheck() == "ok")
        _ = p2.stop()
        _ = p1.stop()
        _ = hub.stop()
    }
}

/// D37: a flood of half-open connections from one address is capped and timed out, while a member
/// from another address syncs as usual.
@Suite(.serialized) struct ConnectionFloodTests {
    @Test func aSlowlorisFloodFromOneAddressDoesNotStarveOthers() throws {
        let setup = try HubbedSpace()
        let (folder, p1, space) = (setup.folder, setup.admin, setup.space)
        let config = try setup.config(#"{"handshakeTimeout": 2, "maxConnectionsPerAddress": 10}"#)
        let hub = try DaemonProcess(
            dataDir: folder.node("hub"), trusting: [setup.admin.nodeID], extra: ["--config", config])
        // 40 connections from 127.0.0.2, each sending one byte and then nothing.
        let flood = try (0..<40).map { _ in try RawClient(port: hub.port, receiveTimeout: 15, source: "127.0.0.2") }
        for client in flood { client.send([0x00]) }
        // A member from 127.0.0.1 meanwhile: the hub takes on its space and its envelopes.
        try p1.transact(in: space, document: .main) { tx in try tx.set("title", .string("during the flood")) }
        let member = try DaemonProcess(dataDir: folder.node("p1"), peers: [hub.address])
        #expect(
            eventually(within: 30) {
                (try? Node.open(at: folder.node("hub")).version(of: space)) == (try? p1.version(of: space))
            })
        // Every flood connection is closed: most at once (over the cap), the rest by the handshake deadline.
        let started = Date()
        #expect(flood.allSatisfy { $0.readToEnd().closed })
        #expect(Date().timeIntervalSince(started) < 10)
        _ = member.stop()
        #expect(hub.stop() == 0)
        let log = try String(contentsOfFile: hub.logPath, encoding: .utf8)
        let refused = log.split(separator: "\n").filter { $0.contains("too many open") }.count
        let timedOut = log.split(separator: "\n").filter { $0.contains("the handshake did not complete in time") }.count
        #expect(refused >= 25, "\(refused) refused")
        #expect(timedOut >= 5, "\(timedOut) timed out")
    }
}

/// Two hubs federated: a practice on each converges with the other through both.
@Suite(.serialized) struct FederationTests {
    @Test func practicesOnTwoFederatedHubsConverge() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"))
        let space = try a.createSpace(name: "County QI community")
        let b = try Node.create(at: folder.node("b"))
        for name in ["hub1", "hub2"] {
            try a.addMember(try Node.create(at: folder.node(name)).nodeID, role: .relay, in: space)
        }
        try a.addMember(b.nodeID, role: .writer, in: space)
        try b.joinSpace(space, name: "County QI community")
        try a.transact(in: space, document: .main) { tx in try tx.set("title", .string("from A")) }
        let hub1ID = try Node.open(at: folder.node("hub1")).nodeID
        let hub2 = try DaemonProcess(
            dataDir: folder.node("hub2"), trusting: [a.nodeID], extra: ["--trust-peer", "\(hub1ID)"])
        let hub1 = try DaemonProcess(dataDir: folder.node("hub1"), peers: [hub2.address], trusting: [a.nodeID])
        let practiceA = try DaemonProcess(dataDir: folder.node("a"), peers: [hub1.address])
        let practiceB = try DaemonProcess(dataDir: folder.node("b"), peers: [hub2.address])
        #expect(eventually { (try? b.document(.main, in: space).value(forKey: "title")) == .scalar(.string("from A")) })
        try b.transact(in: space, document: documentID(2)) { tx in try tx.set("title", .string("from B")) }
        #expect(
            eventually {
                (try? a.document(documentID(2), in: space).value(forKey: "title")) == .scalar(.string("from B"))
            })
        #expect(try a.version(of: space) == b.version(of: space))
        for daemon in [practiceA, practiceB, hub1, hub2] { #expect(daemon.stop() == 0) }
    }
}

/// D14: a proxy that fragments, delays and cuts connections mid-batch between a practice and its hub.
@Suite(.serialized) struct FaultyLinkTests {
    @Test func syncCompletesThroughAProxyThatCutsDelaysAndFragments() throws {
        let setup = try HubbedSpace()
        let (folder, p1, space) = (setup.folder, setup.admin, setup.space)
        let p2 = try setup.member("p2")
        var counter = ContainerID.root
        try p1.transact(in: space, document: .main) { tx in counter = try tx.makeContainer(.counter, at: "visits") }
        for index in 0..<2_000 {
            try p1.transact(in: space, document: .main) { tx in
                try tx.increment(counter, by: 1)
                try tx.set("k\(index % 50)", .string(String(repeating: "x", count: 200)))
            }
        }
        let hub = try DaemonProcess(dataDir: folder.node("hub"), trusting: [setup.admin.nodeID])
        let first = try DaemonProcess(dataDir: folder.node("p1"), peers: [hub.address])
        #expect(
            eventually { (try? Node.open(at: folder.node("hub")).version(of: space)) == (try? p1.version(of: space)) })
        let proxy = try FaultyProxy(upstreamPort: hub.port, cuts: 4)
        let second = try DaemonProcess(dataDir: folder.node("p2"), peers: ["127.0.0.1:\(proxy.port)"])
        let converged = eventually(within: 90) {
            (try? p2.document(.main, in: space).counterValue(counter)) == 2_000
        }
        #expect(converged)
        #expect(proxy.cutCount >= 4)
        #expect(try p2.version(of: space) == p1.version(of: space))
        #expect(try p2.document(.main, in: space) == p1.document(.main, in: space))
        proxy.close()
        _ = second.stop()
        _ = first.stop()
        _ = hub.stop()
    }
}

/// D36, D37: hostile and broken peers each get a clean close and a log line; the hub keeps serving.
@Suite(.serialized) struct HostilePeerTests {
    @Test func badPeersAreClosedCleanlyAndTheHubKeepsServing() throws {
        let setup = try HubbedSpace()
        let (folder, p1, space) = (setup.folder, setup.admin, setup.space)
        let p2 = try setup.member("p2")
        let config = try setup.config(#"{"handshakeTimeout": 2}"#)
        let hub = try DaemonProcess(
            dataDir: folder.node("hub"), trusting: [setup.admin.nodeID], extra: ["--config", config])
        let first = try DaemonProcess(dataDir: folder.node("p1"), peers: [hub.address])
        #expect(eventually { (try? Node.open(at: folder.node("hub")).holds(space)) == true })

        // Garbage, a zero-length frame, a truncated frame, a wrong version, a slowloris.
        let garbage = try RawClient(port: hub.port)
        garbage.send((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        #expect(garbage.readToEnd().closed)
        let empty = try RawClient(port: hub.port)
        empty.send([0, 0])
        #expect(empty.readToEnd().closed)
        let truncated = try RawClient(port: hub.port)
        truncated.send([0x03, 0xE8] + [UInt8](repeating: 7, count: 10))
        shutdown(truncated.socket, Int32(SHUT_WR))
        #expect(truncated.readToEnd().closed)
        let wrongVersion = try RawClient(port: hub.port)
        let (transport, answered) = try wrongVersion.handshake(versions: [9])
        #expect(transport == nil && answered == 0)
        #expect(wrongVersion.readToEnd().closed)
        let slow = try RawClient(port: hub.port)
        slow.send([0x00])
        let started = Date()
        #expect(slow.readToEnd().closed)
        #expect(Date().timeIntervalSince(started) < 8)

        // An oversized message after a real handshake: fragments that never end.
        let oversized = try RawClient(port: hub.port)
        var cipher = try #require(try oversized.handshake().0)
        for _ in 0..<70 {
            oversized.send(FrameDecoder.frame(try cipher.send.encrypt([1] + [UInt8](repeating: 0, count: 65_000))))
        }
        #expect(oversized.readToEnd().closed)

        // An unknown node: refused after the handshake, and never told a space id.
        let stranger = try RawClient(port: hub.port)
        var strangerCipher = try #require(try stranger.handshake().0)
        stranger.send(
            FrameDecoder.frame(
                try strangerCipher.send.encrypt(
                    [0] + SyncMessage.hello(agent: "x", wants: [], redemption: nil).encoded())))
        let (reply, closed) = stranger.readToEnd()
        #expect(closed)
        var frames = FrameDecoder()
        frames.append(reply)
        var messages: [SyncMessage] = []
        while let frame = try frames.nextFrame() {
            let plaintext = try strangerCipher.receive.decrypt(frame)
            messages.append(try SyncMessage(decoding: Array(plaintext.dropFirst())))
            #expect(plaintext.firstRange(of: space.bytes) == nil)
        }
        #expect(messages.contains { if case .error(.notEntitled, _) = $0 { true } else { false } })

        // A removed member is refused too, and the hub still serves the members.
        let p3 = try setup.member("p3")
        try p1.removeMember(p2.nodeID, from: space)
        try p1.transact(in: space, document: .main) { tx in try tx.set("title", .string("after the removal")) }
        #expect(
            eventually { (try? Node.open(at: folder.node("hub")).version(of: space)) == (try? p1.version(of: space)) })
        let removed = try DaemonProcess(dataDir: folder.node("p2"), peers: [hub.address])
        let member = try DaemonProcess(dataDir: folder.node("p3"), peers: [hub.address])
        #expect(
            eventually {
                (try? p3.document(.main, in: space).value(forKey: "title")) == .scalar(.string("after the removal"))
            })
        #expect((try? p2.document(.main, in: space).value(forKey: "title")) == nil)
        _ = removed.stop()
        _ = member.stop()
        _ = first.stop()
        #expect(hub.stop() == 0)
        let log = try String(contentsOfFile: hub.logPath, encoding: .utf8)
        let disconnects = log.split(separator: "\n").filter {
            $0.contains("disconnected") && !$0.contains("place.error=none")
        }
        #expect(disconnects.count >= 8, "\(disconnects.count) failed-connection log lines")
        #expect(log.contains("notEntitled"))
    }
}
