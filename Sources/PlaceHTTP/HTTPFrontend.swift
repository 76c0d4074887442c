internal import Glibc
internal import Hummingbird
internal import NIOCore
internal import PlaceQI
public import PlaceSync
public import Prometheus

/// The HTTP frontend of a node: the JSON API under `/v1` (with its OpenAPI document), live events,
/// Prometheus metrics, and the web Sharing Space — all reading and writing the node's replica through
/// PlaceQI; it holds no QI rules of its own.
///
/// ```swift
/// let (token, _) = try AccessToken.loadOrCreate(at: node.directory + "/http.token")
/// let frontend = HTTPFrontend(node: node, configuration: HTTPFrontendConfiguration(token: token))
/// let service = frontend.application(logger: logger) { port in print("http://127.0.0.1:\(port)/") }
/// // run `service` in the daemon's ServiceGroup
/// ```
public struct HTTPFrontend: Sendable {
    /// The node served.
    public let node: Node
    /// Where and how it serves.
    public let configuration: HTTPFrontendConfiguration
    let sessions: WebSessions
    let events: EventBroadcaster
    let versions = NoteVersions()
    let cache: ReadCache
    let limits: BodyLimits
    let metrics: PrometheusCollectorRegistry?

    /// A frontend for `node`; `metrics`: the registry `/metrics` exposes (the one the process
    /// bootstrapped swift-metrics with), or `nil` for none.
    public init(node: Node, configuration: HTTPFrontendConfiguration, metrics: PrometheusCollectorRegistry? = nil) {
        self.node = node
        self.configuration = configuration
        self.metrics = metrics
        sessions = WebSessions(lifetime: configuration.sessionLifetime, limit: configuration.maxSessions)
        events = EventBroadcaster(node: node, configuration: configuration)
        cache = ReadCache(node: node)
        limits = BodyLimits(maxBytes: configuration.maxBodyBytes, maxDepth: configuration.maxJSONDepth)
    }

    /// The server, as a service to run (in the daemon's service group); `onListening` gets the port
    /// once it is bound.
    public func application(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some Service
    {
        let application = Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "placesyncd"),
            services: [events],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        return FrontendService(application: application, address: "\(configuration.host):\(configuration.port)")
    }

    /// Every route, behind the middleware.
    func router() -> Router<FrontendContext> {
        let router = Router(context: FrontendContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(errorPage: { WebPages.errorPage($0) }))
        router.add(
            middleware: AuthMiddleware(token: configuration.token, sessions: sessions, readOnly: configuration.readOnly)
            {
                message in
                WebPages.loginPage(message: message)
            })
        router.get("/healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        addAPIRoutes(to: router)
        addEventRoutes(to: router)
        addMetricsRoute(to: router)
        addWebRoutes(to: router)
        return router
    }

    /// Runs blocking replica work off the cooperative pool.
    func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Node.offloaded(work)
    }
}

/// The server as a service, saying plainly when its address is taken.
struct FrontendService<Wrapped: Service>: Service {
    let application: Wrapped
    let address: String

    func run() async throws {
        do {
            try await application.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw HTTPFrontendError(
                "the HTTP frontend cannot listen on \(address): another program (another placesyncd?) uses it. Give this node another address with --http 127.0.0.1:<port>, or --http \"\" for none"
            )
        }
    }
}
