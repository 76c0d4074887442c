import ArgumentParser
import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync

struct Documents: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "List a space's documents.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space (id or name).") var space: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let node = try options.open()
        let documents = try node.documents(in: try resolveSpace(space, in: node))
        if json {
            try printJSON(
                documents.map {
                    [
                        "id": "\($0.id)", "type": $0.type ?? "", "title": $0.title ?? "", "updatedAt": $0.updatedAt,
                        "updatedBy": "\($0.updatedBy)",
                    ] as [String: Any]
                })
        } else {
            for document in documents { print("\(document.id)  \(document.title ?? "(untitled)")") }
        }
    }
}

struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a document as JSON.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space (id or name).") var space: String
    @Argument(help: "The document: 32-hex id, `main`, or a name.") var document: String
    @Option(help: "Print only this top-level key's value.") var key: String?

    func run() throws {
        let node = try options.open()
        let doc = try node.document(resolveDocument(document), in: try resolveSpace(space, in: node))
        if let key {
            guard let value = doc.value(forKey: key) else { throw CLIError("the document has no key \"\(key)\"") }
            print(render(value, in: doc))
        } else {
            print(doc.json.jsonText)
        }
    }

    func render(_ value: DocumentValue, in doc: Document) -> String {
        switch value {
        case .scalar(.string(let text)): text
        case .container(let id, .text): doc.text(of: id) ?? ""
        default: "\(value)"
        }
    }
}

struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set a top-level key of a document (one signed, encrypted change).")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space (id or name).") var space: String
    @Argument(help: "The document: 32-hex id, `main`, or a name.") var document: String
    @Argument(help: "The key.") var key: String
    @Argument(help: "The value (a string unless --int).") var value: String
    @Flag(help: "Store the value as an integer.") var int = false

    func run() throws {
        let node = try options.open()
        let scalar: ScalarValue
        if int {
            guard let number = Int64(value) else { throw ValidationError("\"\(value)\" is not an integer") }
            scalar = .int(number)
        } else {
            scalar = .string(value)
        }
        try node.transact(in: try resolveSpace(space, in: node), document: resolveDocument(document)) { tx in
            try tx.set(key, scalar)
        }
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Full-text search over titles and note text.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "Words to find.") var text: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let results = try options.open().search(text)
        if json {
            try printJSON(
                results.map {
                    [
                        "space": "\($0.space)", "document": "\($0.document)", "title": $0.title ?? "",
                        "excerpt": $0.excerpt,
                    ]
                })
        } else {
            for result in results { print("\(result.document)  \(result.title ?? "")  \(result.excerpt)") }
        }
    }
}
