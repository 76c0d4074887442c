internal import Foundation
internal import Synchronization

/// A logged-in browser: its session id (the cookie's value) and the CSRF token its forms and scripts
/// send back with every state-changing request.
struct WebSession: Sendable, Hashable {
    /// The cookie's value: 32 random bytes in hex.
    var id: String
    /// The anti-forgery token: 32 random bytes in hex, different from the id.
    var csrf: String
    /// When it stops being accepted (seconds since 1970).
    var expires: Double
}

/// The web sessions the frontend holds, in memory only (a restart logs everyone out, which is the
/// safe direction). Bounded: the oldest session goes when the limit is reached.
final class WebSessions: Sendable {
    /// The cookie's name.
    static let cookieName = "placesync_session"

    private let state = Mutex<[String: WebSession]>([:])
    private let lifetime: Double
    private let limit: Int
    private let now: @Sendable () -> Double

    init(lifetime: Duration, limit: Int, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.lifetime = Double(lifetime.components.seconds)
        self.limit = max(1, limit)
        self.now = now
    }

    /// Starts a session.
    func start() -> WebSession {
        let session = WebSession(id: Self.randomHex(), csrf: Self.randomHex(), expires: now() + lifetime)
        state.withLock { sessions in
            let time = now()
            sessions = sessions.filter { $0.value.expires > time }
            while sessions.count >= limit, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                sessions[oldest.key] = nil
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this cookie value, if any. Ids are 256 random bits, so the lookup's timing
    /// tells an attacker nothing usable.
    func session(for cookie: String) -> WebSession? {
        let time = now()
        return state.withLock { sessions in
            guard let found = sessions[cookie] else { return nil }
            guard found.expires > time else {
                sessions[cookie] = nil
                return nil
            }
            return found
        }
    }

    /// Ends a session.
    func end(_ id: String) { _ = state.withLock { $0.removeValue(forKey: id) } }

    /// 32 random bytes in hex.
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The session cookie's value from a `Cookie` header.
    static func cookieValue(in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(cookieName + "=") { return String(pair.dropFirst(cookieName.count + 1)) }
        }
        return nil
    }
}
