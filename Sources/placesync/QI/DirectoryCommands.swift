import ArgumentParser
import Foundation
import PlaceQI
import PlaceSync

struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "The space's directory of organisations.",
        discussion: """
            Examples:
              placesync org import Examples/county/organisations.csv
              placesync org list --json
            CSV columns: id, kind (\(OrganisationKind.allowed)), name, and optionally parent, ods, example.
            """,
        subcommands: [ImportOrgs.self, ListOrgs.self])
}

struct ImportOrgs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import organisations from a CSV file (all or nothing).",
        discussion:
            "Every row is checked first; a bad cell is reported with its line and column, and then nothing is written.")
    @OptionGroup var options: QIOptions
    @Argument(help: "The CSV file.") var file: String

    func run() throws {
        let qi = try options.open()
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CLIError("cannot read \(file)")
        }
        let known = Swift.Set(try reported { try qi.organisations() }.map(\.id))
        let records: [Organisation]
        do {
            records = try Organisation.records(fromCSV: text, known: known)
        } catch {
            throw CLIError("\(file), \(error)")
        }
        try reported { try qi.saveOrganisations(records) }
        print("imported \(records.count) organisation(s) from \(file)")
    }
}

struct ListOrgs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List organisations.", discussion: "Example: placesync org list --kind pcn")
    @OptionGroup var options: QIOptions
    @Option(help: "Only this kind.") var kind: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        var records = try reported { try options.open().organisations() }
        if let kind {
            let wanted = try parseValue(kind, as: OrganisationKind.self, option: "kind")
            records = records.filter { $0.kind == wanted }
        }
        if json {
            try printJSON(
                records.map {
                    [
                        "id": $0.id, "kind": $0.kind.rawValue, "name": $0.name, "parent": $0.parent ?? "",
                        "ods": $0.odsCode ?? "",
                        "example": $0.isExample,
                    ] as [String: Any]
                })
            return
        }
        for record in records {
            print(
                "\(record.id.padding(toLength: 24, withPad: " ", startingAt: 0)) \(record.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(record.name)\(record.isExample ? " (example)" : "")"
            )
        }
    }
}

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "The space's directory of people and their QI roles.",
        discussion:
            "Example: placesync person add \"Dr A. Patel\" --org L84001 --role qi-coach --role clinical-director",
        subcommands: [AddPersonCommand.self, EditPersonCommand.self, ListPeople.self])
}

struct AddPersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a person (prints their id).",
        discussion: "Roles: \(QIRole.allowed).")
    @OptionGroup var options: QIOptions
    @Argument(help: "Their name.") var name: String
    @Option(name: .customLong("org"), help: "Where they work (id, ODS code or name).") var organisation: String?
    @Option(help: "A QI role; repeat for more.") var role: [String] = []
    @Option(help: "The node id of their device; repeat for more.") var node: [String] = []
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let roles = Swift.Set(try role.map { try parseValue($0, as: QIRole.self, option: "role") })
        let nodes = try node.map(parseNodeID)
        print(
            try reported {
                try qi.addPerson(
                    name: name, organisation: organisation, roles: roles, nodes: nodes, override: pid.override)
            })
    }
}

struct ListPeople: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List people.", discussion: "Example: placesync person list --json")
    @OptionGroup var options: QIOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let people = try reported { try options.open().people() }
        if json {
            try printJSON(
                people.map {
                    [
                        "id": $0.id, "name": $0.name, "organisation": $0.organisation ?? "",
                        "roles": $0.roles.map(\.rawValue).sorted(),
                        "nodes": $0.nodes,
                    ] as [String: Any]
                })
            return
        }
        for person in people {
            print(
                "\(person.id)  \(person.name)  \(person.organisation ?? "")  \(person.roles.map(\.rawValue).sorted().joined(separator: ", "))"
            )
        }
    }
}

struct EditPersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a person's name, organisation or roles.",
        discussion: "Example: placesync person edit \"Dr A. Patel\" --role improvement-lead --drop-role qi-coach")
    @OptionGroup var options: QIOptions
    @Argument(help: "The person: id or name.") var person: String
    @Option(help: "A new name.") var name: String?
    @Option(name: .customLong("org"), help: "A new organisation (id, ODS code or name).") var organisation: String?
    @Option(help: "A role to add; repeat for more.") var role: [String] = []
    @Option(name: .customLong("drop-role"), help: "A role to drop; repeat for more.") var dropRole: [String] = []
    @OptionGroup var pid: PIDOptions

    func run() throws {
        let qi = try options.open()
        let add = Swift.Set(try role.map { try parseValue($0, as: QIRole.self, option: "role") })
        let drop = Swift.Set(try dropRole.map { try parseValue($0, as: QIRole.self, option: "drop-role") })
        try reported {
            try qi.updatePerson(
                person, name: name, organisation: organisation, addRoles: add, dropRoles: drop, override: pid.override)
        }
    }
}
