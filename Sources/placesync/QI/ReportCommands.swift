import ArgumentParser
import Foundation
import PlaceQI
import PlaceSync

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The evaluation report: projects, people, connections, spread, activity.",
        discussion: """
            For the whole space, then per locality and per PCN (a project counts where its organisations
            and its team's organisations belong). Activity is per month: projects started, PDSA cycles
            started, data points, notes.
            Examples:
              placesync report
              placesync report --json > report.json
              placesync report --csv > report.csv
            """)
    @OptionGroup var options: QIOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV rows (scope,id,name,measure,key,value) for a spreadsheet.") var csv = false
    @Option(help: "Only this locality or PCN (id or name).") var only: String?

    func run() throws {
        let qi = try options.open()
        var report = try reported { try QIReport(qi) }
        if let only {
            report.sections = report.sections.filter { $0.id == only || $0.name.lowercased() == only.lowercased() }
            guard !report.sections.isEmpty else { throw CLIError("report: no locality or PCN \"\(only)\"") }
        }
        if csv {
            print(report.csv, terminator: "")
        } else if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            for section in report.sections { print(table(section)) }
            if report.unreadableDocuments > 0 {
                print(
                    "note: \(report.unreadableDocuments) QI document(s) were left out: a newer PlaceSync wrote them (upgrade to count them)"
                )
            }
            if report.notesFromClocksAhead > 0 {
                print(
                    "note: \(report.notesFromClocksAhead) note(s) carry a creation time more than 48 hours ahead of this machine's clock (the writing node's clock was wrong); they are not counted in any month"
                )
            }
        }
    }

    func table(_ section: QIReport.Section) -> String {
        func list(_ counts: [String: Int]) -> String {
            counts.isEmpty
                ? "—" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        let activity = section.activity.sorted { $0.key < $1.key }.suffix(6).map {
            "\($0.key): \($0.value.projectsStarted) started, \($0.value.pdsaCycles) PDSA, \($0.value.dataPoints) points, \($0.value.notes) notes"
        }
        return """
            == \(section.name) (\(section.scope)) ==
              projects        \(section.projects)   by theme: \(list(section.projectsByTheme))
                              by status: \(list(section.projectsByStatus))
              people          \(section.people)   by role: \(list(section.peopleByRole))
              connections     \(section.crossOrganisationProjects) cross-organisation projects, \(section.organisationPairs) organisation pairs, \(section.adoptionLinks) adoption links
              spread          \(list(section.spreadByStage))
              activity (last 6 months with any)
            \(activity.map { "    " + $0 }.joined(separator: "\n"))

            """
    }
}

struct ExampleCountyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example-county",
        abstract: "Fill a space with a realistic, clearly fictional county (for trying things out).",
        discussion: """
            Six localities, 15 PCNs, 71 practices and partners (all marked as examples), people, and at
            full scale 300 projects, 600 PDSA cycles, 200 measures and 1,000 notes. The same seed gives the
            same county. Use a space of its own: `placesync create-space "Example county"` first.
            Example: placesync example-county --space "Example county" --seed 7 --scale 0.2
            """)
    @OptionGroup var options: QIOptions
    @Option(help: "The seed (the same seed, the same county).") var seed: UInt64 = 1
    @Option(help: "A share of the full size, 0 < scale ≤ 1 (the structure stays whole).") var scale: Double = 1

    func validate() throws {
        guard scale > 0, scale <= 1 else { throw ValidationError("--scale must be more than 0 and at most 1") }
    }

    func run() throws {
        let qi = try options.open()
        let started = Date()
        let plan = ExampleCounty.plan(seed: seed, scale: scale)
        try reported {
            try ExampleCounty.write(plan, into: qi) { line in
                FileHandle.standardError.write(Data("  \(line) (\(Int(Date().timeIntervalSince(started))) s)\n".utf8))
            }
        }
        print(
            "example county written: \(plan.organisations.count) organisations, \(plan.people.count) people, "
                + "\(plan.projects.count) projects, \(plan.cycles.count) PDSA cycles, \(plan.measures.count) measures, "
                + "\(plan.notes.count) notes in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export who changed what, verifiable with public keys alone; or verify an export.",
        discussion: """
            One JSON line per envelope: author (node id), sequence, kind, the document it edits (as this
            node read it), the id of the author's previous envelope, and the signed envelope itself.
            `placesync audit verify FILE` checks every signature, id and claim and each author's chain:
            a changed, dropped or reordered line fails. Envelopes carry no wall-clock time (no clock is
            trusted); the order is each author's own.
            Examples:
              placesync audit -o audit.jsonl
              placesync audit verify audit.jsonl
            """,
        subcommands: [ExportAudit.self, VerifyAudit.self], defaultSubcommand: ExportAudit.self)
}

struct ExportAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the space's audit.",
        discussion: "Example: placesync audit export -o audit.jsonl")
    @OptionGroup var options: QIOptions
    @Option(name: .shortAndLong, help: "Write to this file (default: standard output).") var output: String?

    func run() throws {
        let qi = try options.open()
        let text = try AuditExport.export(node: qi.node, space: qi.space)
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw CLIError("cannot write \(output): \(error.localizedDescription)")
            }
            print("audit of \(text.split(separator: "\n").count - 1) envelopes written to \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}

struct VerifyAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check an audit export (exit status 1 if anything fails).",
        discussion: "Needs no node: the export carries the public keys. Example: placesync audit verify audit.jsonl")
    /// Accepted like every command's, though verifying needs no node.
    @OptionGroup var node: NodeOptions
    @Argument(help: "The export (JSON lines).") var file: String

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CLIError("cannot read \(file)")
        }
        let result = AuditExport.verify(text)
        for problem in result.problems { print("✗ \(problem)") }
        guard result.isValid else {
            throw CLIError("\(file): \(result.problems.count) problem(s); the export does not verify")
        }
        print(
            "✓ \(result.verified) envelopes from \(result.authors.count) author(s): every signature, id and chain holds"
        )
    }
}
