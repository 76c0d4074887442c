import Foundation
import PlaceQI
import PlaceSync
import Synchronization
import Testing

@testable import PlaceHTTP

/// Whole-space reads are computed once per replica state and shared.
@Suite struct ReadCacheTests {
    @Test func concurrentReadsShareOneComputationAndAWriteMakesTheNextReadFresh() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let cache = ReadCache(node: fixture.node)
        let computations = Counter()
        let qi = fixture.qi
        _ = try qi.createProject(ProjectDraft(title: "First"))
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.value("projects") { () throws -> Int in
                        computations.add()
                        Thread.sleep(forTimeInterval: 0.05)
                        return try qi.projects().count
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 1, count: 20))
        #expect(computations.count == 1)
        _ = try qi.createProject(ProjectDraft(title: "Second"))
        let fresh = try await cache.value("projects") { () throws -> Int in
            computations.add()
            return try qi.projects().count
        }
        #expect(fresh == 2)
        #expect(computations.count == 2)
    }
}

/// A count several tasks add to.
final class Counter: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
