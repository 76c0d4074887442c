import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceWire
import Testing

/// A member that writes format-2 headers by hand (`Protocol/ENVELOPE.md` §1, §4): heads that never
/// arrive, or that lie beyond a cut-off, cost it its own envelopes and nobody else anything.
@Suite struct HostileHeadsTests {
    @Test func headsThatNeverArriveMakeOnlyTheirOwnAuthorWait() throws {
        let nodes = try TwoNodes()
        let (a, b, space) = (nodes.a, nodes.b, nodes.space)
        var mallory = try HandSigner(space: space)
        try a.addMember(mallory.nodeID, role: .writer, in: space)
        try b.ingest(a.envelopes(in: space, since: b.version(of: space)))
        let stranger = try HandSigner(space: space)
        let before = try a.version(of: space)
        let bogus = try mallory.signContent([1, 2, 3], heads: VersionVector([b.actor: 999]))
        let next = try mallory.signContent([4], heads: VersionVector())
        let outsider = try HandSigner(space: space)
        let fromNobody = try mallory.signContent([5], heads: VersionVector([stranger.actor: 1, outsider.actor: 3]))
        try b.transact(in: space, document: .main) { tx in try tx.set("b", .string("goes on")) }
        let fromB = try b.envelopes(in: space, since: before)

        let report = try a.ingest([bogus, next, fromNobody] + fromB, in: space)
        #expect(report.rejected.isEmpty)
        #expect(report.pending.count == 3)
        #expect(report.applied.count == fromB.count)
        #expect(try a.version(of: space)[mallory.actor] == 0)
        #expect(try a.document(.main, in: space).value(forKey: "b") == .scalar(.string("goes on")))
        // The honest members keep writing and syncing past the waiting envelopes.
        try a.transact(in: space, document: .main) { tx in try tx.set("a", .string("too")) }
        try b.ingest(a.envelopes(in: space, since: b.version(of: space)))
        #expect(try b.document(.main, in: space).snapshot() == a.document(.main, in: space).snapshot())
    }

    /// A head held only as evidence (beyond its author's cut-off) puts what names it outside the state
    /// too, exactly as a format-1 dependency on it does: kept as evidence, never applied, not refused.
    @Test func aHeadBeyondACutOffKeepsWhatNamesItAsEvidence() throws {
        let nodes = try TwoNodes()
        let (a, b, space) = (nodes.a, nodes.b, nodes.space)
        var mallory = try HandSigner(space: space)
        try a.addMember(mallory.nodeID, role: .writer, in: space)
        try b.ingest(a.envelopes(in: space, since: b.version(of: space)))
        // b writes, but a removes it before hearing of that write: b's envelope lands beyond its cut-off.
        let before = try b.version(of: space)
        try b.transact(in: space, document: .main) { tx in try tx.set("late", .string("after removal")) }
        let late = try b.envelopes(in: space, since: before)
        let lateSeq = try Envelope(decoding: late[0]).header.seq
        try a.removeMember(b.nodeID, from: space)
        let first = try a.ingest(late, in: space)
        #expect(first.excluded.count == 1)

        let key = try #require(try a.heldEpochKeys(in: space).last).contentKey()
        let naming = try mallory.signContent(
            [1], heads: VersionVector([b.actor: lateSeq]), key: key, epoch: key.epoch)
        let report = try a.ingest([naming], in: space)
        #expect(report.excluded.count == 1 && report.applied.isEmpty && report.rejected.isEmpty)
        #expect(try a.version(of: space)[mallory.actor] == 0)
        #expect(try a.document(.main, in: space).value(forKey: "late") == nil)
        // The cut-off re-derived the state; a's next envelope still names its heads, and they close over
        // exactly what a had applied.
        let applied = try a.version(of: space)
        try a.transact(in: space, document: .main) { tx in try tx.set("after", .string("cut-off")) }
        let written = try Envelope(decoding: try a.envelopes(in: space, since: applied)[0]).header
        #expect(written.namesHeads)
        #expect(try a.causalPast(of: a.actor, seq: written.seq, in: space) == applied)
    }
}
