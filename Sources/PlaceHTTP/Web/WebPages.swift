internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import Mustache
internal import NIOCore

/// Renders the web pages from ``Templates``.
enum WebPages {
    /// The templates, parsed once. A template that does not parse is a build-time mistake; the tests
    /// render every page, and a failure here shows as an error page rather than a crash.
    static let library: MustacheLibrary? = {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            do { try library.register(text, named: name) } catch { return nil }
        }
        return library
    }()

    /// `template` rendered with `context` as an HTML response.
    static func render(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        guard let html = library?.render(context, withTemplate: template) else {
            return html(
                "<!doctype html><title>Error</title><p>The page could not be drawn.</p>", status: .internalServerError)
        }
        return Self.html(html, status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func loginPage(message: String?) -> Response {
        render("login", ["message": message as Any])
    }

    static func errorPage(_ problem: Problem) -> Response {
        render(
            "error", ["title": problem.title, "detail": problem.detail],
            status: HTTPResponse.Status(code: problem.status))
    }

    /// A 303 redirect (after a form was taken).
    static func redirect(to location: String, cookie: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}
