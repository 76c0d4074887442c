import ArgumentParser
import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceWire

struct Initialize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a node (a new identity and an empty replica).")
    @OptionGroup var options: NodeOptions
    @Option(help: "This node's display name, shown to other members.") var name = ""

    func run() throws {
        var configuration = NodeConfiguration()
        configuration.displayName = name
        let node = try Node.create(at: options.directory, configuration: configuration)
        print("created node \(node.nodeID) in \(options.directory)")
    }
}

struct ShowID: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "id", abstract: "Print this node's id.")
    @OptionGroup var options: NodeOptions
    func run() throws { print(try options.open().nodeID) }
}

struct Spaces: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the spaces this node holds.")
    @OptionGroup var options: NodeOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let node = try options.open()
        let spaces = try node.spaces()
        if json {
            try printJSON(
                try spaces.map { space in
                    ["id": "\(space.id)", "name": space.name, "epoch": try node.membership(of: space.id).epoch]
                        as [String: Any]
                })
        } else {
            if spaces.isEmpty { print("no spaces yet: `placesync create-space NAME`, or join one with an invite") }
            for space in spaces { print("\(space.id)  \(space.name)") }
        }
    }
}

struct CreateSpace: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a space, with this node as its first admin.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space's name (local to this node).") var name: String

    func run() throws { print(try options.open().createSpace(name: name)) }
}

struct Members: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a space's members, their roles and the epoch.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space (id or name).") var space: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let node = try options.open()
        let id = try resolveSpace(space, in: node)
        let members = try node.members(in: id)
        let epoch = try node.membership(of: id).epoch
        if json {
            try printJSON([
                "epoch": epoch,
                "members": members.map {
                    ["node": nodeText($0.node), "role": "\($0.role)", "name": $0.displayName ?? ""] as [String: Any]
                },
            ])
        } else {
            print("epoch \(epoch)")
            for member in members {
                print("\(nodeText(member.node))  \(member.role)  \(member.displayName ?? "")")
            }
        }
    }
}

struct AddMember: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add a node to a space (admins only).")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space (id or name).") var space: String
    @Argument(help: "The new member's node id (`placesync id` on its machine).") var node: String
    @Option(help: "admin, writer, reader or relay.") var role = "writer"
    @Option(help: "Its display name.") var name = ""

    func run() throws {
        let local = try options.open()
        guard let memberRole = MemberRole.allCases.first(where: { $0.description == role }) else {
            throw ValidationError("role must be admin, writer, reader or relay")
        }
        try local.addMember(
            try parseNodeID(node), role: memberRole, in: try resolveSpace(space, in: local), displayName: name)
        print("added \(node) as \(role)")
    }
}

struct RemoveMember: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove a member (admins only); starts a new key epoch.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space (id or name).") var space: String
    @Argument(help: "The member's node id.") var node: String

    func run() throws {
        let local = try options.open()
        guard let actor = ActorID(bytes: try parseNodeID(node).publicKey) else { throw CLIError("bad node id") }
        try local.removeMember(actor, from: try resolveSpace(space, in: local))
        print("removed \(node)")
    }
}
