import Foundation
import PlaceSync
import Synchronization
import Testing

@testable import PlaceHTTP

/// Who gets in: the token, a session with its CSRF token, nothing else.
@Suite struct AuthTests {
    @Test func aRequestWithoutAValidTokenGets401AndLearnsNothing() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        for path in [
            "/v1/spaces", "\(fixture.base)/projects", "/v1/sync", "/metrics", "/v1/events", "/v1/openapi.json",
        ] {
            let none = try await fixture.anonymous.get(path)
            #expect(none.status == 401, "\(path)")
            #expect(none.header("content-type") == "application/problem+json")
            #expect(none.header("www-authenticate") == "Bearer")
            #expect(!none.text.contains("\(fixture.space)"))
            var wrong = fixture.client
            wrong.token = String(repeating: "0", count: 64)
            #expect(try await wrong.get(path).status == 401, "\(path)")
        }
        let page = try await fixture.anonymous.get("/s/\(fixture.space)")
        #expect(page.status == 303)
        #expect(page.header("location") == "/login")
        #expect(!page.text.contains("Forest of Dean"))
        let form = try await fixture.anonymous.send(
            "POST", "/s/\(fixture.space)/projects", body: Array("title=x".utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 401)
        let health = try await fixture.anonymous.get("/healthz")
        #expect(health.status == 200)
        #expect(health.text == "ok\n")
    }

    @Test func everyResponseCarriesAStrictContentSecurityPolicy() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        for path in ["/healthz", "/login", "/v1/spaces", "/nowhere"] {
            let response = try await fixture.client.get(path)
            let policy = try #require(response.header("content-security-policy"))
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(response.header("x-content-type-options") == "nosniff")
            #expect(response.header("access-control-allow-origin") == nil)
        }
    }

    @Test func loginGivesAnHttpOnlyStrictSessionCookieAndAWrongTokenNone() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let wrong = try await fixture.anonymous.send(
            "POST", "/login", body: Array("token=nope".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(wrong.status == 401)
        #expect(wrong.header("set-cookie") == nil)
        let right = try await fixture.anonymous.send(
            "POST", "/login", body: Array("token=\(fixture.token)".utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(right.status == 303)
        let cookie = try #require(right.header("set-cookie"))
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Strict"))
        let browser = try await fixture.browser()
        let home = try await browser.get("/s/\(fixture.space)")
        #expect(home.status == 200)
        #expect(home.text.contains("Forest of Dean locality"))
    }

    @Test func aStateChangingRequestWithASessionNeedsItsCSRFTokenAndChangesNothingWithout() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        var browser = try await fixture.browser()
        let before = try fixture.version()
        let csrf = browser.csrf
        browser.csrf = nil
        let api = try await browser.json("POST", "\(fixture.base)/projects", ["title": "Forged"])
        #expect(api.status == 403)
        let form = try await browser.send(
            "POST", "/s/\(fixture.space)/projects", body: Array("title=Forged&theme=other".utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 403)
        browser.csrf = csrf
        let otherSite = try await browser.send(
            "POST", "\(fixture.base)/projects", body: Array(#"{"title":"Forged"}"#.utf8),
            headers: ["Origin": "http://evil.example"])
        #expect(otherSite.status == 403)
        #expect(try fixture.version() == before)
        let allowed = try await browser.json("POST", "\(fixture.base)/projects", ["title": "Falls review"])
        #expect(allowed.status == 201)
        #expect(try fixture.version() != before)
    }

    @Test func anExpiredOrEndedSessionIsRefused() async throws {
        let clock = Mutex<Double>(1_000)
        let sessions = WebSessions(lifetime: .seconds(60), limit: 2, now: { clock.withLock { $0 } })
        let session = sessions.start()
        #expect(sessions.session(for: session.id) == session)
        clock.withLock { $0 += 61 }
        #expect(sessions.session(for: session.id) == nil)
        let second = sessions.start()
        sessions.end(second.id)
        #expect(sessions.session(for: second.id) == nil)
        // The oldest session goes first when the limit is reached.
        let first = sessions.start()
        clock.withLock { $0 += 1 }
        _ = sessions.start()
        _ = sessions.start()
        #expect(sessions.session(for: first.id) == nil)
    }

    @Test func theTokenFileIsCreatedPrivateAndRefusedWhenOthersCanReadIt() throws {
        let folder = try FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("http.token").path
        let (token, created) = try AccessToken.loadOrCreate(at: path)
        #expect(created)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        let (again, createdAgain) = try AccessToken.loadOrCreate(at: path)
        #expect(!createdAgain)
        #expect(again.matches(token.text))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: HTTPFrontendError.self) { try AccessToken.loadOrCreate(at: path) }
        #expect(!token.matches(token.text + "0"))
        #expect(!token.description.contains(token.text))
    }

    @Test func aReadOnlyFrontendRefusesEveryWriteAndStillReads() async throws {
        let fixture = try await FrontendFixture.start { $0.readOnly = true }
        defer { Task { await fixture.stop() } }
        let before = try fixture.version()
        let refused = try await fixture.client.json("POST", "\(fixture.base)/projects", ["title": "Falls"])
        #expect(refused.status == 403)
        #expect(refused.header("content-type") == "application/problem+json")
        #expect(try fixture.version() == before)
        #expect(try await fixture.client.get("\(fixture.base)/projects").status == 200)
        let browser = try await fixture.browser()
        #expect(try await browser.get("/s/\(fixture.space)").status == 200)
    }
}
