import Foundation
import PlaceQI
import PlaceSync
import PlaceSyncTestHelpers
import Testing

@testable import PlaceHTTP

/// Live events: delivered, resumable, and bounded per client.
@Suite struct EventTests {
    func broadcaster(buffer: Int, history: Int = 16) async throws -> (EventBroadcaster, TemporaryFolder) {
        let folder = try TemporaryFolder()
        let node = try await Node.create(at: folder.node("a"), configuration: testConfiguration())
        var configuration = HTTPFrontendConfiguration(token: try AccessToken(FrontendFixture.tokenText))
        configuration.eventBufferPerStream = buffer
        configuration.eventHistory = history
        configuration.maxEventStreams = 2
        return (EventBroadcaster(node: node, configuration: configuration), folder)
    }

    @Test func aSlowClientIsDroppedInsteadOfBufferedWithoutBound() async throws {
        let (events, _) = try await broadcaster(buffer: 4)
        let slow = try #require(events.subscribe(after: nil))
        for index in 0..<10 { events.publish(type: "document", data: "{\"n\":\(index)}") }
        var received: [LiveEvent] = []
        for await event in slow { received.append(event) }
        #expect(received.count == 4)
        #expect(events.streamCount == 0)
    }

    @Test func aClientResumesAfterItsLastEventIDAndIsToldToReloadWhenTooFarBehind() async throws {
        let (events, _) = try await broadcaster(buffer: 64, history: 5)
        for index in 1...8 { events.publish(type: "document", data: "{\"n\":\(index)}") }
        let resumed = try #require(events.subscribe(after: 6))
        events.finishAll()
        var ids: [UInt64] = []
        for await event in resumed { ids.append(event.id) }
        #expect(ids == [7, 8])
        let behind = try #require(events.subscribe(after: 1))
        events.finishAll()
        var types: [String] = []
        for await event in behind { types.append(event.type) }
        #expect(types == ["reset"])
    }

    @Test func theNumberOfStreamsIsBounded() async throws {
        let (events, _) = try await broadcaster(buffer: 4)
        let first = events.subscribe(after: nil)
        let second = events.subscribe(after: nil)
        #expect(first != nil && second != nil)
        #expect(events.subscribe(after: nil) == nil)
        events.finishAll()
    }

    @Test func aWriteThroughTheAPIArrivesOnTheEventStream() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let port = fixture.port
        let token = fixture.token
        let reader = Task.detached { () throws -> String in
            let socket = try HTTPTestClient.connectSocket(port: port)
            defer { close(socket) }
            let request = Array(
                "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
            var text = ""
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while !text.contains("event: document") {
                let count = read(socket, &buffer, buffer.count)
                if count <= 0 { break }
                text += String(decoding: buffer[0..<count], as: UTF8.self)
            }
            return text
        }
        // Write until the stream (which may not be subscribed yet) reports one.
        var written = 0
        while written < 50 {
            try await Task.sleep(for: .milliseconds(100))
            _ = try await fixture.client.json("POST", "\(fixture.base)/notes", ["title": "Note \(written)"])
            written += 1
            if fixture.frontend.events.streamCount > 0, written > 1 { break }
        }
        let text = try await reader.value
        #expect(text.contains("text/event-stream"))
        #expect(text.contains("event: document"))
        #expect(text.contains("\"space\":\"\(fixture.space)\""))
    }
}
