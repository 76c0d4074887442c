internal import Foundation
internal import Hummingbird
internal import PlaceBinary
internal import PlaceQI
internal import PlaceSync

/// The JSON API's routes, as the OpenAPI document lists them (a test checks the two agree).
enum APIRoutes {
    /// Every API route: method and path, with `{name}` for a path parameter.
    static let all: [(method: String, path: String)] = [
        ("GET", "/v1/openapi.json"), ("GET", "/v1/spaces"), ("GET", "/v1/spaces/{space}/members"),
        ("POST", "/v1/spaces/{space}/invites"), ("GET", "/v1/spaces/{space}/projects"),
        ("POST", "/v1/spaces/{space}/projects"), ("GET", "/v1/spaces/{space}/projects/{id}"),
        ("PATCH", "/v1/spaces/{space}/projects/{id}"), ("POST", "/v1/spaces/{space}/projects/{id}/spread"),
        ("GET", "/v1/spaces/{space}/pdsa"), ("POST", "/v1/spaces/{space}/pdsa"),
        ("GET", "/v1/spaces/{space}/pdsa/{id}"),
        ("PATCH", "/v1/spaces/{space}/pdsa/{id}"), ("GET", "/v1/spaces/{space}/measures"),
        ("POST", "/v1/spaces/{space}/measures"), ("GET", "/v1/spaces/{space}/measures/{id}"),
        ("GET", "/v1/spaces/{space}/measures/{id}/chart.svg"), ("POST", "/v1/spaces/{space}/measures/{id}/points"),
        ("GET", "/v1/spaces/{space}/notes"), ("POST", "/v1/spaces/{space}/notes"),
        ("GET", "/v1/spaces/{space}/notes/{id}"), ("POST", "/v1/spaces/{space}/notes/{id}/splices"),
        ("GET", "/v1/spaces/{space}/people"), ("GET", "/v1/spaces/{space}/organisations"),
        ("GET", "/v1/spaces/{space}/report"), ("GET", "/v1/spaces/{space}/documents/{id}/history"),
        ("GET", "/v1/spaces/{space}/explain"), ("GET", "/v1/search"), ("GET", "/v1/sync"), ("GET", "/v1/events"),
    ]
}

extension HTTPFrontend {
    func addAPIRoutes(to router: Router<FrontendContext>) {
        router.get("/v1/openapi.json") { request, _ in
            JSONResponse.bytes(Array(OpenAPIDocument.json.utf8), contentType: "application/json", for: request)
        }
        router.get("/v1/spaces") { request, _ in
            let spaces = try await self.spaceList()
            return try JSONResponse.make(["spaces": spaces], for: request)
        }
        router.get("/v1/spaces/{space}/members") { request, context in
            let qi = try await self.qi(context)
            let members = try await self.offload { try qi.node.members(in: qi.space) }
            return try JSONResponse.make(
                ["members": members.map { MemberJSON(node: "\($0.node)", role: "\($0.role)", name: $0.displayName) }],
                for: request)
        }
        router.post("/v1/spaces/{space}/invites") { request, context in
            let qi = try await self.qi(context)
            let input = try await self.limits.json(InviteInput.self, from: request)
            guard let role = MemberRole.allCases.first(where: { "\($0)" == input.role.lowercased() }), role != .relay
            else {
                throw Problem(
                    .unprocessableContent, "role \"\(input.role)\" is not one a person can be invited as",
                    field: "role",
                    allowed: ["admin", "writer", "reader"])
            }
            let hours = input.validForHours ?? 72
            guard hours > 0, hours <= 720 else {
                throw Problem(
                    .unprocessableContent, "validForHours must be more than 0 and at most 720", field: "validForHours")
            }
            let text = try await self.offload {
                try qi.node.createInvite(to: qi.space, role: role, validFor: hours * 3_600)
            }
            return try JSONResponse.make(["invite": text], for: request, status: .created)
        }
        router.get("/v1/search") { request, _ in
            guard let text = request.uri.queryParameters["q"].map(String.init), !text.isEmpty else {
                throw Problem(.badRequest, "say what to search for: ?q=words", field: "q")
            }
            guard text.count <= 200 else { throw Problem(.badRequest, "at most 200 characters", field: "q") }
            let hits = try await self.offload { try self.node.search(text, limit: 100) }
            let items = hits.map {
                SearchHitJSON(space: "\($0.space)", document: "\($0.document)", title: $0.title, excerpt: $0.excerpt)
            }
            return try JSONResponse.make(try Page(items, request: request), for: request)
        }
        router.get("/v1/sync") { request, _ in
            try JSONResponse.make(try await self.syncState(), for: request)
        }
        router.get("/v1/spaces/{space}/documents/{id}/history") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let entries = try await self.offload { try AuditExport.history(of: id, node: qi.node, space: qi.space) }
            return try JSONResponse.make(try Page(entries, request: request), for: request)
        }
        addProjectRoutes(to: router)
        addExplainRoutes(to: router)
        addMeasureRoutes(to: router)
        addNoteRoutes(to: router)
        addDirectoryRoutes(to: router)
    }

    /// The spaces this node holds, with what it may do in each.
    func spaceList() async throws -> [SpaceJSON] {
        try await offload {
            try self.node.spaces().map { space in
                let status = try self.node.status(of: space.id)
                return SpaceJSON(
                    id: "\(space.id)", name: space.name, role: status.role.map { "\($0)" }, canWrite: status.canWrite,
                    canRead: status.canRead,
                    explanation: status.explanation.isEmpty
                        ? (status.canWrite ? "reads and writes" : status.canRead ? "reads" : "holds the space")
                        : status.explanation)
            }
        }
    }

    /// The node's sync state.
    func syncState() async throws -> SyncJSON {
        let spaces = try await spaceList()
        return try await offload {
            SyncJSON(
                node: "\(self.node.nodeID)", pending: try self.node.pendingCount(),
                peers: try self.node.peerStatuses().map(PeerJSON.init), spaces: spaces)
        }
    }

    /// The QI space the request's `{space}` names (hex id), which this node must hold.
    func qi(_ context: FrontendContext) async throws -> QISpace {
        let text = try context.parameters.require("space")
        guard text.count == 32, let bytes = Hex.bytes(text), let space = SpaceID(bytes: bytes) else {
            throw Problem(.notFound, "no space \(text) here (a space is named by its 32-hex-digit id)", field: "space")
        }
        let held = try await offload { try self.node.status(of: space).held }
        guard held else { throw Problem(.notFound, "this node holds no space \(text)", field: "space") }
        return QISpace(node: node, space: space)
    }

    /// The document the request's `{id}` names.
    static func documentID(_ context: FrontendContext) throws -> DocumentID {
        let text = try context.parameters.require("id")
        guard let id = DocumentID(hex: text) else {
            throw Problem(.notFound, "no document \(text) (a document is named by its 32-hex-digit id)", field: "id")
        }
        return id
    }

    /// A document id from a query parameter or body field, if given.
    static func optionalDocumentID(_ text: String?, field: String) throws -> DocumentID? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = DocumentID(hex: text) else {
            throw Problem(.unprocessableContent, "\(field) must be a 32-hex-digit document id", field: field)
        }
        return id
    }
}
