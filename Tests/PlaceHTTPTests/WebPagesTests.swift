import Foundation
import PlaceQI
import PlaceSync
import Testing

@testable import PlaceHTTP

/// Every page renders for a logged-in browser, escapes what documents hold, and forms refuse bad input
/// beside the field without writing anything.
@Suite struct WebPagesTests {
    @Test func everyTemplateParsesAndAbsentValuesPrintNothing() {
        #expect(WebPages.library != nil)
        let none: String? = nil
        let context = WebPages.annotated(["a": none as Any, "list": [[String: Any]](), "b": "x"])
        #expect(context["a"] == nil)
        #expect(context["list_any"] as? Bool == false)
        #expect(context["b"] as? String == "x")
    }

    @Test func everyPageRendersAndEscapesDocumentText() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let qi = fixture.qi
        let project = try qi.createProject(ProjectDraft(title: "<script>alert(1)</script> Falls", aim: "Fewer falls"))
        let cycle = try qi.createPDSA(on: project, PDSADraft(title: "Cycle one"))
        let measure = try qi.createMeasure(
            MeasureDraft(name: "Falls", type: .outcome, direction: .lowerIsBetter), project: project)
        _ = try qi.addPoints(to: measure, [(try QIDate(parsing: "2026-01-01", field: "date"), 3, nil, false)])
        let note = try qi.createNote(title: "Huddle", body: "Agreed", project: project)
        let browser = try await fixture.browser()
        let space = "/s/\(fixture.space)"
        for path in [
            "/spaces", space, "\(space)/projects", "\(space)/projects?theme=other&q=falls", "\(space)/projects/new",
            "\(space)/projects/\(project)", "\(space)/projects/\(project)?chart=xmr",
            "\(space)/projects/\(project)/edit",
            "\(space)/pdsa/\(cycle)", "\(space)/notes/\(note)", "\(space)/people", "\(space)/report", "\(space)/sync",
        ] {
            let page = try await browser.get(path)
            #expect(page.status == 200, "\(path): \(page.status)")
            #expect(page.header("content-type") == "text/html; charset=utf-8", "\(path)")
            #expect(page.text.contains("<h1"), "\(path)")
            #expect(!page.text.contains("<script>alert"), "\(path) must escape document text")
            #expect(!page.text.contains(">nil<"), "\(path)")
        }
        let missing = try await browser.get("\(space)/projects/\(String(repeating: "0", count: 32))")
        #expect(missing.status == 404)
        #expect(missing.text.contains("<h1"))
    }

    @Test func aRefusedFormShowsTheMessageBesideTheFieldAndWritesNothing() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let project = try fixture.qi.createProject(ProjectDraft(title: "Falls"))
        let browser = try await fixture.browser()
        let before = try fixture.version()
        let csrf = try #require(browser.csrf)
        let form = "_csrf=\(csrf)&title=Call+Mrs+Smith+NHS+943+476+5919&status=planned"
        let refused = try await browser.send(
            "POST", "/s/\(fixture.space)/projects/\(project)/pdsa", body: Array(form.utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(refused.status == 422)
        #expect(refused.text.contains(#"id="c-title-err""#))
        #expect(refused.text.contains(#"aria-invalid="true""#))
        #expect(refused.text.contains(#"name="override""#))
        #expect(try fixture.version() == before)
        let overridden = try await browser.send(
            "POST", "/s/\(fixture.space)/projects/\(project)/pdsa",
            body: Array((form + "&override=a+test+number+from+the+NHS+docs").utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(overridden.status == 303)
        #expect(try fixture.version() != before)
    }

    @Test func aMeasureIsAddedFromTheProjectPageAndABadOneIsRefusedBesideItsField() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let project = try fixture.qi.createProject(ProjectDraft(title: "Falls"))
        let browser = try await fixture.browser()
        let csrf = try #require(browser.csrf)
        let path = "/s/\(fixture.space)/projects/\(project)/measures"
        let before = try fixture.version()
        let refused = try await browser.send(
            "POST", path, body: Array("_csrf=\(csrf)&name=&type=outcome&direction=lower-is-better&target=lots".utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(refused.status == 422)
        #expect(refused.text.contains(#"id="m-target-err""#) || refused.text.contains(#"id="m-name-err""#))
        #expect(try fixture.version() == before)
        let added = try await browser.send(
            "POST", path,
            body: Array(
                "_csrf=\(csrf)&name=Falls+per+month&type=outcome&direction=lower-is-better&unit=per+month&target=3".utf8
            ),
            contentType: "application/x-www-form-urlencoded")
        #expect(added.status == 303)
        let measures = try fixture.qi.measures(of: project)
        #expect(measures.map { $0.name.value } == ["Falls per month"])
        #expect(measures.first?.target.value == 3)
        let page = try await browser.get("/s/\(fixture.space)/projects/\(project)")
        #expect(page.text.contains("Falls per month"))
    }
}
