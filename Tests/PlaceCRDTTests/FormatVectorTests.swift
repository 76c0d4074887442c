import Foundation
import PlaceCRDT
import PlaceTestSupport
import Testing

/// The byte-exact vectors in `Protocol/vectors/document/` freeze the change and snapshot formats
/// (Protocol/DOCUMENT-FORMAT.md). `PLACESYNC_WRITE_VECTORS=1` rewrites them — only on a deliberate
/// format change, with a version bump.
@Suite struct FormatVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/document")

    /// The history the vectors encode: alice writes a note, bob edits it concurrently with alice's
    /// second change.
    static func history() throws -> (changes: [Change], snapshot: [UInt8]) {
        var a = ChangeLog()
        var b = ChangeLog()
        var body = ContainerID.root
        var visits = ContainerID.root
        let first = try #require(
            try a.transact(document: .main, actor: alice) { tx in
                try tx.set("title", .string("QI"))
                body = try tx.makeContainer(.text, at: "body")
                try tx.insertText("hé", at: 0, in: body)
            })
        _ = try b.receive(first)
        let second = try #require(
            try a.transact(document: .main, actor: alice) { tx in
                visits = try tx.makeContainer(.counter, at: "visits")
                try tx.increment(visits, by: -3)
            })
        let third = try #require(
            try b.transact(document: .main, actor: bob) { tx in
                try tx.delete(at: 0, count: 1, in: body)
                try tx.set("title", .double(1.5))
                let list = try tx.makeContainer(.list, at: "tags")
                try tx.insert([.bool(true), .null, .int(7)], at: 0, in: list)
            })
        _ = try a.receive(third)
        return ([first, second, third], a.document(.main).snapshot())
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func read(_ name: String) throws -> [UInt8] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let digits = Array(text.filter(\.isHexDigit))
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
    }

    /// A version-2 change that names its own author among its dependencies is not canonical.
    @Test func aVersionTwoChangeNamingItsOwnPreviousIsRefused() throws {
        let (changes, _) = try Self.history()
        var bytes = changes[1].encoded(version: 1)
        bytes[0] = 2
        #expect(throws: CRDTError.self) { try Change(encoded: bytes) }
    }

    @Test func changesAndSnapshotMatchTheCommittedVectors() throws {
        let (changes, snapshot) = try Self.history()
        // Version 2 (what this build writes) and version 1 (still read; its vectors stay).
        let files =
            changes.enumerated().map { ("change-v2-\($0.offset + 1).hex", $0.element.encoded()) }
            + changes.enumerated().map { ("change-\($0.offset + 1).hex", $0.element.encoded(version: 1)) } + [
                ("snapshot.hex", snapshot)
            ]
        if ProcessInfo.processInfo.environment["PLACESYNC_WRITE_VECTORS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            for (name, bytes) in files {
                try (Self.hex(bytes) + "\n").write(
                    to: Self.directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        for (name, bytes) in files {
            #expect(try Self.read(name) == bytes, "\(name) no longer matches the encoder")
        }
        for (index, change) in changes.enumerated() {
            #expect(try Change(encoded: Self.read("change-\(index + 1).hex")) == change)
            #expect(try Change(encoded: Self.read("change-v2-\(index + 1).hex")) == change)
        }
        // Version 2 leaves out the author's own previous change: one dependency fewer from seq 2 on.
        #expect(changes[1].encoded().count == changes[1].encoded(version: 1).count - 33)
        #expect(changes[0].encoded().count == changes[0].encoded(version: 1).count)
        let document = try Document(snapshot: Self.read("snapshot.hex"))
        #expect(document.json.jsonText == #"{"body":"é","tags":[true,null,7],"title":1.5,"visits":-3}"#)
    }
}
