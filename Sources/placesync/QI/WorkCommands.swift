import ArgumentParser
import Foundation
import PlaceQI
import PlaceSync

struct PDSACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdsa", abstract: "PDSA cycles on a project's change ideas.",
        discussion: """
            Examples:
              placesync pdsa new "Fewer falls" "Lights on one ward" --idea 1a2b3c4d --prediction "fewer night falls"
              placesync pdsa update 7f3e9a21 --status studying --study "2 falls, 5 expected"
              placesync pdsa list "Fewer falls"
            """,
        subcommands: [NewPDSA.self, UpdatePDSA.self, ListPDSA.self])
}

struct PDSAFields: ParsableArguments {
    @Option(help: "The change idea it tests (id from `project show`).") var idea: String?
    @Option(help: "One of: \(PDSAStatus.allowed).") var status: String?
    @Option(help: "Plan: what the cycle is for.") var objective: String?
    @Option(help: "Plan: the questions it asks.") var questions: String?
    @Option(help: "Plan: what you predict.") var prediction: String?
    @Option(help: "Plan: who, what, when, where.") var plan: String?
    @Option(name: .customLong("do"), help: "Do: what happened.") var observations: String?
    @Option(help: "Study: the results against the prediction.") var study: String?
    @Option(help: "Act: \(PDSADecision.allowed).") var act: String?
    @Option(help: "Start date, YYYY-MM-DD.") var start: String?
    @Option(help: "End date, YYYY-MM-DD.") var end: String?

    func draft(title: String?) throws -> PDSADraft {
        var draft = PDSADraft(title: title)
        draft.changeIdea = idea
        if let status { draft.status = try parseValue(status, as: PDSAStatus.self, option: "status") }
        draft.objective = objective
        draft.questions = questions
        draft.prediction = prediction
        draft.plan = plan
        draft.observations = observations
        draft.study = study
        if let act { draft.decision = try parseValue(act, as: PDSADecision.self, option: "act") }
        if let start { draft.startDate = try parseDate(start, field: "start") }
        if let end { draft.endDate = try parseDate(end, field: "end") }
        return draft
    }
}

struct NewPDSA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Plan a PDSA cycle on a project (prints its id).",
        discussion:
            "Example: placesync pdsa new \"Fewer falls\" \"Lights on one ward\" --prediction \"fewer night falls\"")
    @OptionGroup var options: QIOptions
    @Argument(help: "The project.") var project: String
    @Argument(help: "The cycle's title.") var title: String
    @Option(help: "The cycle it builds on (a ramp), by id.") var after: String?
    @OptionGroup var fields: PDSAFields
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let project = try reported { try qi.project(named: self.project).id }
        var draft = try fields.draft(title: title)
        if let after { draft.previous = try findCycle(after, in: qi).id }
        print(try reported { try qi.createPDSA(on: project, draft, override: pid.override) })
    }
}

func findCycle(_ text: String, in qi: QISpace) throws -> PDSACycle {
    try pick(
        text, from: try reported { try qi.pdsaCycles() }, id: \.id, name: \.title.value, what: "cycle",
        list: "pdsa list")
}

struct UpdatePDSA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Record a cycle's do, study and act, or change its plan.",
        discussion: "Example: placesync pdsa update 7f3e9a21 --status acting --act adapt")
    @OptionGroup var options: QIOptions
    @Argument(help: "The cycle: id prefix or title.") var cycle: String
    @Option(help: "A new title.") var title: String?
    @OptionGroup var fields: PDSAFields
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let id = try findCycle(cycle, in: qi).id
        try reported { try qi.updatePDSA(id, try fields.draft(title: title), override: pid.override) }
    }
}

