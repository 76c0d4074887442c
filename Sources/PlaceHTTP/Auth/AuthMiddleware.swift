internal import HTTPTypes
internal import Hummingbird
internal import PlaceCrypto

/// Lets a request in only with the access token (`Authorization: Bearer`) or a live web session; a
/// state-changing request that came with a session must also carry the session's CSRF token (the API:
/// the `X-CSRF-Token` header; forms: the `_csrf` field, checked where the form is read) and, when the
/// browser says where it came from, come from this origin. Everything else gets 401 and learns
/// nothing: API paths a problem document, a page a redirect to the login form. Open without a token:
/// `/healthz`, the login form, and `/assets/` (the same CSS and script in every install).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = FrontendContext

    let token: AccessToken
    let sessions: WebSessions
    let readOnly: Bool
    let loginPage: @Sendable (_ message: String?) -> Response

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if readOnly, !Self.isSafe(request.method), path != "/login", path != "/logout" {
            let problem = Problem(.forbidden, "this node serves its replica read-only over HTTP (--http-read-only)")
            return Self.isAPI(path) ? problem.response : WebPages.errorPage(problem)
        }
        if Self.isOpen(path) { return try await next(request, context) }
        var context = context
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), token.matches(authorization.dropFirst(7)) else {
                return unauthorized(path, expired: false)
            }
            context.bearer = true
            return try await next(request, context)
        }
        let cookie = WebSessions.cookieValue(in: request.headers[.cookie])
        guard let cookie, let session = sessions.session(for: cookie) else {
            // A browser asking for a page is sent to the login form (which says nothing of the node).
            if request.method == .get, !Self.isAPI(path) {
                return WebPages.redirect(to: cookie == nil ? "/login" : "/login?expired=1")
            }
            return unauthorized(path, expired: cookie != nil)
        }
        if !Self.isSafe(request.method) {
            if let origin = request.headers[.origin], !Self.sameOrigin(origin, host: request.head.authority) {
                let problem = Problem(.forbidden, "the request came from another site (\(origin)); nothing was changed")
                return Self.isAPI(path) ? problem.response : WebPages.errorPage(problem)
            }
            if Self.isAPI(path) {
                guard let sent = request.headers[Self.csrfHeader],
                    constantTimeEquals(Array(sent.utf8), Array(session.csrf.utf8))
                else {
                    return Problem(
                        .forbidden, "a request made with a session cookie must carry the page's X-CSRF-Token header"
                    ).response
                }
            }
        }
        context.session = session
        return try await next(request, context)
    }

    private func unauthorized(_ path: String, expired: Bool) -> Response {
        if Self.isAPI(path) {
            var response = Problem(.unauthorized, "send the access token: Authorization: Bearer <token>").response
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        var response = loginPage(expired ? "Your session has ended. Log in again." : nil)
        response.status = .unauthorized
        return response
    }

    static func isOpen(_ path: String) -> Bool { path == "/healthz" || path == "/login" || path.hasPrefix("/assets/") }

    static func isAPI(_ path: String) -> Bool { path.hasPrefix("/v1/") || path == "/v1" || path == "/metrics" }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool { method == .get || method == .head || method == .options }

    /// Whether an `Origin` header names the host the request was sent to.
    static func sameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}
