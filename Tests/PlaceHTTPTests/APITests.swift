import Foundation
import PlaceQI
import PlaceSync
import Testing

@testable import PlaceHTTP

/// The JSON API over a real node: writes, reads, limits, errors.
@Suite struct APITests {
    @Test func aProjectIsCreatedReadWithAnETagAndListedInPages() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let client = fixture.client
        for title in ["Falls in care homes", "Frailty huddles", "Young carers"] {
            let created = try await client.json(
                "POST", "\(fixture.base)/projects",
                ["title": title, "theme": "frailty-and-dementia", "status": "testing"])
            #expect(created.status == 201, "\(created.text)")
        }
        let first = try await client.get("\(fixture.base)/projects?limit=2")
        #expect(first.status == 200)
        #expect(first.json["total"] as? Int == 3)
        #expect((first.json["items"] as? [Any])?.count == 2)
        let next = try #require(first.json["next"] as? String)
        let second = try await client.get("\(fixture.base)/projects?limit=2&cursor=\(next)")
        #expect((second.json["items"] as? [Any])?.count == 1)
        #expect(second.json["next"] == nil)
        let items = try #require(first.json["items"] as? [[String: Any]])
        let id = try #require(items.first?["id"] as? String)
        let project = try await client.get("\(fixture.base)/projects/\(id)")
        let tag = try #require(project.header("etag"))
        let again = try await client.get("\(fixture.base)/projects/\(id)", headers: ["If-None-Match": tag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let patched = try await client.json("PATCH", "\(fixture.base)/projects/\(id)", ["status": "spreading"])
        #expect(patched.json["status"] as? String == "spreading")
        let changed = try await client.get("\(fixture.base)/projects/\(id)", headers: ["If-None-Match": tag])
        #expect(changed.status == 200)
        let filtered = try await client.get("\(fixture.base)/projects?status=spreading")
        #expect(filtered.json["total"] as? Int == 1)
    }

    @Test func everyErrorPathOfTheWriteEndpointsSaysWhyAndChangesNothing() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let client = fixture.client
        let project = try fixture.qi.createProject(ProjectDraft(title: "Falls"))
        let measure = try fixture.qi.createMeasure(
            MeasureDraft(name: "Falls per month", type: .outcome, direction: .lowerIsBetter), project: project)
        let note = try fixture.qi.createNote(title: "Huddle notes", body: "Hello", project: project)
        let base = fixture.base
        let cases: [(String, String, Any, Int, String?)] = [
            ("POST", "\(base)/projects", ["aim": "no title"], 422, "title"),
            ("POST", "\(base)/projects", ["title": "T", "theme": "gardening"], 422, "theme"),
            ("POST", "\(base)/projects", ["title": "T", "startDate": "2026-13-40"], 422, "startDate"),
            ("POST", "\(base)/projects", ["title": "Patient NHS number 943 476 5919"], 422, "title"),
            ("POST", "\(base)/projects", ["title": 7], 422, "title"),
            ("PATCH", "\(base)/projects/\(project)", ["status": "finished"], 422, "status"),
            ("PATCH", "\(base)/projects/\(String(repeating: "0", count: 32))", ["title": "x"], 404, nil),
            (
                "POST", "\(base)/projects/\(project)/spread",
                ["organisation": "L84001", "stage": "viral", "date": "2026-01-01"], 422, "stage"
            ),
            ("POST", "\(base)/pdsa", ["title": "Cycle"], 422, "project"),
            ("POST", "\(base)/pdsa", ["project": "\(project)", "title": "Cycle", "status": "maybe"], 422, "status"),
            ("POST", "\(base)/measures", ["name": "M", "type": "outcome"], 422, "direction"),
            ("POST", "\(base)/measures/\(measure)/points", ["points": []], 422, "points"),
            (
                "POST", "\(base)/measures/\(measure)/points", ["points": [["date": "yesterday", "value": 1]]], 422,
                "points[0].date"
            ),
            ("POST", "\(base)/notes", ["body": "no title"], 422, "title"),
            ("POST", "\(base)/notes/\(note)/splices", ["base": "x", "at": 0, "delete": 0, "insert": "a"], 409, "base"),
            (
                "POST", "\(base)/notes/\(note)/splices",
                ["base": NoteVersions.tag(of: "Hello"), "at": 99, "delete": 0, "insert": "a"], 422, "at"
            ),
            (
                "POST", "\(base)/notes/\(note)/splices",
                ["base": NoteVersions.tag(of: "Hello"), "at": 2, "delete": 9, "insert": ""], 422, "delete"
            ),
            (
                "POST", "\(base)/notes/\(note)/splices",
                ["base": NoteVersions.tag(of: "Hello"), "at": 5, "delete": 0, "insert": " DOB 12/03/1941"], 422, "body"
            ),
            ("POST", "\(base)/invites", ["role": "relay"], 422, "role"),
            ("POST", "/v1/spaces/\(String(repeating: "f", count: 32))/projects", ["title": "x"], 404, "space"),
        ]
        _ = try await client.get("\(base)/notes/\(note)")  // so the frontend knows the note's version
        let before = try fixture.version()
        for (method, path, body, status, field) in cases {
            let response = try await client.json(method, path, body)
            #expect(response.status == status, "\(method) \(path) \(body): \(response.status) \(response.text)")
            #expect(response.header("content-type") == "application/problem+json", "\(path)")
            #expect((response.json["detail"] as? String)?.isEmpty == false)
            if let field { #expect(response.json["field"] as? String == field, "\(path) \(body): \(response.text)") }
        }
        let allowed = try await client.json("POST", "\(base)/projects", ["title": "T", "theme": "gardening"])
        #expect((allowed.json["allowed"] as? [String])?.contains("frailty-and-dementia") == true)
        #expect(try fixture.version() == before)
    }

    @Test func oversizedDeepOrNonJSONBodiesAreRefusedBeforeAnythingIsWritten() async throws {
        let fixture = try await FrontendFixture.start { $0.maxBodyBytes = 64 * 1024 }
        defer { Task { await fixture.stop() } }
        let before = try fixture.version()
        let huge =
            Array(#"{"title":""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 200_000) + Array(#""}"#.utf8)
        let oversized = try await fixture.client.send("POST", "\(fixture.base)/projects", body: huge)
        #expect(oversized.status == 413)
        let deep = Array((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8)
        let nested = try await fixture.client.send("POST", "\(fixture.base)/projects", body: deep)
        #expect(nested.status == 400)
        let text = try await fixture.client.send(
            "POST", "\(fixture.base)/projects", body: Array("title=x".utf8), contentType: "text/plain")
        #expect(text.status == 415)
        let broken = try await fixture.client.send("POST", "\(fixture.base)/projects", body: Array("{\"title\":".utf8))
        #expect(broken.status == 400)
        #expect(try fixture.version() == before)
        #expect(try await fixture.client.get("/healthz").status == 200)
    }

    @Test func twoEditorsSplicingOneNoteFromTheSameVersionBothKeepTheirTyping() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let client = fixture.client
        let created = try await client.json(
            "POST", "\(fixture.base)/notes", ["title": "Huddle", "body": "Hello world"])
        let id = try #require(created.json["id"] as? String)
        let version = try #require(created.json["version"] as? String)
        let first = try await client.json(
            "POST", "\(fixture.base)/notes/\(id)/splices", ["base": version, "at": 5, "delete": 0, "insert": ","])
        #expect(first.json["body"] as? String == "Hello, world")
        // The second editor still had "Hello world" and typed "!" at its end.
        let second = try await client.json(
            "POST", "\(fixture.base)/notes/\(id)/splices", ["base": version, "at": 11, "delete": 0, "insert": "!"])
        #expect(second.status == 200, "\(second.text)")
        #expect(second.json["body"] as? String == "Hello, world!")
        let read = try await client.get("\(fixture.base)/notes/\(id)")
        #expect(read.json["body"] as? String == "Hello, world!")
    }

    @Test func aMeasuresPointsComeBackWithItsSignalsInWords() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let client = fixture.client
        let created = try await client.json(
            "POST", "\(fixture.base)/measures", ["name": "Falls", "type": "outcome", "direction": "lower-is-better"])
        let id = try #require(created.json["id"] as? String)
        let values = [9, 10, 8, 9, 11, 10, 9, 4, 3, 4, 3, 2, 3, 4]
        let points = values.enumerated().map { index, value in
            [
                "date": String(format: "2026-%02d-01", index % 12 + 1).replacingOccurrences(
                    of: "2026", with: index < 12 ? "2026" : "2027"), "value": value,
            ]
        }
        let added = try await client.json("POST", "\(fixture.base)/measures/\(id)/points", ["points": points])
        #expect(added.status == 201, "\(added.text)")
        let measure = try await client.get("\(fixture.base)/measures/\(id)")
        let analysis = try #require(measure.json["analysis"] as? [String: Any])
        let signals = try #require(analysis["signals"] as? [[String: Any]])
        #expect(signals.contains { ($0["sentence"] as? String)?.hasPrefix("Shift") == true }, "\(signals)")
        let xmr = try await client.get("\(fixture.base)/measures/\(id)?chart=xmr")
        #expect((xmr.json["analysis"] as? [String: Any])?["kind"] as? String == "xmr")
        let svg = try await client.get("\(fixture.base)/measures/\(id)/chart.svg")
        #expect(svg.header("content-type") == "image/svg+xml")
        #expect(svg.text.hasPrefix("<svg"))
        #expect(!svg.text.contains("<script"))
    }

    @Test func everyRouteIsInTheOpenAPIDocumentAndEveryDocumentedOperationIsServed() async throws {
        let data = Data(OpenAPIDocument.json.utf8)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let routed = Set(APIRoutes.all.map { "\($0.method) \($0.path)" })
        #expect(documented == routed)
        // Every route answers (not the router's own 404): a missing route would say only "Not Found".
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let zero = String(repeating: "0", count: 32)
        for route in APIRoutes.all where route.path != "/v1/events" {
            let path = route.path.replacingOccurrences(of: "{space}", with: "\(fixture.space)")
                .replacingOccurrences(of: "{id}", with: zero)
            let response = try await fixture.client.send(route.method, path, body: Array("{}".utf8))
            #expect(response.json["detail"] as? String != "Not Found", "\(route)")
            #expect(response.status != 405 && response.status < 500, "\(route): \(response.status) \(response.text)")
        }
    }

    @Test func searchFindsTextAndHistoryListsTheSignedChanges() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let project = try fixture.qi.createProject(ProjectDraft(title: "Hydration in care homes"))
        try fixture.qi.updateProject(project, ProjectDraft(aim: "More fluids"))
        let found = try await fixture.client.get("/v1/search?q=hydration")
        let items = try #require(found.json["items"] as? [[String: Any]])
        #expect(items.contains { $0["document"] as? String == "\(project)" })
        #expect(try await fixture.client.get("/v1/search").status == 400)
        let history = try await fixture.client.get("\(fixture.base)/documents/\(project)/history")
        let entries = try #require(history.json["items"] as? [[String: Any]])
        #expect(entries.count >= 2)
        #expect(entries.allSatisfy { $0["author"] as? String == "\(fixture.node.nodeID)" })
    }

    @Test func aWriteOnAFullDiskGets507SaysSoAndChangesNothing() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        try fixture.node.setReplicaSizeLimit(pages: 300)
        let aim = String(repeating: "Fewer falls in care homes by spring. ", count: 100)
        var refusal: HTTPTestResponse?
        for index in 0..<1_000 {
            let before = try fixture.version()
            let response = try await fixture.client.json(
                "POST", "\(fixture.base)/projects", ["title": "Project \(index)", "aim": aim])
            if response.status != 201 {
                refusal = response
                #expect(try fixture.version() == before)
                break
            }
        }
        let refused = try #require(refusal, "the size limit was never reached")
        #expect(refused.status == 507)
        #expect((refused.json["detail"] as? String)?.contains("the disk is full") == true)
        #expect(try await fixture.client.get("\(fixture.base)/projects").status == 200)
    }
}
