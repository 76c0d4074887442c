/// How the HTTP frontend serves: where, with which token, and its limits.
public struct HTTPFrontendConfiguration: Sendable {
    /// The host to bind (default `127.0.0.1`: this machine only).
    public var host = "127.0.0.1"
    /// The port (0: any free port; the frontend reports the one it got).
    public var port = 7462
    /// The token API clients send as `Authorization: Bearer` and people type once to log in.
    public var token: AccessToken
    /// Refuse every state-changing request (403): the API and the pages only read. Default: off — the
    /// Sharing Space is where people edit, and the token (or a logged-in session) is what lets them.
    public var readOnly = false
    /// The largest request body taken, in bytes (a larger one gets 413 and changes nothing).
    public var maxBodyBytes = 1 << 20
    /// The deepest nesting of arrays and objects a JSON body may have.
    public var maxJSONDepth = 32
    /// How long a web session lasts after login.
    public var sessionLifetime: Duration = .seconds(12 * 3_600)
    /// How many web sessions are held at once (the oldest goes first).
    public var maxSessions = 1_000
    /// How many live-event streams may be open at once.
    public var maxEventStreams = 256
    /// How many events wait for one slow stream before that stream is dropped.
    public var eventBufferPerStream = 256
    /// How many recent events are kept for `Last-Event-ID` resumption.
    public var eventHistory = 1_024
    /// How often an idle event stream gets a heartbeat comment.
    public var eventHeartbeat: Duration = .seconds(15)
    /// How often peers' sync status is read for the `sync` events.
    public var syncStatusInterval: Duration = .seconds(2)

    /// Serves with `token` on the default loopback address.
    public init(token: AccessToken) { self.token = token }

    /// Whether `host` reaches only this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
