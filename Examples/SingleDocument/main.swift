// One document, no spaces, no node: two editors keep a QI note in PlaceCRDT change logs, type
// concurrently, exchange changes, and one of them undoes and redoes its own edit while the other's
// edits keep arriving. Run it with `swift run placesync-editor-demo`; it exits with status 1 if the
// editors do not end with the same text, or the undo took back anything but its own edit.
import PlaceCRDT

struct Failure: Error, CustomStringConvertible {
    let description: String
}

/// One editor: a change log of its own, its author id, and its undo history.
struct Editor {
    let name: String
    let actor: ActorID
    var log = ChangeLog()
    var history: EditHistory?
    /// Changes made here that the other editor has not had yet.
    var outbox: [Change] = []

    init(name: String, actorByte: UInt8) throws {
        self.name = name
        guard let actor = ActorID(bytes: [UInt8](repeating: actorByte, count: ActorID.byteCount)) else {
            throw Failure(description: "an actor id is \(ActorID.byteCount) bytes")
        }
        self.actor = actor
    }

    var body: ContainerID? {
        if case .container(let id, .text) = log.document(.main).value(forKey: "body") { return id }
        return nil
    }

    var text: String { body.flatMap { log.document(.main).text(of: $0) } ?? "" }

    /// Applies one edit as one change, and remembers it for undo when `recorded`.
    mutating func apply(_ edit: EditHistory.Edit) throws {
        guard let body else { throw Failure(description: "\(name) has no body yet") }
        let change = try log.transact(document: .main, actor: actor) { tx in
            switch edit {
            case .inserted(let at, let text):
                try tx.insertText(String(String.UnicodeScalarView(text)), at: at, in: body)
            case .deleted(let at, let text):
                try tx.delete(at: at, count: text.count, in: body)
            }
        }
        if let change { outbox.append(change) }
    }

    mutating func type(_ text: String, at index: Int) throws {
        let edit = EditHistory.Edit.inserted(at: index, text: Array(text.unicodeScalars))
        try apply(edit)
        history?.record(edit)
    }

    mutating func undo() throws {
        guard let edit = history?.popUndo() else { throw Failure(description: "\(name) has nothing to undo") }
        try apply(edit)
        history?.didApply(edit, undoing: true)
    }

    mutating func redo() throws {
        guard let edit = history?.popRedo() else { throw Failure(description: "\(name) has nothing to redo") }
        try apply(edit)
        history?.didApply(edit, undoing: false)
    }

    /// Takes in what `other` wrote since the last exchange (sent as bytes, as over a network).
    mutating func receive(from other: inout Editor) throws {
        let changes = try other.outbox.map { try Change(encoded: $0.encoded()) }
        other.outbox = []
        let outcome = log.receive(changes)
        guard outcome.rejected.isEmpty else { throw Failure(description: "\(name) refused \(outcome.rejected)") }
        history?.map(through: outcome.patches[.main] ?? [])
    }
}

func show(_ step: String, _ ann: Editor, _ ben: Editor) {
    print("\(step)\n  Ann: \(ann.text)\n  Ben: \(ben.text)")
}

do {
    var ann = try Editor(name: "Ann", actorByte: 1)
    var ben = try Editor(name: "Ben", actorByte: 2)

    // Ann starts the note; Ben receives it.
    let first = try ann.log.transact(document: .main, actor: ann.actor) { tx in
        let body = try tx.makeContainer(.text, at: "body")
        try tx.insertText("Aim: fewer falls.", at: 0, in: body)
    }
    if let first { ann.outbox.append(first) }
    try ben.receive(from: &ann)
    ann.history = ann.body.map { EditHistory(container: $0) }
    show("Ann wrote the aim; Ben received it:", ann, ben)

    // Offline from each other: Ann adds a measure at the end, Ben a heading at the start.
    try ann.type(" Measure: falls per 1,000 bed days.", at: ann.text.unicodeScalars.count)
    try ben.type("PDSA 1. ", at: 0)
    try ann.receive(from: &ben)
    try ben.receive(from: &ann)
    show("Both typed offline, then exchanged:", ann, ben)

    // Ann undoes her measure: only her text goes, although Ben's heading moved it.
    try ann.undo()
    try ben.receive(from: &ann)
    show("Ann pressed undo:", ann, ben)
    guard ann.text == "PDSA 1. Aim: fewer falls." else { throw Failure(description: "undo took back the wrong text") }

    // Ben edits meanwhile; Ann redoes, and her measure comes back where it belongs.
    try ben.type(" (over-75s)", at: "PDSA 1. Aim: fewer falls".unicodeScalars.count)
    try ann.receive(from: &ben)
    try ann.redo()
    try ben.receive(from: &ann)
    show("Ben added a detail; Ann pressed redo:", ann, ben)

    let expected = "PDSA 1. Aim: fewer falls (over-75s). Measure: falls per 1,000 bed days."
    guard ann.text == expected, ben.text == expected else {
        throw Failure(description: "the editors ended apart, or not with \(expected)")
    }
    guard ann.log.document(.main).snapshot() == ben.log.document(.main).snapshot() else {
        throw Failure(description: "the editors' snapshots differ")
    }
    print("Converged: both editors hold the same document, and undo and redo took back only Ann's edit.")
} catch {
    print("failed: \(error)")
    exitProcess(1)
}
