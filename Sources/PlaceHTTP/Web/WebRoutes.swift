internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import NIOCore
internal import PlaceQI
internal import PlaceSync

extension HTTPFrontend {
    func addWebRoutes(to router: Router<FrontendContext>) {
        router.get("/assets/app.css") { request, _ in
            var response = JSONResponse.bytes(
                Array(Assets.css.utf8), contentType: "text/css; charset=utf-8", for: request)
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
        router.get("/assets/app.js") { request, _ in
            var response = JSONResponse.bytes(
                Array(Assets.javascript.utf8), contentType: "text/javascript; charset=utf-8", for: request)
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
        router.get("/login") { request, _ in
            WebPages.loginPage(
                message: request.uri.queryParameters["expired"] == nil ? nil : "Your session has ended. Log in again.")
        }
        router.post("/login") { request, _ in
            let form = try await self.limits.form(from: request)
            guard let sent = form["token"],
                self.configuration.token.matches(sent.trimmingCharacters(in: .whitespacesAndNewlines))
            else {
                var response = WebPages.loginPage(message: "That is not this node's access token.")
                response.status = .unauthorized
                return response
            }
            let session = self.sessions.start()
            let maxAge = Int(self.configuration.sessionLifetime.components.seconds)
            return WebPages.redirect(
                to: "/",
                cookie: "\(WebSessions.cookieName)=\(session.id); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)")
        }
        router.post("/logout") { request, context in
            _ = try await self.readForm(request, context)
            if let session = context.session { self.sessions.end(session.id) }
            return WebPages.redirect(
                to: "/login", cookie: "\(WebSessions.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
        }
        router.get("/") { _, _ in
            // Straight into the space with the most in it (the header links to the others).
            let busiest = try await self.offload {
                try self.node.spaces().max {
                    try self.node.documents(in: $0.id).count < self.node.documents(in: $1.id).count
                }
            }
            guard let busiest else { return WebPages.redirect(to: "/spaces") }
            return WebPages.redirect(to: "/s/\(busiest.id)")
        }
        router.get("/spaces") { _, context in
            var page = try await self.pageContext(context, space: nil, nav: "spaces")
            page["spaces"] = try await self.spaceList().map {
                ["id": $0.id, "name": $0.name, "explanation": $0.explanation]
            }
            return WebPages.render("spaces", page)
        }
        router.get("/s/{space}") { _, context in
            let (space, qi) = try await self.pageSpace(context)
            var page = try await self.pageContext(context, space: space, nav: "home")
            try await page.merge(self.homeContext(qi), uniquingKeysWith: { $1 })
            return WebPages.render("home", page)
        }
        addProjectPages(to: router)
        addPDSAPages(to: router)
        router.get("/s/{space}/notes/{id}") { _, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            var page = try await self.pageContext(context, space: space, nav: "projects")
            let (note, project, canWrite) = try await self.offload {
                let note = try qi.note(id)
                let project = try note.project.map { try qi.project($0) }
                return (note, project, try qi.node.status(of: qi.space).canWrite)
            }
            self.versions.remember(note.body, for: id)
            page["note"] = [
                "id": "\(note.id)", "title": note.title.value ?? "Untitled note", "body": note.body,
                "version": NoteVersions.tag(of: note.body),
            ]
            page["canWrite"] = canWrite
            if let project {
                page["projectLink"] = "/s/\(space.id)/projects/\(project.id)"
                page["projectTitle"] = project.title.value ?? "Project"
            }
            return WebPages.render("note", page)
        }
        router.get("/s/{space}/people") { _, context in
            let (space, qi) = try await self.pageSpace(context)
            var page = try await self.pageContext(context, space: space, nav: "people")
            try await page.merge(self.directoryContext(qi), uniquingKeysWith: { $1 })
            return WebPages.render("directory", page)
        }
        router.get("/s/{space}/report") { _, context in
            let (space, qi) = try await self.pageSpace(context)
            var page = try await self.pageContext(context, space: space, nav: "report")
            let report = try await self.report(qi)
            page["unreadable"] = report.unreadableDocuments > 0 ? report.unreadableDocuments : nil
            page["clocksAhead"] = report.notesFromClocksAhead > 0 ? report.notesFromClocksAhead : nil
            page["sections"] = report.sections.map { section -> [String: Any] in
                func bars(_ counts: [String: Int], order: [String]) -> [[String: Any]] {
                    let top = max(1, counts.values.max() ?? 1)
                    return order.filter { counts[$0] != nil }.map {
                        ["label": Self.label($0), "count": counts[$0] ?? 0, "max": top]
                    }
                }
                return [
                    "id": section.id, "name": section.name, "scope": section.scope, "projects": section.projects,
                    "people": section.people, "crossOrganisationProjects": section.crossOrganisationProjects,
                    "adoptionLinks": section.adoptionLinks,
                    "themes": bars(section.projectsByTheme, order: ProjectTheme.allCases.map(\.rawValue)),
                    "statuses": bars(section.projectsByStatus, order: ProjectStatus.allCases.map(\.rawValue)),
                    "spread": bars(section.spreadByStage, order: SpreadStage.allCases.map(\.rawValue)),
                ]
            }
            return WebPages.render("report", page)
        }
        router.get("/s/{space}/sync") { _, context in
            let (space, _) = try await self.pageSpace(context)
            var page = try await self.pageContext(context, space: space, nav: "sync")
            let state = try await self.syncState()
            let names = Dictionary(state.spaces.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let now = self.node.configuration.now()
            page["peers"] = state.peers.map { peer -> [String: Any] in
                [
                    "name": peer.address, "node": peer.node ?? "not yet proven",
                    "state": peer.connected ? "connected" : "not connected",
                    "stateClass": peer.connected ? "ok" : "warn",
                    "lastContact": peer.lastContact.map { Self.ago($0, now: now) } ?? "never",
                    "lastError": peer.lastError ?? "",
                    "lags": peer.spaces.map { lag -> [String: Any] in
                        let text =
                            lag.peerLacks == 0 && lag.weLack == 0
                            ? "in step" : "it lacks \(lag.peerLacks), we lack \(lag.weLack)"
                        return ["space": names[lag.space] ?? String(lag.space.prefix(8)), "text": text]
                    },
                ]
            }
            let cutOff = try await self.offload {
                try Dictionary(
                    self.node.spaces().map { ("\($0.id)", try self.node.cutoffs(in: $0.id).count) },
                    uniquingKeysWith: { first, _ in first })
            }
            page["spaces"] = state.spaces.map { space -> [String: Any] in
                let authors = cutOff[space.id] ?? 0
                return [
                    "name": space.name, "role": space.role ?? "none", "explanation": space.explanation,
                    "refused": authors == 0
                        ? "none"
                        : "\(authors) author\(authors == 1 ? " is" : "s are") cut off after signing two different changes with one number (equivocation): what they sign after it is refused"
                        ,
                ]
            }
            page["pending"] = state.pending
            page["pendingPlural"] = state.pending == 1 ? "" : "s"
            // Why this space is not in sync, in the words `placesync explain` uses; warnings marked.
            do {
                let explanation = try await self.offload { try self.node.explain(space.id) }
                let warnings = explanation.delivery.withheld.count + explanation.delivery.suspectedWithholding.count
                page["explain"] = explanation.sentences.enumerated().map { index, sentence -> [String: Any] in
                    ["text": sentence, "warn": index < warnings]
                }
                page["explainSpace"] = space.name
            }
            return WebPages.render("sync", page)
        }
    }

    /// The home page: my projects, recent activity.
    func homeContext(_ qi: QISpace) async throws -> [String: Any] {
        let nodeID = "\(node.nodeID)"
        let now = node.configuration.now()
        let (projects, everyone) = (try await projects(qi), try await people(qi))
        return try await offloadPage {
            let me = everyone.first { $0.nodes.contains(nodeID) }
            let mine = me.map { person in projects.filter { $0.team[person.id] != nil } } ?? []
            let shown =
                (mine.isEmpty
                ? projects.sorted { ($0.startDate.value?.description ?? "") > ($1.startDate.value?.description ?? "") }
                : mine).prefix(8)
            let members = Dictionary(
                try qi.node.members(in: qi.space).map { ("\($0.node)", $0.displayName ?? "") },
                uniquingKeysWith: { first, _ in first })
            let recent = try qi.node.documents(in: qi.space).sorted { $0.updatedAt > $1.updatedAt }.prefix(12)
            return [
                "myProjectsTitle": mine.isEmpty ? "Latest projects" : "My projects",
                "myProjects": shown.map {
                    [
                        "id": "\($0.id)", "title": $0.title.value ?? "Untitled",
                        "status": $0.status.value?.rawValue ?? "",
                    ]
                },
                "recent": recent.map { document -> [String: Any] in
                    let type = document.type ?? "document"
                    let kind = type.hasPrefix("qi.") ? String(type.dropFirst(3)) : type
                    let author =
                        members["\(document.updatedBy)"].flatMap { $0.isEmpty ? nil : $0 }
                        ?? String("\(document.updatedBy)".prefix(10))
                    var link: String?
                    switch kind {
                    case "project": link = "/s/\(qi.space)/projects/\(document.id)"
                    case "note": link = "/s/\(qi.space)/notes/\(document.id)"
                    default: link = nil
                    }
                    return [
                        "kind": Self.label(kind), "title": document.title ?? Self.label(kind), "link": link as Any,
                        "when": Self.ago(document.updatedAt, now: now),
                        "who": document.updatedBy == qi.node.nodeID ? "this node" : author,
                    ]
                },
            ]
        }
    }

    /// The people and organisations page.
    func directoryContext(_ qi: QISpace) async throws -> [String: Any] {
        let (organisations, people) = (try await organisations(qi), try await people(qi))
        return try await offloadPage {
            let names = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let byParent = Dictionary(grouping: organisations) { $0.parent ?? "" }
            let localities = organisations.filter { $0.kind == .locality }.sorted { $0.name < $1.name }
            return [
                "peopleCount": people.count, "organisationCount": organisations.count,
                "people": people.sorted { $0.name < $1.name }.map {
                    [
                        "name": $0.name, "organisation": $0.organisation.flatMap { names[$0] } ?? "",
                        "roles": $0.roles.map { Self.label($0.rawValue) }.sorted().joined(separator: ", "),
                    ]
                },
                "localities": localities.map { locality -> [String: Any] in
                    [
                        "name": locality.name,
                        "pcns": (byParent[locality.id] ?? []).filter { $0.kind == .pcn }.sorted { $0.name < $1.name }
                            .map {
                                pcn -> [String: Any] in
                                let practices = (byParent[pcn.id] ?? []).sorted { $0.name < $1.name }
                                return [
                                    "name": pcn.name, "practiceCount": practices.count,
                                    "practices": practices.map {
                                        ["id": $0.id, "name": $0.name, "odsCode": $0.odsCode ?? ""]
                                    },
                                ]
                            },
                    ]
                },
                "others": organisations.filter { [.council, .voluntary, .trust].contains($0.kind) }.map {
                    ["name": $0.name, "kind": Self.label($0.kind.rawValue)]
                },
            ]
        }
    }
}
