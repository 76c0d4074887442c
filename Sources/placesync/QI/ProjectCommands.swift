import ArgumentParser
import Foundation
import PlaceQI
import PlaceSync

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "QI projects: create, list, show, edit, move on, spread, adopt.",
        discussion: """
            Examples:
              placesync project new "Fewer falls in care homes" --theme "frailty and dementia" --org L84001
              placesync project list
              placesync project status "Fewer falls in care homes" testing
              placesync project spread 3fa1c2d9 L84002 interest --date 2026-05-01
            A project is named by its title or the first 8+ hex digits of its id.
            """,
        subcommands: [
            NewProject.self, ListProjects.self, ShowProject.self, EditProject.self, ProjectStatusCommand.self,
            SpreadProject.self, AdoptProject.self, AddChangeIdea.self, AddDriver.self,
        ])
}

/// The fields `project new` and `project edit` take.
struct ProjectFields: ParsableArguments {
    @Option(help: "The aim: what, by how much, by when, for whom.") var aim: String?
    @Option(help: "One of: \(ProjectTheme.allowed).") var theme: String?
    @Option(help: "One of: \(ProjectStatus.allowed).") var status: String?
    @Option(help: "Start date, YYYY-MM-DD.") var start: String?
    @Option(help: "End date, YYYY-MM-DD.") var end: String?
    @Option(name: .customLong("org"), help: "An organisation involved (id, ODS code or name); repeat for more.")
    var organisations: [String] = []
    @Option(help: "A tag; repeat for more.") var tag: [String] = []
    @Option(help: "A co-production partner; repeat for more.") var partner: [String] = []

    func draft(title: String?, in qi: QISpace) throws -> ProjectDraft {
        var draft = ProjectDraft(title: title, aim: aim)
        if let theme { draft.theme = try parseValue(theme, as: ProjectTheme.self, option: "theme") }
        if let status { draft.status = try parseValue(status, as: ProjectStatus.self, option: "status") }
        if let start { draft.startDate = try parseDate(start, field: "start") }
        if let end { draft.endDate = try parseDate(end, field: "end") }
        for name in organisations {
            draft.organisations[try reported { try qi.organisation(named: name).id }] = "involved"
        }
        draft.tags = tag
        draft.partners = partner
        return draft
    }
}

struct NewProject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Start a project (status: idea unless --status).",
        discussion:
            "Example: placesync project new \"Fewer falls\" --aim \"30% fewer falls by March 2027\" --theme frailty-and-dementia"
    )
    @OptionGroup var options: QIOptions
    @Argument(help: "The title.") var title: String
    @OptionGroup var fields: ProjectFields
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let id = try reported { try qi.createProject(try fields.draft(title: title, in: qi), override: pid.override) }
        print("\(id)")
    }
}

struct ListProjects: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the space's projects.",
        discussion: "Example: placesync project list --json")
    @OptionGroup var options: QIOptions
    @Option(help: "Only this status.") var status: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let qi = try options.open()
        var projects = try reported { try qi.projects() }
        if let status {
            let wanted = try parseValue(status, as: ProjectStatus.self, option: "status")
            projects = projects.filter { $0.status.value == wanted }
        }
        if json {
            try printJSON(projects.map(projectJSON))
            return
        }
        if projects.isEmpty { print("no projects yet: `placesync project new TITLE` starts one") }
        for project in projects {
            let status = project.status.value?.rawValue ?? "?"
            print(
                "\(short(project.id))  \(status.padding(toLength: 12, withPad: " ", startingAt: 0)) \(project.title.value ?? "(untitled)")"
            )
        }
    }
}

