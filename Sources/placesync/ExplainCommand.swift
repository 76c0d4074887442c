import ArgumentParser
import Foundation
import PlaceSync

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Say why a space is not in sync here: withholding, peers, what waits for what, refusals, missing keys, who holds your changes.",
        discussion: """
            Read from the replica, as placesyncd (or sync --once, or bundle import) last recorded it.
            Plain sentences first; --json gives the same as data for tools.
            Examples: placesync explain "Falls QI"
                      placesync explain "Falls QI" 8bfd6db44d5c45823ff2feb2aa2c1e52   (a note: has my edit reached the others?)
            """)
    @OptionGroup var options: NodeOptions
    @Argument(help: "The space: its name or id.") var space: String
    @Argument(help: "A document (its id, `main`, or the name given to `placesync set`): its receipts first.")
    var document: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let node = try options.open()
        let explanation: SyncExplanation
        do {
            explanation = try node.explain(try resolveSpace(space, in: node), document: document.map(resolveDocument))
        } catch let error as SyncError {
            throw CLIError(error.message)
        }
        guard json else {
            for sentence in explanation.sentences { print("- " + sentence) }
            return
        }
        try printJSON([
            "space": "\(explanation.space)",
            "sentences": explanation.sentences,
            "waiting": explanation.waiting.map {
                [
                    "author": $0.author.map { "\($0)" } ?? "", "seq": $0.seq, "envelopes": $0.envelopes,
                    "heldBy": $0.heldBy,
                ] as [String: Any]
            },
            "refusals": explanation.refusals.map {
                [
                    "author": $0.author.map { "\($0)" } ?? "",
                    "seq": $0.seq ?? 0, "reason": $0.reason, "source": $0.source, "at": $0.at,
                ] as [String: Any]
            },
            "delivery": deliveryJSON(explanation.delivery),
            "missingKeyEpoch": explanation.missingKeyEpoch ?? 0,
            "keyFrom": explanation.keyFrom.map { "\($0)" },
            "peers": explanation.peers.map { peer in
                [
                    "key": peer.key, "connected": peer.connected, "lastContact": peer.lastContact ?? 0,
                    "lastError": peer.lastError ?? "",
                    "spaces": peer.spaces.filter { $0.space == explanation.space }.map {
                        ["peerLacks": $0.peerLacks, "weLack": $0.weLack]
                    },
                ] as [String: Any]
            },
        ])
    }
}

/// The attestations' view of a space, as JSON objects.
func deliveryJSON(_ report: DeliveryReport) -> [String: Any] {
    [
        "otherMembers": report.otherMembers,
        "attestations": report.attestations.map {
            [
                "node": "\($0.node)", "role": "\($0.role)", "issuedAt": $0.issuedAt, "receivedAt": $0.receivedAt,
                "lacks": $0.lacks, "ahead": $0.ahead,
            ] as [String: Any]
        },
        "gaps": report.gaps.map { gap in
            [
                "author": "\(gap.author)", "held": gap.held, "attested": gap.attested,
                "attestedBy": gap.attestedBy.map { "\($0)" }, "since": gap.since, "suspected": gap.suspected,
                "peerClaims": gap.peerClaims.map { ["peer": $0.peer, "holds": $0.holds] as [String: Any] },
            ] as [String: Any]
        },
        "withheld": report.withheld.map {
            [
                "peer": "\($0.peer)", "author": "\($0.author)", "attested": $0.attested, "claimed": $0.claimed,
                "at": $0.at,
            ] as [String: Any]
        },
    ]
}
