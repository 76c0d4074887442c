internal import Foundation
internal import Hummingbird
internal import PlaceQI
internal import PlaceSync

extension HTTPFrontend {
    /// The PDSA cycle page: every part of the cycle, editable.
    func addPDSAPages(to router: Router<FrontendContext>) {
        router.get("/s/{space}/pdsa/{id}") { _, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let (cycle, project) = try await self.offload { () throws -> (PDSACycle, Project?) in
                let cycle = try qi.pdsa(id)
                return (cycle, try cycle.project.map { try qi.project($0) })
            }
            var page = try await self.pageContext(context, space: space, nav: "projects")
            page.merge(Self.pdsaFormContext(cycle: cycle, project: project, form: Self.form(of: cycle), errors: [:])) {
                $1
            }
            return WebPages.render("pdsaForm", page)
        }
        router.post("/s/{space}/pdsa/{id}") { request, context in
            let (space, qi) = try await self.pageSpace(context)
            let id = try Self.documentID(context)
            let form = try await self.readForm(request, context)
            let (cycle, project) = try await self.offload { () throws -> (PDSACycle, Project?) in
                let cycle = try qi.pdsa(id)
                return (cycle, try cycle.project.map { try qi.project($0) })
            }
            do {
                var draft = PDSADraft(title: form.filled("title"))
                draft.status = try form.filled("status").map { try PDSAStatus.parse($0, field: "status") }
                draft.decision = try form.filled("decision").map { try PDSADecision.parse($0, field: "decision") }
                draft.startDate = try form.filled("startDate").map { try QIDate(parsing: $0, field: "startDate") }
                draft.endDate = try form.filled("endDate").map { try QIDate(parsing: $0, field: "endDate") }
                // A part emptied on purpose is written empty; one left as it was is not rewritten.
                for (name, current) in Self.parts(of: cycle) where (form[name] ?? "") != (current ?? "") {
                    let text = form[name] ?? ""
                    switch name {
                    case "objective": draft.objective = text
                    case "questions": draft.questions = text
                    case "prediction": draft.prediction = text
                    case "plan": draft.plan = text
                    case "observations": draft.observations = text
                    default: draft.study = text
                    }
                }
                let final = draft
                try await self.offload { try qi.updatePDSA(id, final, override: form["override"].pidOverride) }
                return WebPages.redirect(
                    to: project.map { "/s/\(space.id)/projects/\($0.id)#pdsa-h" } ?? "/s/\(space.id)")
            } catch {
                var page = try await self.pageContext(context, space: space, nav: "projects")
                let problem = Self.errorContext(error, fields: ["end": "endDate"])
                let errors = problem["errors"] as? [String: String] ?? [:]
                page.merge(Self.pdsaFormContext(cycle: cycle, project: project, form: form, errors: errors)) { $1 }
                page.merge(problem) { $1 }
                return WebPages.render("pdsaForm", page, status: .unprocessableContent)
            }
        }
    }

    /// The free-text parts of a cycle, in PDSA order, with their current text.
    static func parts(of cycle: PDSACycle) -> [(String, String?)] {
        [
            ("objective", cycle.objective.value), ("questions", cycle.questions.value),
            ("prediction", cycle.prediction.value), ("plan", cycle.plan.value),
            ("observations", cycle.observations.value), ("study", cycle.study.value),
        ]
    }

    static func form(of cycle: PDSACycle) -> [String: String] {
        var form: [String: String] = [
            "title": cycle.title.value ?? "", "status": cycle.status.value?.rawValue ?? "",
            "decision": cycle.decision.value?.rawValue ?? "", "startDate": cycle.startDate.value?.description ?? "",
            "endDate": cycle.endDate.value?.description ?? "",
        ]
        for (name, value) in parts(of: cycle) { form[name] = value ?? "" }
        return form
    }

    static func pdsaFormContext(cycle: PDSACycle, project: Project?, form: [String: String], errors: [String: String])
        -> [String: Any]
    {
        let labels = [
            "objective": "Plan: objective", "questions": "Plan: questions", "prediction": "Plan: prediction",
            "plan": "Plan: who, what, where, when", "observations": "Do: what happened",
            "study": "Study: what the data show, against the prediction",
        ]
        return [
            "id": "\(cycle.id)", "form": form,
            "project": ["id": project.map { "\($0.id)" } ?? "", "title": project?.title.value ?? "Project"],
            "statuses": options(PDSAStatus.self, selected: form["status"]),
            "decisions": options(PDSADecision.self, selected: form["decision"]),
            "fields": parts(of: cycle).map { name, _ -> [String: Any] in
                ["name": name, "label": labels[name] ?? name, "value": form[name] ?? "", "error": errors[name] as Any]
            },
        ]
    }
}
