internal import Foundation
internal import Hummingbird
internal import PlaceCrypto
internal import PlaceQI
internal import PlaceSync

/// A page's template values, carried out of the blocking queue where they were read. They are plain
/// values (strings, numbers, arrays and dictionaries of them) made fresh for one request and never
/// shared, so handing them across is safe though `Any` is not `Sendable`.
struct PageValues: @unchecked Sendable {
    var values: [String: Any]
}

/// What every page's context holds, and the helpers the page routes share.
extension HTTPFrontend {
    /// Reads a page's values off the cooperative pool.
    func offloadPage(_ work: @escaping @Sendable () throws -> [String: Any]) async throws -> [String: Any] {
        try await offload { PageValues(values: try work()) }.values
    }

    /// The context every page starts from: the session's CSRF token, the space and its nav entry,
    /// and the sync dot.
    func pageContext(_ context: FrontendContext, space: SpaceInfo?, nav: String) async throws -> [String: Any] {
        var page: [String: Any] = ["nav": [nav: true]]
        if let csrf = context.session?.csrf { page["csrf"] = csrf }
        if let space { page["space"] = ["id": "\(space.id)", "name": space.name] }
        let summary = try await syncSummary()
        page["syncClass"] = summary.cssClass
        page["syncHeadline"] = summary.headline
        page["syncDetail"] = summary.detail
        return page
    }

    /// The space the page's `{space}` names, with its QI view.
    func pageSpace(_ context: FrontendContext) async throws -> (SpaceInfo, QISpace) {
        let qi = try await self.qi(context)
        let info = try await offload { try qi.node.spaces().first { $0.id == qi.space } }
        guard let info else { throw Problem(.notFound, "this node holds no such space") }
        return (info, qi)
    }

    /// The form a page posted, after checking its CSRF token against the session's.
    func readForm(_ request: Request, _ context: FrontendContext) async throws -> [String: String] {
        let form = try await limits.form(from: request)
        guard let session = context.session, let sent = form["_csrf"],
            constantTimeEquals(Array(sent.utf8), Array(session.csrf.utf8))
        else {
            throw Problem(
                .forbidden,
                "the form was not sent from this Sharing Space's page (missing or stale CSRF token); reload the page and try again"
            )
        }
        return form
    }

    /// "Is everything synced?" in one line, a sentence more, and a CSS class (ok, busy, warn).
    struct SyncSummary {
        var headline: String
        var detail: String
        var cssClass: String
    }

    func syncSummary() async throws -> SyncSummary {
        let (peers, pending) = try await offload { (try self.node.peerStatuses(), try self.node.pendingCount()) }
        let connected = peers.filter(\.connected)
        let toSend = connected.flatMap(\.spaces).reduce(UInt64(0)) { $0 + $1.peerLacks }
        let toReceive = connected.flatMap(\.spaces).reduce(UInt64(0)) { $0 + $1.weLack }
        let waiting =
            pending > 0 ? " \(pending) received change\(pending == 1 ? "" : "s") wait for what they depend on." : ""
        if peers.isEmpty {
            return SyncSummary(
                headline: "Working on this machine only",
                detail:
                    "No peer is configured yet. Your changes are kept here and sync once a peer or hub is connected.",
                cssClass: "warn")
        }
        if connected.isEmpty {
            let error = peers.compactMap(\.lastError).first.map { " Last error: \($0)." } ?? ""
            return SyncSummary(
                headline: "Offline",
                detail:
                    "None of \(peers.count) peer\(peers.count == 1 ? " is" : "s are") reachable now; changes are kept and sync on reconnection.\(error)\(waiting)",
                cssClass: "warn")
        }
        if toSend == 0, toReceive == 0, pending == 0 {
            return SyncSummary(
                headline: "Everything is synced",
                detail:
                    "Connected to \(connected.count) of \(peers.count) peer\(peers.count == 1 ? "" : "s"); nothing waits either way.",
                cssClass: "ok")
        }
        return SyncSummary(
            headline: "Syncing",
            detail: "\(toSend) change\(toSend == 1 ? "" : "s") to send, \(toReceive) to receive.\(waiting)",
            cssClass: "busy")
    }

    /// Today's date as QI records write it.
    var today: String {
        String(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: node.configuration.now())).prefix(10))
    }

    /// A time as "5 minutes ago".
    static func ago(_ time: Double, now: Double) -> String {
        let seconds = max(0, now - time)
        switch seconds {
        case ..<60: return "just now"
        case ..<3_600: return "\(Int(seconds / 60)) min ago"
        case ..<86_400: return "\(Int(seconds / 3_600)) h ago"
        default: return "\(Int(seconds / 86_400)) days ago"
        }
    }

    /// A vocabulary as select options, `selected` marked.
    static func options<V: QIVocabulary>(_ type: V.Type, selected: String?) -> [[String: Any]] {
        V.allCases.map { value in
            ["value": value.rawValue, "label": label(value.rawValue), "selected": value.rawValue == selected]
        }
    }

    /// `frailty-and-dementia` as "Frailty and dementia".
    static func label(_ raw: String) -> String {
        let words = raw.split(separator: "-").map { acronyms[String($0)] ?? String($0) }.joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Words the vocabulary writes in lower case that people write in capitals.
    static let acronyms = ["pcn": "PCN", "qi": "QI", "pdsa": "PDSA", "spc": "SPC"]

    /// The field errors a QI error gives, keyed by the form's field names.
    static func fieldErrors(_ error: any Error, fieldNames: [String: String] = [:]) -> (
        errors: [String: String], message: String?, pid: Bool
    ) {
        let problem = Problem.from(error)
        guard problem.status == 422 || problem.status == 400 || problem.status == 404 else {
            return ([:], problem.detail, false)
        }
        let pid = (error as? QIError)?.code == .patientIdentifiableData
        guard let field = problem.field else { return ([:], problem.detail, pid) }
        let name = fieldNames[field] ?? field
        return ([name: problem.detail], nil, pid)
    }
}
