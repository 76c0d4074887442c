internal import Hummingbird
internal import PlaceQI
internal import PlaceSync

extension HTTPFrontend {
    func addProjectRoutes(to router: Router<FrontendContext>) {
        router.get("/v1/spaces/{space}/projects") { request, context in
            let qi = try await self.qi(context)
            let filter = try Self.projectFilter(request.uri.queryParameters)
            let projects = filter.apply(
                to: try await self.projects(qi), organisations: try await self.organisations(qi))
            return try JSONResponse.make(
                try Page(projects.map(ProjectSummaryJSON.init), request: request), for: request)
        }
        router.post("/v1/spaces/{space}/projects") { request, context in
            let qi = try await self.qi(context)
            let input = try await self.limits.json(ProjectInput.self, from: request)
            let draft = try input.draft()
            let project = try await self.offload {
                try qi.project(try qi.createProject(draft, override: input.override.pidOverride))
            }
            return try JSONResponse.make(ProjectJSON(project), for: request, status: .created)
        }
        router.get("/v1/spaces/{space}/projects/{id}") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            return try JSONResponse.make(ProjectJSON(try await self.offload { try qi.project(id) }), for: request)
        }
        router.patch("/v1/spaces/{space}/projects/{id}") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let input = try await self.limits.json(ProjectInput.self, from: request)
            let draft = try input.draft()
            let project = try await self.offload {
                try qi.updateProject(id, draft, override: input.override.pidOverride)
                return try qi.project(id)
            }
            return try JSONResponse.make(ProjectJSON(project), for: request)
        }
        router.post("/v1/spaces/{space}/projects/{id}/spread") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let input = try await self.limits.json(SpreadInput.self, from: request)
            let stage = try SpreadStage.parse(input.stage, field: "stage")
            let date = try QIDate(parsing: input.date, field: "date")
            let project = try await self.offload {
                try qi.setSpread(of: id, to: input.organisation, stage: stage, on: date)
                return try qi.project(id)
            }
            return try JSONResponse.make(ProjectJSON(project), for: request)
        }
        router.get("/v1/spaces/{space}/pdsa") { request, context in
            let qi = try await self.qi(context)
            let project = try Self.optionalDocumentID(
                request.uri.queryParameters["project"].map(String.init), field: "project")
            let cycles = try await self.offload { try qi.pdsaCycles(of: project) }
            return try JSONResponse.make(try Page(cycles.map(PDSAJSON.init), request: request), for: request)
        }
        router.post("/v1/spaces/{space}/pdsa") { request, context in
            let qi = try await self.qi(context)
            let input = try await self.limits.json(PDSAInput.self, from: request)
            guard let project = try Self.optionalDocumentID(input.project, field: "project") else {
                throw Problem(.unprocessableContent, "a PDSA cycle belongs to a project: send its id", field: "project")
            }
            let draft = try input.draft()
            let cycle = try await self.offload {
                try qi.pdsa(try qi.createPDSA(on: project, draft, override: input.override.pidOverride))
            }
            return try JSONResponse.make(PDSAJSON(cycle), for: request, status: .created)
        }
        router.get("/v1/spaces/{space}/pdsa/{id}") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            return try JSONResponse.make(PDSAJSON(try await self.offload { try qi.pdsa(id) }), for: request)
        }
        router.patch("/v1/spaces/{space}/pdsa/{id}") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let input = try await self.limits.json(PDSAInput.self, from: request)
            let draft = try input.draft()
            let cycle = try await self.offload {
                try qi.updatePDSA(id, draft, override: input.override.pidOverride)
                return try qi.pdsa(id)
            }
            return try JSONResponse.make(PDSAJSON(cycle), for: request)
        }
    }

    /// The project filter a query gives (`theme`, `status`, `organisation`, `spread`, `q`).
    static func projectFilter(_ query: Parameters) throws -> ProjectFilter {
        return ProjectFilter(
            theme: try query.filled("theme").map { try ProjectTheme.parse($0, field: "theme") },
            status: try query.filled("status").map { try ProjectStatus.parse($0, field: "status") },
            organisation: query.filled("organisation"),
            spreadStage: try query.filled("spread").map { try SpreadStage.parse($0, field: "spread") },
            text: query.filled("q"))
    }
}
