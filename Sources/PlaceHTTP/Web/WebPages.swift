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
        guard let html = library?.render(annotated(context), withTemplate: template) else {
            return html(
                "<!doctype html><title>Error</title><p>The page could not be drawn.</p>", status: .internalServerError)
        }
        return Self.html(html, status: status)
    }

    /// `context` with `<key>_any` beside every list (true when it has items), so a template can wrap
    /// a list's items in markup only when there are some (Mustache cannot ask a list's length).
    static func annotated(_ context: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, wrapped) in context {
            // An absent optional is left out, so `{{#x}}` is false and nothing prints "nil".
            guard let value = unwrapped(wrapped) else { continue }
            switch value {
            case let list as [[String: Any]]:
                result[key] = list.map(annotated)
                result[key + "_any"] = !list.isEmpty
            case let list as [Any]:
                result[key] = list
                result[key + "_any"] = !list.isEmpty
            case let dictionary as [String: Any]:
                result[key] = annotated(dictionary)
            default:
                result[key] = value
            }
        }
        return result
    }

    /// The value inside an `Optional` held as `Any`, or `nil` when it is empty.
    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        guard let inner = mirror.children.first?.value else { return nil }
        return unwrapped(inner)
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
