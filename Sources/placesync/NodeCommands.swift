import ArgumentParser
import Foundation
import PlaceBinary
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
        var configuration = try options.configuration()
        configuration.displayName = name
        let node = try Node.create(at: options.directory, configuration: configuration)
        let sealed = configuration.passphrase == nil ? "" : " (key file sealed with the passphrase)"
        print("created node \(node.nodeID) in \(options.directory)\(sealed)")
    }
}

struct ShowID: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "id", abstract: "Print this node's id.")
    @OptionGroup var options: NodeOptions
    func run() throws { print(try options.open().nodeID) }
}

struct Spaces: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the spaces this node holds, and the spaces peers offered it.",
        discussion: """
            A peer that says this node belongs to a space it does not hold (an admin added it) makes an offer:
            nothing is fetched until you accept it with `placesync accept SPACE-ID` (or drop it with
            `placesync decline SPACE-ID`). Spaces you joined with an invite need no accepting.
            """)
    @OptionGroup var options: NodeOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let node = try options.open()
        let spaces = try node.spaces()
        let offers = try node.offers()
        if json {
            try printJSON([
                "spaces": try spaces.map { space in
                    ["id": "\(space.id)", "name": space.name, "epoch": try node.membership(of: space.id).epoch]
                        as [String: Any]
                },
                "offers": offers.map { ["id": "\($0.space)", "from": "\($0.from)", "offeredAt": $0.offeredAt] },
            ])
        } else {
            if spaces.isEmpty { print("no spaces yet: `placesync create-space NAME`, or join one with an invite") }
            for space in spaces { print("\(space.id)  \(space.name)") }
            if !offers.isEmpty {
                print("\noffered (not fetched; `placesync accept ID` or `placesync decline ID`):")
                for offer in offers { print("\(offer.space)  from \(offer.from)") }
            }
        }
    }
}

struct AcceptOffer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Accept a space a peer offered: the next sync fetches it.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The offered space's id (`placesync spaces` lists offers).") var space: String
    @Option(help: "A name for the space on this node.") var name = ""

    func run() throws {
        let node = try options.open()
        let id = try parseSpaceID(space)
        try node.acceptOffer(id, name: name)
        print("accepted \(id); it is fetched at the next sync with a peer that holds it")
    }
}

struct DeclineOffer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline", abstract: "Drop a space a peer offered (it may be offered again).")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The offered space's id (`placesync spaces` lists offers).") var space: String

    func run() throws {
        try options.open().declineOffer(try parseSpaceID(space))
        print("declined")
    }
}

/// A space id as 32 hex digits.
func parseSpaceID(_ text: String) throws -> SpaceID {
    guard text.count == 32, let bytes = Hex.bytes(text), let id = SpaceID(bytes: bytes) else {
        throw ValidationError("\"\(text)\" is not a space id (32 hex digits, as `placesync spaces` prints)")
    }
    return id
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
                    ["node": "\($0.node)", "role": "\($0.role)", "name": $0.displayName ?? ""] as [String: Any]
                },
            ])
        } else {
            print("epoch \(epoch)")
            for member in members {
                print("\(member.node)  \(member.role)  \(member.displayName ?? "")")
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
        try local.removeMember(try parseNodeID(node), from: try resolveSpace(space, in: local))
        print("removed \(node)")
    }
}