struct ListPDSA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List PDSA cycles (of one project, when named).",
        discussion: "Example: placesync pdsa list \"Fewer falls\" --json")
    @OptionGroup var options: QIOptions
    @Argument(help: "The project.") var project: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let qi = try options.open()
        let project = try self.project.map { name in try reported { try qi.project(named: name).id } }
        let cycles = try reported { try qi.pdsaCycles(of: project) }
        if json {
            try printJSON(
                cycles.map {
                    [
                        "id": "\($0.id)", "title": $0.title.value ?? "", "status": $0.status.value?.rawValue ?? "",
                        "project": $0.project.map { "\($0)" } ?? "", "changeIdea": $0.changeIdea ?? "",
                        "prediction": $0.prediction.value ?? "", "study": $0.study.value ?? "",
                        "act": $0.decision.value?.rawValue ?? "",
                    ]
                })
            return
        }
        for cycle in cycles {
            print(
                "\(short(cycle.id))  \((cycle.status.value?.rawValue ?? "?").padding(toLength: 10, withPad: " ", startingAt: 0)) \(cycle.title.value ?? "")"
            )
        }
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Collaborative notes: write, edit in $EDITOR, show, list.",
        discussion: """
            `note edit` opens the note in $EDITOR and applies what you changed as a text edit, so what
            someone else wrote meanwhile elsewhere in the note is kept, not overwritten.
            Example: placesync note new "Falls huddle" --project "Fewer falls" --body "Actions: ..."
            """,
        subcommands: [NewNote.self, EditNote.self, ShowNote.self, ListNotes.self])
}

func findNote(_ text: String, in qi: QISpace) throws -> Note {
    try pick(
        text, from: try reported { try qi.notes() }, id: \.id, name: \.title.value, what: "note", list: "note list")
}

struct NewNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Write a note (prints its id).",
        discussion: "Example: placesync note new \"Falls huddle\" --body \"Actions: order lights\" --tag huddle")
    @OptionGroup var options: QIOptions
    @Argument(help: "The title.") var title: String
    @Option(help: "The text.") var body: String?
    @Option(help: "Read the text from this file.") var file: String?
    @Option(help: "The project it belongs to.") var project: String?
    @Option(help: "A tag; repeat for more.") var tag: [String] = []
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        var text = body ?? ""
        if let file {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIError("cannot read \(file)")
            }
            text = contents
        }
        let project = try self.project.map { name in try reported { try qi.project(named: name).id } }
        print(
            try reported {
                try qi.createNote(title: title, body: text, project: project, tags: tag, override: pid.override)
            })
    }
}

struct EditNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Edit a note's text in $EDITOR (or from --file); merges with others' edits.",
        discussion: "Example: EDITOR=nano placesync note edit \"Falls huddle\"")
    @OptionGroup var options: QIOptions
    @Argument(help: "The note: id prefix or title.") var note: String
    @Option(help: "Take the new text from this file instead of opening an editor.") var file: String?
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let found = try findNote(note, in: qi)
        let text: String
        if let file {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIError("cannot read \(file)")
            }
            text = contents
        } else {
            let path = NSTemporaryDirectory() + "placesync-note-\(short(found.id)).txt"
            try found.body.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let editor = ProcessInfo.processInfo.environment["EDITOR"] ?? "vi"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(editor) \"$0\"", path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CLIError("the editor exited with status \(process.terminationStatus); nothing saved")
            }
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? found.body
        }
        try reported { try qi.editNote(found.id, body: text, override: pid.override) }
    }
}

struct ShowNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a note.",
        discussion: "Example: placesync note show \"Falls huddle\" --json")
    @OptionGroup var options: QIOptions
    @Argument(help: "The note: id prefix or title.") var note: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let found = try findNote(note, in: try options.open())
        if json {
            try printJSON(
                [
                    "id": "\(found.id)", "title": found.title.value ?? "", "tags": found.tags, "body": found.body,
                    "project": found.project.map { "\($0)" } ?? "", "createdAt": found.createdAt ?? "",
                    "createdAtClockAhead": found.createdAtIsAhead,
                ] as [String: Any])
        } else {
            var written = found.createdAt.map { "written \($0)" } ?? ""
            if found.createdAtIsAhead {
                written += " — more than 48 hours ahead of this machine's clock: the writing computer's clock was wrong"
            }
            print(
                written.isEmpty
                    ? "\(shown(found.title))\n\n\(found.body)" : "\(shown(found.title))\n\(written)\n\n\(found.body)")
        }
    }
}

struct ListNotes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List notes.", discussion: "Example: placesync note list --json")
    @OptionGroup var options: QIOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let notes = try reported { try options.open().notes() }
        if json {
            try printJSON(
                notes.map { ["id": "\($0.id)", "title": $0.title.value ?? "", "tags": $0.tags] as [String: Any] })
        } else {
            for note in notes { print("\(short(note.id))  \(note.title.value ?? "")") }
        }
    }
}
