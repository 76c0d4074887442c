import Foundation
import PlaceCRDT
import PlaceSync
import PlaceSyncTestHelpers
import Testing

/// RELIABILITY.md D4: a full disk refuses writes and sync ingests with a plain message, changes
/// nothing, keeps serving reads, and once space is freed the node carries on without repair.
@Suite struct DiskFullTests {
    static func isFull(_ error: any Error) -> Bool {
        guard let error = error as? SyncError, error.code == .storage else { return false }
        return error.message.contains("the disk is full")
    }

    @Test func aFullDiskRefusesWritesAndIngestsPlainlyKeepsReadsAndResumesWhenSpaceIsFreed() throws {
        let folder = try TemporaryFolder()
        let a = try Node.create(at: folder.node("a"), configuration: testConfiguration())
        let b = try Node.create(at: folder.node("b"), configuration: testConfiguration())
        let space = try a.createSpace(name: "Forest of Dean locality")
        try admit(b, to: space, by: a)
        try b.ingest(a.envelopes(in: space, since: VersionVector()))
        try a.transact(in: space, document: documentID(1)) { tx in try tx.set("title", .string("Falls huddle")) }
        let paragraph = String(repeating: "Agreed actions for the falls huddle. ", count: 100)

        // Fill the replica up to its limit.
        try a.setReplicaSizeLimit(pages: 400)
        var refusal: (any Error)?
        for index in 0..<2_000 {
            let before = try a.version(of: space)
            do {
                try a.transact(in: space, document: documentID(UInt8(2 + index % 50))) { tx in
                    try tx.set("p\(index)", .string(paragraph))
                }
            } catch {
                refusal = error
                // Nothing of the refused write was kept.
                #expect(try a.version(of: space) == before)
                break
            }
        }
        let error = try #require(refusal, "the size limit was never reached")
        #expect(Self.isFull(error), "\(error)")

        // Reads go on, and the database is sound.
        #expect(try a.document(documentID(1), in: space).value(forKey: "title") == .scalar(.string("Falls huddle")))
        #expect(try a.search("falls").isEmpty == false)
        #expect(try a.integrityCheck() == "ok")

        // A sync batch is refused too: what was stored before the disk filled is a whole prefix of the
        // author's log (its chunks are committed one by one), the rest is not acknowledged and comes again.
        for index in 0..<40 {
            try b.transact(in: space, document: documentID(60)) { tx in try tx.set("b\(index)", .string(paragraph)) }
        }
        let batch = try b.envelopes(in: space, since: a.version(of: space))
        #expect {
            try a.ingest(batch)
        } throws: { Self.isFull($0) }
        #expect(try (a.version(of: space)[b.actor] ?? 0) < (b.version(of: space)[b.actor] ?? 0))
        #expect(try a.integrityCheck() == "ok")

        // Space is freed: the same node writes and takes the batch in, with nothing to repair.
        try a.setReplicaSizeLimit(pages: nil)
        try a.transact(in: space, document: documentID(1)) { tx in try tx.set("after", .string("space freed")) }
        let report = try a.ingest(try b.envelopes(in: space, since: a.version(of: space)))
        #expect(report.rejected.isEmpty)
        #expect(try a.version(of: space)[b.actor] == b.version(of: space)[b.actor])
        #expect(try a.integrityCheck() == "ok")
        #expect(try a.document(documentID(60), in: space).value(forKey: "b39") == .scalar(.string(paragraph)))
    }
}
