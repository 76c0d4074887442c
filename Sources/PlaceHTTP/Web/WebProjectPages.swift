internal import Foundation
internal import Hummingbird
internal import PlaceQI
internal import PlaceSync

extension HTTPFrontend {
    func addProjectPages(to router: Router<FrontendContext>) {
        router.get("/s/{space}/projects") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            var page = try await self.pageContext(context, space: space, nav: "projects")
            let query = request.uri.queryParameters
            var filter = try Self.projectFilter(query)
            filter.organisation = query.filled("organisation") ?? query.filled("pcn") ?? query.filled("locality")
            let (projects, organisations) = (try await self.projects(qi), try await self.organisations(qi))
            let names = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let found = filter.apply(to: projects, organisations: organisations).sorted {
                ($0.title.value ?? "") < ($1.title.value ?? "")
            }
            let shown = found.prefix(200)
            page["projects"] = shown.map { project -> [String: Any] in
                [
                    "id": "\(project.id)", "title": project.title.value ?? "Untitled",
                    "status": project.status.value?.rawValue ?? "",
                    "theme": Self.label(project.theme.value?.rawValue ?? "other"),
                    "organisations": project.organisations.keys.compactMap { names[$0] }.sorted().prefix(4).joined(
                        separator: ", "),
                ]
            }
            page["count"] = found.count
            page["plural"] = found.count == 1 ? "" : "s"
            page["filtered"] = filter != ProjectFilter()
            page["more"] = found.count > shown.count
            page["shown"] = shown.count
            page["filter"] = ["q": query.filled("q") ?? ""]
            func choices(_ kind: OrganisationKind, _ selected: String?) -> [[String: Any]] {
                organisations.filter { $0.kind == kind }.sorted { $0.name < $1.name }.map {
                    ["id": $0.id, "name": $0.name, "selected": $0.id == selected]
                }
            }
            page["localities"] = choices(.locality, query.filled("locality"))
            page["pcns"] = choices(.pcn, query.filled("pcn"))
            page["themes"] = Self.options(ProjectTheme.self, selected: query.filled("theme"))
            page["statuses"] = Self.options(ProjectStatus.self, selected: query.filled("status"))
            page["stages"] = Self.options(SpreadStage.self, selected: query.filled("spread"))
            return WebPages.render("projects", page)
        }
        router.get("/s/{space}/projects/new") { _, context in
            let (space, _) = try await self.pageSpace(context)
            var page = try await self.pageContext(context, space: space, nav: "projects")
            page.merge(self.projectFormContext(space: space, project: nil, form: [:]), uniquingKeysWith: { $1 })
            return WebPages.render("projectForm", page)
        }
        router.post("/s/{space}/projects") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let form = try await self.readForm(request, context)
            do {
                let draft = try Self.projectDraft(form)
                let id = try await self.offload { try qi.createProject(draft, override: form["override"].pidOverride) }
                return WebPages.redirect(to: "/s/\(space.id)/projects/\(id)")
            } catch {
                var page = try await self.pageContext(context, space: space, nav: "projects")
                page.merge(self.projectFormContext(space: space, project: nil, form: form), uniquingKeysWith: { $1 })
                page.merge(Self.errorContext(error, fields: ["start": "startDate"]), uniquingKeysWith: { $1 })
                return WebPages.render("projectForm", page, status: .unprocessableContent)
            }
        }
        router.get("/s/{space}/projects/{id}") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            var page = try await self.pageContext(context, space: space, nav: "projects")
            try await page.merge(self.projectContext(qi, id: id, request: request), uniquingKeysWith: { $1 })
            return WebPages.render("project", page)
        }
        router.get("/s/{space}/projects/{id}/edit") { _, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let project = try await self.offload { try qi.project(id) }
            var page = try await self.pageContext(context, space: space, nav: "projects")
            let form = [
                "title": project.title.value ?? "", "aim": project.aim.value ?? "",
                "theme": project.theme.value?.rawValue ?? "", "status": project.status.value?.rawValue ?? "",
                "startDate": project.startDate.value?.description ?? "",
            ]
            page.merge(self.projectFormContext(space: space, project: id, form: form), uniquingKeysWith: { $1 })
            return WebPages.render("projectForm", page)
        }
        router.post("/s/{space}/projects/{id}") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let form = try await self.readForm(request, context)
            do {
                let draft = try Self.projectDraft(form)
                try await self.offload { try qi.updateProject(id, draft, override: form["override"].pidOverride) }
                return WebPages.redirect(to: "/s/\(space.id)/projects/\(id)")
            } catch {
                var page = try await self.pageContext(context, space: space, nav: "projects")
                page.merge(self.projectFormContext(space: space, project: id, form: form), uniquingKeysWith: { $1 })
                page.merge(Self.errorContext(error, fields: ["start": "startDate"]), uniquingKeysWith: { $1 })
                return WebPages.render("projectForm", page, status: .unprocessableContent)
            }
        }
        router.post("/s/{space}/projects/{id}/pdsa") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let form = try await self.readForm(request, context)
            do {
                var draft = PDSADraft(title: form["title"])
                draft.changeIdea = form["changeIdea"].flatMap { $0.isEmpty ? nil : $0 }
                draft.status = try form["status"].flatMap { $0.isEmpty ? nil : $0 }.map {
                    try PDSAStatus.parse($0, field: "status")
                }
                draft.startDate = try form["startDate"].flatMap { $0.isEmpty ? nil : $0 }.map {
                    try QIDate(parsing: $0, field: "startDate")
                }
                draft.objective = form["objective"].flatMap { $0.isEmpty ? nil : $0 }
                draft.prediction = form["prediction"].flatMap { $0.isEmpty ? nil : $0 }
                let cycle = draft
                try await self.offload { _ = try qi.createPDSA(on: id, cycle, override: form["override"].pidOverride) }
                return WebPages.redirect(to: "/s/\(space.id)/projects/\(id)#pdsa-h")
            } catch {
                return try await self.projectPageWithError(
                    error, request: request, context: context, space: space, qi: qi, id: id, form: form,
                    open: "openCycle")
            }
        }
        router.post("/s/{space}/projects/{id}/points") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let form = try await self.readForm(request, context)
            do {
                guard let measure = form["measure"].flatMap(DocumentID.init(hex:)) else {
                    throw QIError(.invalidValue, field: "measure", "choose a measure")
                }
                let date = try QIDate(parsing: form["date"] ?? "", field: "date")
                guard let value = Double((form["value"] ?? "").trimmingCharacters(in: .whitespaces)), value.isFinite
                else {
                    throw QIError(.invalidValue, field: "value", "write a number, like 12 or 3.5")
                }
                let annotation = form["annotation"].flatMap { $0.isEmpty ? nil : $0 }
                try await self.offload {
                    _ = try qi.addPoints(
                        to: measure, [(date, value, annotation, false)], override: form["override"].pidOverride)
                }
                return WebPages.redirect(to: "/s/\(space.id)/projects/\(id)#measure-\(measure)")
            } catch {
                return try await self.projectPageWithError(
                    error, request: request, context: context, space: space, qi: qi, id: id, form: form,
                    open: "openPoint")
            }
        }
        router.post("/s/{space}/projects/{id}/measures") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let form = try await self.readForm(request, context)
            do {
                func value(_ name: String) -> String? {
                    form[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
                }
                var draft = MeasureDraft(
                    name: value("name"), type: try value("type").map { try MeasureType.parse($0, field: "type") },
                    direction: try value("direction").map { try ImprovementDirection.parse($0, field: "direction") })
                draft.unit = value("unit")
                if let text = value("target") {
                    guard let target = Double(text), target.isFinite else {
                        throw QIError(.invalidValue, field: "target", "write a number, like 30 or 2.5")
                    }
                    draft.target = target
                }
                let measure = draft
                let created = try await self.offload {
                    try qi.createMeasure(measure, project: id, override: form["override"].pidOverride)
                }
                return WebPages.redirect(to: "/s/\(space.id)/projects/\(id)#measure-\(created)")
            } catch {
                return try await self.projectPageWithError(
                    error, request: request, context: context, space: space, qi: qi, id: id, form: form,
                    open: "openMeasure")
            }
        }
        router.post("/s/{space}/projects/{id}/notes") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let form = try await self.readForm(request, context)
            do {
                let note = try await self.offload {
                    try qi.createNote(title: form["title"] ?? "", project: id, override: form["override"].pidOverride)
                }
                return WebPages.redirect(to: "/s/\(space.id)/notes/\(note)")
            } catch {
                return try await self.projectPageWithError(
                    error, request: request, context: context, space: space, qi: qi, id: id, form: form,
                    open: "openNote",
                    fields: ["title": "noteTitle"])
            }
        }
    }

    /// The project page again, with the error beside the field it concerns (422).
    func projectPageWithError(
        _ error: any Error, request: Request, context: FrontendContext, space: SpaceInfo, qi: QISpace, id: DocumentID,
        form: [String: String], open: String, fields: [String: String] = [:]
    ) async throws -> Response {
        var page = try await pageContext(context, space: space, nav: "projects")
        try await page.merge(projectContext(qi, id: id, request: request), uniquingKeysWith: { $1 })
        page.merge(Self.errorContext(error, fields: fields), uniquingKeysWith: { $1 })
        page["form"] = form
        page[open] = true
        return WebPages.render("project", page, status: .unprocessableContent)
    }

    /// The context an error gives a form: per-field messages, a page message, the PID override box.
    static func errorContext(_ error: any Error, fields: [String: String]) -> [String: Any] {
        let (errors, message, pid) = fieldErrors(error, fieldNames: fields)
        var page: [String: Any] = ["errors": errors]
        if let message {
            page["message"] = message
            page["messageClass"] = "error"
        }
        if pid { page["pidFlagged"] = errors.keys.first ?? "form" }
        return page
    }

    static func projectDraft(_ form: [String: String]) throws -> ProjectDraft {
        var draft = ProjectDraft(
            title: form.filled("title"), aim: form.filled("aim"),
            theme: try form.filled("theme").map { try ProjectTheme.parse($0, field: "theme") },
            status: try form.filled("status").map { try ProjectStatus.parse($0, field: "status") })
        draft.startDate = try form.filled("startDate").map { try QIDate(parsing: $0, field: "startDate") }
        return draft
    }

    func projectFormContext(space: SpaceInfo, project: DocumentID?, form: [String: String]) -> [String: Any] {
        [
            "heading": project == nil ? "New project" : "Edit project",
            "action": project.map { "/s/\(space.id)/projects/\($0)" } ?? "/s/\(space.id)/projects",
            "cancel": project.map { "/s/\(space.id)/projects/\($0)" } ?? "/s/\(space.id)/projects",
            "form": form, "themes": Self.options(ProjectTheme.self, selected: form["theme"]),
            "statuses": Self.options(ProjectStatus.self, selected: form["status"] ?? "idea"),
        ]
    }

    /// Everything the project page shows.
    func projectContext(_ qi: QISpace, id: DocumentID, request: Request) async throws -> [String: Any] {
        let kind = try Self.chartKind(request)
        let today = self.today
        let (directory, everyone) = (try await organisations(qi), try await people(qi))
        return try await offloadPage {
            let project = try qi.project(id)
            let cycles = try qi.pdsaCycles(of: id)
            let measures = try qi.measures(of: id)
            let notes = try qi.notes(of: id)
            let organisations = Dictionary(
                directory.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let people = Dictionary(everyone.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let ideas = Dictionary(grouping: project.changeIdeas) { $0.driver ?? "" }
            func ideaList(_ driver: String) -> [[String: Any]] { (ideas[driver] ?? []).map { ["title": $0.title] } }
            let driverIDs = Set(project.drivers.map(\.id))
            let primaries = project.drivers.filter { $0.level == "primary" || $0.parent == nil }
            var conflicts: [[String: Any]] = []
            for (field, values) in ProjectJSON(project).conflicts.sorted(by: { $0.key < $1.key }) {
                conflicts.append(["field": field, "values": values.joined(separator: "”, “")])
            }
            let other: MeasureAnalysis.Kind = kind == .run ? .xmr : .run
            func chartName(_ kind: MeasureAnalysis.Kind) -> String { kind == .run ? "run chart" : "XmR (SPC) chart" }
            let stageOrder = SpreadStage.allCases
            return [
                "project": [
                    "id": "\(project.id)", "title": project.title.value ?? "Untitled project",
                    "aim": project.aim.value as Any,
                    "status": project.status.value?.rawValue ?? "",
                    "theme": Self.label(project.theme.value?.rawValue ?? "other"),
                    "startDate": project.startDate.value?.description as Any,
                ],
                "conflicts": conflicts,
                "today": today,
                "team": project.team.sorted { $0.key < $1.key }.map {
                    ["name": people[$0.key] ?? $0.key, "role": $0.value]
                },
                "organisations": project.organisations.sorted { $0.key < $1.key }.map {
                    ["name": organisations[$0.key] ?? $0.key, "how": $0.value]
                },
                "adoptedFrom": project.adoptedFrom.map { source in
                    ["id": "\(source)", "title": (try? qi.project(source).title.value ?? "A project") ?? "A project"]
                },
                "drivers": primaries.map { primary -> [String: Any] in
                    [
                        "text": primary.text,
                        "children": project.drivers.filter { $0.parent == primary.id && $0.id != primary.id }.map {
                            ["text": $0.text, "ideas": ideaList($0.id)]
                        },
                        "ideas": ideaList(primary.id),
                    ]
                },
                "looseIdeas": project.changeIdeas.filter { $0.driver == nil || !driverIDs.contains($0.driver ?? "") }
                    .map {
                        ["title": $0.title]
                    },
                "ideaOptions": project.changeIdeas.map { ["id": $0.id, "title": $0.title] },
                "pdsaStatuses": Self.options(PDSAStatus.self, selected: "planned"),
                "measureTypes": Self.options(MeasureType.self, selected: "outcome"),
                "directions": Self.options(ImprovementDirection.self, selected: "higher-is-better"),
                "measures": measures.map { measure -> [String: Any] in
                    let analysis = MeasureAnalysis(measure, kind: kind)
                    return [
                        "id": "\(measure.id)", "name": measure.name.value ?? "Measure",
                        "type": measure.type.value?.rawValue ?? "",
                        "direction": Self.label(measure.direction.value?.rawValue ?? ""),
                        "unit": measure.unit.value as Any, "chart": kind.rawValue,
                        "chartName": Self.label(chartName(kind)),
                        "otherChart": other.rawValue, "otherChartName": chartName(other),
                        "pointCount": measure.points.count,
                        "version": ETag.of(Array(analysis.svg.utf8)), "summary": analysis.summary,
                        "summaryText": analysis.summary.joined(separator: " "),
                        "signals": analysis.signals.map { ["sentence": $0.sentence] },
                    ]
                },
                "cycles": cycles.sorted {
                    ($0.startDate.value?.description ?? "") < ($1.startDate.value?.description ?? "")
                }.map {
                    cycle -> [String: Any] in
                    [
                        "id": "\(cycle.id)", "title": cycle.title.value ?? "Untitled cycle",
                        "status": cycle.status.value?.rawValue ?? "",
                        "decision": cycle.decision.value?.rawValue as Any,
                        "startDate": cycle.startDate.value?.description as Any,
                        "endDate": cycle.endDate.value?.description as Any,
                        "changeIdea": cycle.changeIdea.flatMap { idea in
                            project.changeIdeas.first { $0.id == idea }?.title
                        } as Any,
                        "objective": cycle.objective.value as Any, "study": cycle.study.value as Any,
                    ]
                },
                "notes": notes.map { note -> [String: Any] in
                    let excerpt = note.body.prefix(90)
                    return [
                        "id": "\(note.id)", "title": note.title.value ?? "Untitled note",
                        "excerpt": excerpt.count < note.body.count ? excerpt + "…" : excerpt,
                    ]
                },
                "spread": project.spread.sorted { $0.key < $1.key }.map { key, spread -> [String: Any] in
                    let stage = spread.stage
                    return [
                        "name": organisations[key] ?? key, "stage": stage?.rawValue ?? "none",
                        "level": stage.flatMap { stageOrder.firstIndex(of: $0) }.map { $0 + 1 } ?? 0,
                        "date": stage.flatMap { spread.dates[$0]?.description } ?? "",
                    ]
                },
            ]
        }
    }
}
