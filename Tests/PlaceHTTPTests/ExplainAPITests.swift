import Foundation
import PlaceSync
import PlaceSyncTestHelpers
import Testing

@testable import PlaceHTTP

/// `GET /v1/spaces/{space}/explain` and the sync page: what `placesync explain` says, with the members'
/// attestations, over a real node.
@Suite struct ExplainAPITests {
    /// Another member writes; only its attestation reaches the fixture's node (a receipt carried by hand).
    static func attestationWithoutItsEnvelopes(_ fixture: FrontendFixture) throws -> Node {
        let other = try Node.create(at: fixture.folder.node("other"), configuration: testConfiguration())
        try fixture.node.addMember(other.nodeID, role: .writer, in: fixture.space)
        try other.joinSpace(fixture.space, name: "locality")
        try other.ingest(fixture.node.envelopes(in: fixture.space, since: VersionVector()))
        try writeNotes(other, space: fixture.space, count: 2)
        let attestation = try #require(try other.ownAttestation(of: fixture.space))
        let receipt = try fixture.node.receiveAttestations(
            [attestation.bytes], in: fixture.space, from: "bundle:other")
        #expect(receipt.stored == 1)
        return other
    }

    @Test func explainSaysWhatTheAttestationsShowAsDataAndOnTheSyncPage() async throws {
        let fixture = try await FrontendFixture.start()
        defer { Task { await fixture.stop() } }
        let other = try Self.attestationWithoutItsEnvelopes(fixture)

        let response = try await fixture.client.get("/v1/spaces/\(fixture.space)/explain")
        #expect(response.status == 200, "\(response.text)")
        let sentences = try #require(response.json["sentences"] as? [String])
        #expect(sentences.contains { $0.contains("are on their way here") })
        let delivery = try #require(response.json["delivery"] as? [String: Any])
        #expect(delivery["otherMembers"] as? Int == 1)
        let gaps = try #require(delivery["gaps"] as? [[String: Any]])
        #expect(gaps.count == 1 && gaps.first?["author"] as? String == "\(other.nodeID)")
        #expect(gaps.first?["suspected"] as? Bool == false)
        #expect((delivery["attestations"] as? [Any])?.count == 1)
        let missing = try await fixture.client.get("/v1/spaces/\(String(repeating: "0", count: 32))/explain")
        #expect(missing.status == 404)

        let browser = try await fixture.browser()
        let page = try await browser.get("/s/\(fixture.space)/sync")
        #expect(page.status == 200)
        #expect(page.text.contains("may not be in sync") && page.text.contains("are on their way here"))
    }
}
