import Foundation
import Logging
import PlaceQI
import PlaceSync
import PlaceSyncTestHelpers
import ServiceLifecycle
import Synchronization

@testable import PlaceHTTP

/// A real node with a space, served by the HTTP frontend on a free loopback port, for one test.
final class FrontendFixture: Sendable {
    let folder: TemporaryFolder
    let node: Node
    let space: SpaceID
    let qi: QISpace
    let port: Int
    let token: String
    let frontend: HTTPFrontend
    private let group: ServiceGroup

    static let tokenText = String(repeating: "ab12", count: 16)

    private init(
        folder: TemporaryFolder, node: Node, space: SpaceID, port: Int, frontend: HTTPFrontend, group: ServiceGroup
    ) {
        self.folder = folder
        self.node = node
        self.space = space
        self.qi = QISpace(node: node, space: space)
        self.port = port
        self.token = Self.tokenText
        self.frontend = frontend
        self.group = group
    }

    /// Starts a frontend; `adjust` changes its configuration first.
    static func start(_ adjust: (inout HTTPFrontendConfiguration) -> Void = { _ in }) async throws -> FrontendFixture {
        let folder = try TemporaryFolder()
        let nodeConfiguration = NodeConfiguration()
        let node = try await Node.create(at: folder.node("a"), configuration: nodeConfiguration)
        let space = try await node.createSpace(name: "Forest of Dean locality")
        var configuration = HTTPFrontendConfiguration(token: try AccessToken(tokenText))
        configuration.port = 0
        configuration.syncStatusInterval = .milliseconds(200)
        adjust(&configuration)
        let frontend = HTTPFrontend(node: node, configuration: configuration)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let application = frontend.application(logger: logger) { port in continuation.yield(port) }
        let group = ServiceGroup(services: [application], logger: logger)
        Task { try? await group.run() }
        var port = 0
        for await value in ports {
            port = value
            break
        }
        return FrontendFixture(folder: folder, node: node, space: space, port: port, frontend: frontend, group: group)
    }

    func stop() async { await group.triggerGracefulShutdown() }

    /// A client with the access token.
    var client: HTTPTestClient { HTTPTestClient(port: port, token: token) }

    /// A client with no credentials.
    var anonymous: HTTPTestClient { HTTPTestClient(port: port) }

    /// Logs in as a browser would; returns a client holding the session cookie and CSRF token.
    func browser() async throws -> HTTPTestClient {
        let login = try await anonymous.send(
            "POST", "/login", body: Array("token=\(token)".utf8), contentType: "application/x-www-form-urlencoded")
        guard login.status == 303, let setCookie = login.header("set-cookie") else {
            throw TestClientError("login failed: \(login.status)")
        }
        let cookie = String(setCookie.split(separator: ";")[0])
        var browser = HTTPTestClient(port: port, cookie: cookie)
        let page = try await browser.get("/s/\(space)")
        guard let range = page.text.range(of: #"name="csrf-token" content=""#),
            let end = page.text[range.upperBound...].firstIndex(of: "\"")
        else { throw TestClientError("no CSRF token on the home page: \(page.status)") }
        browser.csrf = String(page.text[range.upperBound..<end])
        return browser
    }

    /// The space's version: unchanged means nothing was written.
    func version() throws -> VersionVector { try node.version(of: space) }

    var base: String { "/v1/spaces/\(space)" }
}
