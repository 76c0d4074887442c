public import PlaceCRDT
internal import PlaceCrypto

extension Node {
    /// Plain sentences for peers caught withholding and for gaps the attestations show, most serious
    /// first (``explain(_:document:)`` and `placesync status`).
    public static func withholdingSentences(_ report: DeliveryReport, now: Double) -> [String] {
        var sentences: [String] = []
        for caught in report.withheld {
            sentences.append(
                "\(caught.peer) is keeping envelopes by \(caught.author) from this node: it attested (signed) holding them up to "
                    + "#\(caught.attested), then claimed only #\(caught.claimed) in a session with this node "
                    + "\(ago(now - caught.at)) ago. Sync through another hub or a bundle, and tell the space's admins."
            )
        }
        for gap in report.gaps {
            let by = names(gap.attestedBy)
            let claims = gap.peerClaims.map { "\($0.peer) says it holds #\($0.holds)" }.joined(separator: ", ")
            if gap.suspected {
                sentences.append(
                    "Envelopes by \(gap.author) up to #\(gap.attested) are held by \(by) (by their signed attestations) but have "
                        + "not reached this node in \(ago(now - gap.since)), though it was in contact with its peers"
                        + (claims.isEmpty ? "" : " (\(claims))")
                        + ": a path may be withholding them. Sync through another hub or a bundle.")
            } else {
                sentences.append(
                    "Envelopes by \(gap.author) up to #\(gap.attested) are held by \(by) and are on their way here "
                        + "(this node holds up to #\(gap.held), first noticed \(ago(now - gap.since)) ago).")
            }
        }
        return sentences
    }

    /// Plain sentences for delivery receipts: who holds this node's latest change, and members that lag.
    public static func receiptSentences(_ report: DeliveryReport, own: ActorID, held: VersionVector, now: Double)
        -> [String]
    {
        guard !report.attestations.isEmpty else { return [] }
        var sentences: [String] = []
        let latest = held[own]
        if latest > 0 {
            let holders = report.holders(of: own, seq: latest).count
            sentences.append(
                "This node's latest change (#\(latest)) is held by \(holders) of the \(report.otherMembers) other members, "
                    + "by the attestations of \(report.attestations.count).")
        }
        let lagging = report.attestations.filter { $0.lacks > 0 }.sorted { $0.lacks > $1.lacks }
        for member in lagging.prefix(5) {
            sentences.append(
                "\(member.node) (\(member.role)) lacked \(member.lacks) envelope\(member.lacks == 1 ? "" : "s") this node "
                    + "holds when it last attested, \(ago(now - member.receivedAt)) ago (received).")
        }
        if lagging.count > 5 { sentences.append("\(lagging.count - 5) more members lag.") }
        return sentences
    }

    private static func names(_ nodes: [NodeID]) -> String {
        let shown = nodes.prefix(3).map { "\($0)" }.joined(separator: ", ")
        return nodes.count > 3 ? "\(shown) and \(nodes.count - 3) more" : shown
    }
}
