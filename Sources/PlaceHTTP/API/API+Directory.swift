internal import Hummingbird
internal import PlaceQI
internal import PlaceSync

extension HTTPFrontend {
    func addDirectoryRoutes(to router: Router<FrontendContext>) {
        router.get("/v1/spaces/{space}/people") { request, context in
            let qi = try await self.qi(context)
            let people = try await self.people(qi)
            return try JSONResponse.make(try Page(people.map(PersonJSON.init), request: request), for: request)
        }
        router.get("/v1/spaces/{space}/organisations") { request, context in
            let qi = try await self.qi(context)
            let organisations = try await self.organisations(qi)
            return try JSONResponse.make(
                try Page(organisations.map(OrganisationJSON.init), request: request), for: request)
        }
        router.get("/v1/spaces/{space}/report") { request, context in
            let qi = try await self.qi(context)
            let report = try await self.report(qi)
            if request.uri.queryParameters["format"].map(String.init) == "csv" {
                return JSONResponse.bytes(Array(report.csv.utf8), contentType: "text/csv; charset=utf-8", for: request)
            }
            return try JSONResponse.make(report, for: request)
        }
    }
}
