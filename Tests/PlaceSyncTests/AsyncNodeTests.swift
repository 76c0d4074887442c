import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Synchronization
import Testing

/// The async verbs keep Swift's cooperative pool free: a host that runs many writes and reads at once
/// does not starve the sync sessions that share the pool.
@Suite struct AsyncNodeTests {
    /// 200 concurrent async writes and reads on one node, and four opens of passphrase-sealed nodes
    /// (Argon2id, about a second of CPU each), while a session over TCP with the peer heartbeats: no
    /// session ends, no continuation is lost (the time limit), and the peer receives every write.
    @Test(.timeLimit(.minutes(2)))
    func manyAsyncWritesReadsAndKeyDerivationsKeepTheSessionAlive() async throws {
        let folder = try TemporaryFolder()
        let a = try await Node.create(at: folder.node("a"), configuration: testConfiguration())
        let b = try await Node.create(at: folder.node("b"), configuration: testConfiguration())
        let space = try await a.createSpace(name: "Gloucester")
        try await a.addMember(b.nodeID, role: .writer, in: space)
        try await b.joinSpace(space, name: "Gloucester")
        var sealed = testConfiguration()
        sealed.passphrase = try SecureBytes(copying: Array("correct horse battery staple".utf8))
        var lockedFolders: [String] = []
        for index in 0..<4 {
            lockedFolders.append(folder.node("locked-\(index)"))
            _ = try await Node.create(at: lockedFolders[index], configuration: sealed)
        }
        let unlock = sealed
        var configuration = SyncConfiguration()
        configuration.heartbeatInterval = .seconds(1)
        configuration.deadAfter = .seconds(3)
        let listener = try await TCPSync.listen(host: "127.0.0.1", port: 0)
        let ended = Mutex<[String]>([])
        let record: @Sendable (SyncConnectionEvent) -> Void = { event in
            if case .ended(let outcome) = event {
                ended.withLock { $0.append("\(outcome.error.map { "\($0)" } ?? "ended")") }
            }
        }
        let serving = Task {
            try await listener.serve(node: a, configuration: configuration, changes: { a.storedEnvelopes }) { _ in
                SyncContext(onEvent: record)
            }
        }
        let dialling = Task {
            try await TCPSync.dial(
                host: "127.0.0.1", port: listener.port, node: b, configuration: configuration,
                changes: b.storedEnvelopes, context: SyncContext(onEvent: record))
        }
        defer {
            dialling.cancel()
            serving.cancel()
        }
        let documents = (0..<20).map { DocumentID(bytes: [UInt8](repeating: UInt8($0), count: 16))! }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for locked in lockedFolders {
                group.addTask { _ = try await Node.open(at: locked, configuration: unlock) }
            }
            for index in 0..<200 {
                group.addTask {
                    let document = documents[index % documents.count]
                    if index % 2 == 0 {
                        try await a.transact(in: space, document: document) { tx in
                            try tx.set("k\(index)", .int(Int64(index)))
                        }
                    } else {
                        _ = try await a.document(document, in: space)
                        _ = try await a.search("k")
                    }
                }
            }
            try await group.waitForAll()
        }
        let deadline = Date().addingTimeInterval(60)
        while try await b.version(of: space) != a.version(of: space), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await b.version(of: space) == a.version(of: space))
        #expect(try await b.document(documents[0], in: space) == a.document(documents[0], in: space))
        #expect(ended.withLock { $0 } == [], "a session ended while the writes ran")
    }
}