func projectJSON(_ project: Project) -> [String: Any] {
    var json: [String: Any] = [
        "id": "\(project.id)", "title": project.title.value ?? "", "aim": project.aim.value ?? "",
        "theme": project.theme.value?.rawValue ?? "", "status": project.status.value?.rawValue ?? "",
        "organisations": project.organisations, "team": project.team, "tags": project.tags,
        "partners": project.partners,
        "changeIdeas": project.changeIdeas.map { ["id": $0.id, "title": $0.title, "driver": $0.driver ?? ""] },
        "drivers": project.drivers.map {
            ["id": $0.id, "level": $0.level, "text": $0.text, "parent": $0.parent ?? ""]
        },
        "spread": project.spread.mapValues { spread in
            [
                "stage": spread.stage?.rawValue ?? "",
                "dates": Dictionary(uniqueKeysWithValues: spread.dates.map { ($0.key.rawValue, "\($0.value)") }),
            ]
        },
        "adoptedFrom": project.adoptedFrom.map { "\($0)" },
        "pidOverrides": project.pidOverrides,
    ]
    var conflicts: [String: [String]] = [:]
    if project.title.hasConflict { conflicts["title"] = project.title.conflicts }
    if project.aim.hasConflict { conflicts["aim"] = project.aim.conflicts }
    if project.status.hasConflict { conflicts["status"] = project.status.conflicts.map(\.rawValue) }
    if project.theme.hasConflict { conflicts["theme"] = project.theme.conflicts.map(\.rawValue) }
    if !conflicts.isEmpty { json["conflicts"] = conflicts }
    if let start = project.startDate.value { json["start"] = "\(start)" }
    if let end = project.endDate.value { json["end"] = "\(end)" }
    return json
}

struct ShowProject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a project with its diagram, spread, cycles and measures.",
        discussion: "Example: placesync project show \"Fewer falls in care homes\"")
    @OptionGroup var options: QIOptions
    @Argument(help: "The project: title or id prefix.") var project: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let qi = try options.open()
        let project = try reported { try qi.project(named: self.project) }
        let cycles = try reported { try qi.pdsaCycles(of: project.id) }
        let measures = try reported { try qi.measures(of: project.id) }
        if json {
            var value = projectJSON(project)
            value["pdsaCycles"] = cycles.map {
                ["id": "\($0.id)", "title": $0.title.value ?? "", "status": $0.status.value?.rawValue ?? ""]
            }
            value["measures"] = measures.map {
                ["id": "\($0.id)", "name": $0.name.value ?? "", "points": $0.points.count]
            }
            try printJSON(value)
            return
        }
        print("\(shown(project.title))  (\(project.id))")
        print("status: \(shown(project.status) { $0.rawValue })   theme: \(shown(project.theme) { $0.rawValue })")
        if let aim = project.aim.value {
            print(
                "aim: \(shown(project.aim))".replacingOccurrences(of: "\n", with: "\n     ") + (aim.isEmpty ? "" : ""))
        }
        if !project.organisations.isEmpty {
            print("organisations: \(project.organisations.keys.sorted().joined(separator: ", "))")
        }
        if !project.team.isEmpty {
            let people = Dictionary(uniqueKeysWithValues: (try qi.people()).map { ($0.id, $0.name) })
            print(
                "team: "
                    + project.team.sorted { $0.key < $1.key }.map { "\(people[$0.key] ?? $0.key) (\($0.value))" }
                    .joined(separator: ", "))
        }
        if !project.tags.isEmpty { print("tags: \(project.tags.joined(separator: ", "))") }
        for driver in project.drivers where driver.level == "primary" {
            print("driver: \(driver.text)")
            for secondary in project.drivers where secondary.parent == driver.id { print("  → \(secondary.text)") }
        }
        for idea in project.changeIdeas { print("change idea [\(idea.id)]: \(idea.title)") }
        for (organisation, spread) in project.spread.sorted(by: { $0.key < $1.key }) {
            print("spread: \(organisation) at \(spread.stage?.rawValue ?? "?")")
        }
        for cycle in cycles {
            print("PDSA \(short(cycle.id)): \(cycle.title.value ?? "") (\(cycle.status.value?.rawValue ?? "?"))")
        }
        for measure in measures {
            print("measure \(short(measure.id)): \(measure.name.value ?? "") — \(measure.points.count) points")
        }
        if project.pidOverrides > 0 {
            print("note: \(project.pidOverrides) write(s) went past the patient-data guard with a reason")
        }
    }
}

