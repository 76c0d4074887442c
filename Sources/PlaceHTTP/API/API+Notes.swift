internal import Hummingbird
internal import PlaceQI
internal import PlaceSync

extension HTTPFrontend {
    func addNoteRoutes(to router: Router<FrontendContext>) {
        router.get("/v1/spaces/{space}/notes") { request, context in
            let qi = try await self.qi(context)
            let project = try Self.optionalDocumentID(
                request.uri.queryParameters["project"].map(String.init), field: "project")
            let notes = try await self.offload { try qi.notes(of: project) }
            return try JSONResponse.make(try Page(notes.map(NoteJSON.init), request: request), for: request)
        }
        router.post("/v1/spaces/{space}/notes") { request, context in
            let qi = try await self.qi(context)
            let input = try await self.limits.json(NoteInput.self, from: request)
            let project = try Self.optionalDocumentID(input.project, field: "project")
            let note = try await self.offload {
                try qi.note(
                    try qi.createNote(
                        title: input.title, body: input.body ?? "", project: project, tags: input.tags ?? [],
                        override: input.override.pidOverride))
            }
            versions.remember(note.body, for: note.id)
            return try JSONResponse.make(NoteJSON(note), for: request, status: .created)
        }
        router.get("/v1/spaces/{space}/notes/{id}") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let note = try await self.offload { try qi.note(id) }
            versions.remember(note.body, for: id)
            return try JSONResponse.make(NoteJSON(note), for: request)
        }
        router.post("/v1/spaces/{space}/notes/{id}/splices") { request, context in
            let qi = try await self.qi(context)
            let id = try Self.documentID(context)
            let input = try await self.limits.json(SpliceInput.self, from: request)
            let note = try await self.splice(input, into: id, qi: qi)
            return try JSONResponse.make(NoteJSON(note), for: request)
        }
    }

    /// Applies a splice made against the body tagged `input.base`: directly when that is still the
    /// body, moved onto the current body when this frontend remembers the base, else 409 (the
    /// editor reloads and rebases itself).
    func splice(_ input: SpliceInput, into id: DocumentID, qi: QISpace) async throws -> Note {
        guard input.at >= 0 else { throw Problem(.unprocessableContent, "at must be 0 or more", field: "at") }
        guard input.delete >= 0 else {
            throw Problem(.unprocessableContent, "delete must be 0 or more", field: "delete")
        }
        let versions = self.versions
        let note = try await offload { () throws -> Note in
            let current = try qi.note(id).body
            var splice = NoteSplice(offset: input.at, deleting: input.delete, inserting: input.insert)
            if NoteVersions.tag(of: current) != input.base {
                guard let base = versions.text(of: id, tag: input.base) else {
                    throw Problem(
                        .conflict,
                        "the note changed since version \(input.base) and that version is not remembered: reload it and splice again",
                        field: "base")
                }
                splice = splice.rebased(from: base, onto: current)
            }
            try qi.spliceNote(
                id, at: splice.offset, deleting: splice.deleting, inserting: splice.inserting,
                override: input.override.pidOverride)
            return try qi.note(id)
        }
        versions.remember(note.body, for: id)
        return note
    }
}
