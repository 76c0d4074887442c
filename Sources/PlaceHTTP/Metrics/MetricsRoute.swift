internal import HTTPTypes
internal import Hummingbird
internal import NIOCore
internal import Prometheus

extension HTTPFrontend {
    /// `GET /metrics`: the process's metrics in the Prometheus text format (token or session needed).
    func addMetricsRoute(to router: Router<FrontendContext>) {
        router.get("/metrics") { _, _ in
            guard let registry = self.metrics else {
                throw Problem(.notFound, "this node was started without metrics")
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