struct EditProject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a project's fields (only those given).",
        discussion: "Example: placesync project edit \"Fewer falls\" --aim \"25% fewer falls by June 2027\" --tag night"
    )
    @OptionGroup var options: QIOptions
    @Argument(help: "The project: title or id prefix.") var project: String
    @Option(help: "A new title.") var title: String?
    @OptionGroup var fields: ProjectFields
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let id = try reported { try qi.project(named: project).id }
        try reported { try qi.updateProject(id, try fields.draft(title: title, in: qi), override: pid.override) }
    }
}

struct ProjectStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Move a project on: \(ProjectStatus.allowed).",
        discussion: "Example: placesync project status \"Fewer falls\" testing")
    @OptionGroup var options: QIOptions
    @Argument(help: "The project: title or id prefix.") var project: String
    @Argument(help: "The new status.") var status: String

    func run() throws {
        let qi = try options.open()
        let status = try parseValue(status, as: ProjectStatus.self, option: "status")
        let id = try reported { try qi.project(named: project).id }
        try reported { try qi.updateProject(id, ProjectDraft(status: status)) }
    }
}

struct SpreadProject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spread",
        abstract: "Record how far a project has spread to an organisation: \(SpreadStage.allowed).",
        discussion: "Example: placesync project spread \"Fewer falls\" L84002 decision --date 2026-06-01")
    @OptionGroup var options: QIOptions
    @Argument(help: "The project: title or id prefix.") var project: String
    @Argument(help: "The organisation: id, ODS code or name.") var organisation: String
    @Argument(help: "The stage reached.") var stage: String
    @Option(help: "When, YYYY-MM-DD (default: today).") var date: String?

    func run() throws {
        let qi = try options.open()
        let stage = try parseValue(stage, as: SpreadStage.self, option: "stage")
        let when = try date.map { try parseDate($0, field: "date") } ?? today()
        let id = try reported { try qi.project(named: project).id }
        try reported { try qi.setSpread(of: id, to: organisation, stage: stage, on: when) }
    }
}

struct AdoptProject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt", abstract: "Record that a project adapts another one.",
        discussion: "Example: placesync project adopt \"Falls at Hillside\" \"Fewer falls in care homes\"")
    @OptionGroup var options: QIOptions
    @Argument(help: "The project that adapts.") var project: String
    @Argument(help: "The project it adapts.") var source: String

    func run() throws {
        let qi = try options.open()
        let id = try reported { try qi.project(named: project).id }
        let source = try reported { try qi.project(named: self.source).id }
        try reported { try qi.addAdoptedFrom(id, source: source) }
    }
}

struct AddChangeIdea: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idea", abstract: "Add a change idea to a project (prints its id, for PDSA cycles).",
        discussion: "Example: placesync project idea \"Fewer falls\" \"Motion-sensor lights\" --driver 1a2b3c4d")
    @OptionGroup var options: QIOptions
    @Argument(help: "The project.") var project: String
    @Argument(help: "The change idea.") var title: String
    @Option(help: "The driver it acts on (its id, from `project show`).") var driver: String?
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let id = try reported { try qi.project(named: project).id }
        print(try reported { try qi.addChangeIdea(to: id, title: title, driver: driver, override: pid.override) })
    }
}

struct AddDriver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driver", abstract: "Add a driver to a project's driver diagram (prints its id).",
        discussion:
            "Example: placesync project driver \"Fewer falls\" \"Safer environments\"; add --parent ID for a secondary driver"
    )
    @OptionGroup var options: QIOptions
    @Argument(help: "The project.") var project: String
    @Argument(help: "The driver.") var text: String
    @Option(help: "The primary driver this one serves (a secondary driver).") var parent: String?
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let id = try reported { try qi.project(named: project).id }
        print(try reported { try qi.addDriver(to: id, text: text, parent: parent, override: pid.override) })
    }
}
