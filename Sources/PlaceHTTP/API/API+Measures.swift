internal import Hummingbird
internal import PlaceQI
internal import PlaceSync

extension HTTPFrontend {
    func addMeasureRoutes(to router: Router<FrontendContext>) {
        router.get("/v1/spaces/{space}/measures") { request, context in
            let qi = try await self.qi(context)
            let project = try Self.optionalDocumentID(
                request.uri.queryParameters["project"].map(String.init), field: "project")
            let measures = try await self.offload { try qi.measures(of: project) }
            return try JSONResponse.make(
                try Page(measures.map { MeasureJSON($0, analysis: nil) }, request: request), for: request)
        }
        router.post("/v1/spaces/{space}/measures") { request, context in
            let qi = try await self.qi(context)
            let input = try await self.limits.json(MeasureInput.self, from: request)
            let project = try Self.optionalDocumentID(input.project, field: "project")
            let draft = try input.draft()
            let measure = try await self.offload {
                try qi.measure(try qi.createMeasure(draft, project: project, override: input.override.pidOverride))
            }
            return try JSONResponse.make(MeasureJSON(measure, analysis: nil), for: request, status: .created)
        }
        router.get("/v1/spaces/{space}/measures/{id}") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let kind = try Self.chartKind(request)
            let measure = try await self.offload { try qi.measure(id) }
            return try JSONResponse.make(
                MeasureJSON(measure, analysis: MeasureAnalysis(measure, kind: kind)), for: request)
        }
        router.get("/v1/spaces/{space}/measures/{id}/chart.svg") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let kind = try Self.chartKind(request)
            let measure = try await self.offload { try qi.measure(id) }
            return JSONResponse.bytes(
                Array(MeasureAnalysis(measure, kind: kind).svg.utf8), contentType: "image/svg+xml", for: request)
        }
        router.post("/v1/spaces/{space}/measures/{id}/points") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let input = try await self.limits.json(PointsInput.self, from: request)
            let points = try input.parsed()
            let measure = try await self.offload {
                _ = try qi.addPoints(to: id, points, override: input.override.pidOverride)
                return try qi.measure(id)
            }
            return try JSONResponse.make(
                MeasureJSON(measure, analysis: MeasureAnalysis(measure, kind: .run)), for: request, status: .created)
        }
    }

    /// The chart the request's `chart` asks for (default: run chart).
    static func chartKind(_ request: Request) throws -> MeasureAnalysis.Kind {
        guard let text = request.uri.queryParameters["chart"].map(String.init), !text.isEmpty else { return .run }
        guard let kind = MeasureAnalysis.Kind(rawValue: text) else {
            throw Problem(.badRequest, "chart must be run or xmr", field: "chart", allowed: ["run", "xmr"])
        }
        return kind
    }
}
