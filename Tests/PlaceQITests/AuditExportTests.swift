import Foundation
import PlaceQI
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// The audit export verifies with public keys alone, and any change to it is caught.
@Suite struct AuditExportTests {
    func export() throws -> String {
        let nodes = try TwoNodes()
        let a = QISpace(node: nodes.a, space: nodes.space)
        let b = QISpace(node: nodes.b, space: nodes.space)
        let project = try a.createProject(ProjectDraft(title: "Falls"))
        try nodes.b.ingest(nodes.a.envelopes(in: nodes.space, since: nodes.b.version(of: nodes.space)))
        _ = try b.createNote(title: "Huddle", body: "Actions", project: project)
        try nodes.a.ingest(nodes.b.envelopes(in: nodes.space, since: nodes.a.version(of: nodes.space)))
        return try AuditExport.export(node: nodes.a, space: nodes.space)
    }

    @Test func anExportVerifiesAndNamesBothAuthors() throws {
        let text = try export()
        let result = AuditExport.verify(text)
        #expect(result.isValid, "\(result.problems)")
        #expect(result.authors.count == 2)
        #expect(result.verified == text.split(separator: "\n").count - 1)
        #expect(text.contains("\"document\""))
    }

    @Test func aChangedDroppedOrForgedLineIsCaught() throws {
        let lines = try export().split(separator: "\n").map(String.init)
        // A byte changed inside an envelope.
        var changed = lines
        var fields = try #require(try JSONSerialization.jsonObject(with: Data(changed[2].utf8)) as? [String: Any])
        let encoded = try #require(fields["envelope"] as? String)
        var bytes = [UInt8](try #require(Data(base64Encoded: encoded)))
        bytes[bytes.count - 70] ^= 0x01
        fields["envelope"] = Data(bytes).base64EncodedString()
        changed[2] = String(
            decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        #expect(!AuditExport.verify(changed.joined(separator: "\n")).isValid)
        // A line dropped from the middle of an author's chain.
        var dropped = lines
        dropped.remove(at: 2)
        let droppedResult = AuditExport.verify(dropped.joined(separator: "\n"))
        #expect(!droppedResult.isValid)
        // A line that claims another author than the envelope's.
        var forged = lines
        var claim = try #require(try JSONSerialization.jsonObject(with: Data(forged[1].utf8)) as? [String: Any])
        claim["seq"] = 99
        forged[1] = String(
            decoding: try JSONSerialization.data(withJSONObject: claim, options: [.sortedKeys]), as: UTF8.self)
        #expect(AuditExport.verify(forged.joined(separator: "\n")).problems.contains { $0.contains("says seq 99") })
        // Not an export at all.
        #expect(!AuditExport.verify("hello\n").isValid)
    }
}
