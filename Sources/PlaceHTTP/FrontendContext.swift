internal import Hummingbird
internal import NIOCore

/// What the frontend knows about a request while it is handled: who let it in.
struct FrontendContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The browser session it came with, when it came with one (not with a bearer token).
    var session: WebSession?
    /// Whether it carried the access token itself.
    var bearer = false
    /// The largest body Hummingbird's own decoders take (ours collect with their own limit).
    var maxUploadSize: Int { 1 << 20 }

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
    }
}
