internal import Foundation
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
            // Encoded once per replica state: the report is the heaviest read, and every request
            // between two changes gets the same bytes.
            if request.uri.queryParameters["format"].map(String.init) == "csv" {
                let body = try await self.cache.value("report.csv \(qi.space)") {
                    EncodedBody(Array(try QIReport(qi).csv.utf8))
                }
                return JSONResponse.bytes(
                    body.bytes, contentType: "text/csv; charset=utf-8", for: request, tag: body.tag)
            }
            let body = try await self.cache.value("report.json \(qi.space)") {
                EncodedBody(Array(try JSONResponse.encoder.encode(try QIReport(qi))))
            }
            return JSONResponse.bytes(body.bytes, contentType: "application/json", for: request, tag: body.tag)
        }
    }
}
