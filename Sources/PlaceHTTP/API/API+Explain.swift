internal import Hummingbird
internal import PlaceBinary
internal import PlaceQI
internal import PlaceSync

/// `GET /v1/spaces/{space}/explain[?document=ID]`: why a space is not (yet) in sync here — what `placesync explain`
/// prints, as data, with the members' attestations (delivery receipts, gaps, withholding).
extension HTTPFrontend {
    func addExplainRoutes(to router: Router<FrontendContext>) {
        router.get("/v1/spaces/{space}/explain") { request, context in
            let qi = try await self.qi(context)
            var document: DocumentID?
            if let text = request.uri.queryParameters["document"].map(String.init) {
                guard text.count == 32, let bytes = Hex.bytes(text), let id = DocumentID(bytes: bytes) else {
                    throw Problem(.badRequest, "document is a 32-hex-digit id", field: "document")
                }
                document = id
            }
            let explanation = try await self.offload { [document] in try qi.node.explain(qi.space, document: document) }
            return try JSONResponse.make(ExplanationJSON(explanation), for: request)
        }
    }
}

/// A ``SyncExplanation`` as the API sends it.
struct ExplanationJSON: Codable, Sendable {
    struct Waiting: Codable, Sendable {
        var author: String?
        var seq: UInt64
        var envelopes: Int
        var heldBy: [String]
    }
    struct Refusal: Codable, Sendable {
        var author: String?
        var seq: UInt64?
        var reason: String
        var source: String
        var at: Double
    }
    struct Peer: Codable, Sendable {
        var key: String
        var connected: Bool
        var lastContact: Double?
        var lastError: String?
        var peerLacks: UInt64
        var weLack: UInt64
    }
    struct Attested: Codable, Sendable {
        var node: String
        var role: String
        var issuedAt: Double
        var receivedAt: Double
        var lacks: UInt64
        var ahead: UInt64
    }
    struct Gap: Codable, Sendable {
        var author: String
        var held: UInt64
        var attested: UInt64
        var attestedBy: [String]
        var since: Double
        var suspected: Bool
    }
    struct Withheld: Codable, Sendable {
        var peer: String
        var author: String
        var attested: UInt64
        var claimed: UInt64
        var at: Double
    }
    struct Delivery: Codable, Sendable {
        var otherMembers: Int
        var attestations: [Attested]
        var gaps: [Gap]
        var withheld: [Withheld]
    }

    var space: String
    var sentences: [String]
    var waiting: [Waiting]
    var refusals: [Refusal]
    var peers: [Peer]
    var missingKeyEpoch: UInt64?
    var keyFrom: [String]
    var delivery: Delivery

    init(_ explanation: SyncExplanation) {
        space = "\(explanation.space)"
        sentences = explanation.sentences
        waiting = explanation.waiting.map {
            Waiting(author: $0.author.map { "\($0)" }, seq: $0.seq, envelopes: $0.envelopes, heldBy: $0.heldBy)
        }
        refusals = explanation.refusals.map {
            Refusal(author: $0.author.map { "\($0)" }, seq: $0.seq, reason: $0.reason, source: $0.source, at: $0.at)
        }
        peers = explanation.peers.map { peer in
            let lag = peer.spaces.first { $0.space == explanation.space }
            return Peer(
                key: peer.key, connected: peer.connected, lastContact: peer.lastContact, lastError: peer.lastError,
                peerLacks: lag?.peerLacks ?? 0, weLack: lag?.weLack ?? 0)
        }
        missingKeyEpoch = explanation.missingKeyEpoch
        keyFrom = explanation.keyFrom.map { "\($0)" }
        let report = explanation.delivery
        delivery = Delivery(
            otherMembers: report.otherMembers,
            attestations: report.attestations.map {
                Attested(
                    node: "\($0.node)", role: "\($0.role)", issuedAt: $0.issuedAt, receivedAt: $0.receivedAt,
                    lacks: $0.lacks, ahead: $0.ahead)
            },
            gaps: report.gaps.map {
                Gap(
                    author: "\($0.author)", held: $0.held, attested: $0.attested,
                    attestedBy: $0.attestedBy.map { "\($0)" }, since: $0.since, suspected: $0.suspected)
            },
            withheld: report.withheld.map {
                Withheld(
                    peer: "\($0.peer)", author: "\($0.author)", attested: $0.attested, claimed: $0.claimed, at: $0.at)
            })
    }
}
