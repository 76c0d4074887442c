internal import HTTPTypes
internal import Hummingbird
internal import Logging

/// Adds the headers every response carries — a strict Content-Security-Policy (this origin only, no
/// inline script or style), no sniffing, no framing, no referrer to other sites — and turns an error thrown anywhere
/// below into a problem document (API paths) or an error page (web pages).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = FrontendContext

    let errorPage: @Sendable (Problem) -> Response

    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            let path = request.uri.path
            response = AuthMiddleware.isAPI(path) || path.hasPrefix("/healthz") ? problem.response : errorPage(problem)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        // Same-origin only: the browser still sends its Origin on form posts (checked against CSRF), and no
        // address of this node's pages leaves for another site.
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
