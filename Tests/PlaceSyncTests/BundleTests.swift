import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceSync
import PlaceSyncTestHelpers
import PlaceTestSupport
import PlaceWire
import Testing

/// Sneakernet bundles: a practice with no network converges through files carried both ways, and a
/// bundle that was altered, cut short, imported before, or is someone else's is refused, changing nothing.
@Suite struct BundleTests {
    @Test func aPracticeWithNoNetworkConvergesThroughBundlesCarriedBothWays() throws {
        let folder = try TemporaryFolder()
        let hub = try Node.create(at: folder.node("hub"), configuration: testConfiguration())
        let practice = try Node.create(at: folder.node("practice"), configuration: testConfiguration())
        let space = try hub.createSpace(name: "Falls QI")
        try hub.addMember(practice.nodeID, role: .writer, in: space)
        try hub.transact(in: space, document: .main) { tx in try tx.set("title", .string("Huddle at 8:30")) }

        // Out: everything, for the practice, which takes the space on with it.
        let out = try hub.exportBundle(space: space, for: practice.nodeID)
        let first = try practice.importBundle(out.bytes, spaceName: "Falls QI")
        #expect(first.joined)
        #expect(first.ingest.rejected.isEmpty && first.ingest.pending.isEmpty)
        #expect(try practice.document(.main, in: space).value(forKey: "title") == .scalar(.string("Huddle at 8:30")))

        // Back: the practice's own change, which is also its acknowledgement.
        try practice.transact(in: space, document: .main) { tx in try tx.set("owner", .string("the practice")) }
        let back = try practice.exportBundle(space: space, for: hub.nodeID)
        #expect(back.manifest.envelopeCount == 1, "only what the hub lacks, by the bundle it sent")
        _ = try hub.importBundle(back.bytes)
        #expect(try hub.version(of: space) == practice.version(of: space))
        #expect(try hub.document(.main, in: space) == practice.document(.main, in: space))
        // The hub now knows what the practice holds: its next bundle carries only what is new.
        try hub.transact(in: space, document: .main) { tx in try tx.set("status", .string("testing")) }
        #expect(try hub.exportBundle(space: space, for: practice.nodeID).manifest.envelopeCount == 1)
        #expect(try hub.peerStatuses().contains { $0.direction == .bundle && $0.nodeID == practice.nodeID })
        // Receipts travel with the bundles: each side holds the other's attestation, and the hub holds the
        // practice's change by its own attestation, and the practice learns the hub holds it.
        #expect(first.attestations.stored == 1 && first.attestations.refused.isEmpty)
        let latest = try practice.version(of: space)[practice.actor]
        #expect(try hub.delivery(of: space).holders(of: practice.actor, seq: latest) == [practice.nodeID])
        let again = try practice.importBundle(try hub.exportBundle(space: space, for: practice.nodeID).bytes)
        #expect(again.attestations.stored == 1)
        #expect(try practice.delivery(of: space).holders(of: practice.actor, seq: latest) == [hub.nodeID])
    }

    @Test func aBundleOfTheFirstFormatStillImports() throws {
        let nodes = try TwoNodes()
        let (a, b, space) = (nodes.a, nodes.b, nodes.space)
        try a.transact(in: space, document: .main) { tx in try tx.set("title", .string("Falls huddle")) }
        let manifest = BundleManifest(
            id: [UInt8](repeating: 7, count: 16), createdAt: 1_800_000_000, exporter: a.nodeID, recipient: b.nodeID,
            space: space, exporterVector: try a.version(of: space), since: try b.version(of: space))
        let envelopes = try a.envelopes(in: space, since: try b.version(of: space))
        let older = try EnvelopeBundle.write(
            manifest: manifest, envelopes: envelopes, signer: a.sessionIdentity, format: 1)
        #expect(older[6] == 1)
        let report = try b.importBundle(older)
        #expect(report.attestations == AttestationReceipt())
        #expect(try b.version(of: space) == a.version(of: space))
    }

    @Test func anAlteredTruncatedReplayedOrForeignBundleIsRefusedAndChangesNothing() throws {
        let nodes = try TwoNodes()
        let (a, b, space) = (nodes.a, nodes.b, nodes.space)
        try a.transact(in: space, document: .main) { tx in try tx.set("title", .string("Falls huddle")) }
        let bundle = try a.exportBundle(space: space, for: b.nodeID).bytes
        let before = try b.version(of: space)
        func refusal(_ bytes: [UInt8], by node: Node? = nil) -> SyncError? {
            do {
                _ = try (node ?? b).importBundle(bytes)
                return nil
            } catch { return error as? SyncError }
        }

        // Altered: a byte of an envelope, or of the manifest.
        var altered = bundle
        altered[altered.count - 10] ^= 1
        #expect(refusal(altered)?.message.contains("not the ones its writer signed for") == true)
        var forged = bundle
        forged[12] ^= 1
        #expect(refusal(forged)?.code == .invalidInput)
        // Cut short, anywhere.
        for length in [0, 5, 40, bundle.count / 2, bundle.count - 1] {
            #expect(refusal(Array(bundle.prefix(length)))?.code == .invalidInput, "cut at \(length)")
        }
        // Someone else's: written for another node, or by a node that is no member.
        let stranger = try Node.create(at: nodes.folder.node("stranger"), configuration: testConfiguration())
        #expect(refusal(bundle, by: stranger)?.code == .notPermitted)
        let own = try stranger.createSpace(name: "elsewhere")
        let foreign = try stranger.exportBundle(space: own).bytes
        #expect(refusal(foreign)?.code == .unknownSpace)
        #expect(try b.version(of: space) == before, "nothing was applied")

        // Imported once; a second time is noticed and changes nothing.
        _ = try b.importBundle(bundle)
        let after = try b.version(of: space)
        #expect(after != before)
        #expect(refusal(bundle)?.code == .alreadyExists)
        #expect(try b.version(of: space) == after)
    }

    /// Any damage to a bundle's bytes: refused with an error or read whole, never a trap.
    @Test func mutatedBundlesNeverTrap() throws {
        let nodes = try TwoNodes()
        try writeNotes(nodes.a, space: nodes.space, count: 3)
        let bundle = try nodes.a.exportBundle(space: nodes.space).bytes
        let manifest = try EnvelopeBundle(decoding: bundle).manifest
        var random = SeededRandom(seed: 25)
        for _ in 0..<3_000 {
            var bytes = bundle
            for _ in 0...random.below(3) {
                switch random.below(3) {
                case 0: bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255))
                case 1: bytes.removeLast(1 + random.below(bytes.count - 1))
                default: bytes.insert(UInt8(random.below(256)), at: random.below(bytes.count + 1))
                }
            }
            if let decoded = try? EnvelopeBundle(decoding: bytes) { #expect(decoded.manifest == manifest) }
        }
    }
}
