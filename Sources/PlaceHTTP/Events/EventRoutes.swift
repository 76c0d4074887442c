internal import HTTPTypes
internal import Hummingbird
internal import NIOCore
internal import ServiceLifecycle

extension HTTPFrontend {
    static let lastEventIDHeader = HTTPField.Name("Last-Event-ID")!

    /// `GET /v1/events`: server-sent events — `document` (a document changed: space, document,
    /// origin), `sync` (a peer's state changed), `membership`, `replica`, `reset` — with heartbeat
    /// comments while idle. Resume with `Last-Event-ID` (or `?lastEventId=`).
    func addEventRoutes(to router: Router<FrontendContext>) {
        router.get("/v1/events") { request, _ in
            let sent =
                request.headers[Self.lastEventIDHeader] ?? request.uri.queryParameters["lastEventId"].map(String.init)
            let lastID = sent.flatMap { UInt64($0) }
            guard let (stream, end) = self.events.subscription(after: lastID) else {
                throw Problem(.serviceUnavailable, "too many event streams are open; try again later")
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                    // The stream ends when the server shuts down, so an open browser cannot hold it up.
                    try await withGracefulShutdownHandler {
                        for await event in stream {
                            try await writer.write(ByteBuffer(string: event.wireText))
                        }
                    } onGracefulShutdown: {
                        end()
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
