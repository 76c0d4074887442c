import Foundation
import PlaceCRDT
import PlaceSync

/// Section "checkpoint" (issue 24): a new member's initial sync of a space with `envelopeCount` envelopes
/// of history and 1 % more written after the admin's checkpoint — with the checkpoint offered (protocol
/// version 3) and without (the baseline, the same session with `offersCheckpoints` off), alternating
/// runs, in-memory pipe counting the bytes both ways.
@MainActor
func checkpointSection() async throws {
    print("## Initial sync of \(envelopeCount) envelopes: with and without a checkpoint\n")
    FileHandle.standardError.write(Data("building the admin's replica…\n".utf8))
    let runs = 2
    let joinerIDs = try (0..<(2 * runs)).map { try Node.create(at: root + "/cp-joiner-\($0)").nodeID }
    let (admin, space) = try makeWriter("cp-admin", count: envelopeCount, members: joinerIDs)
    let makeStart = now()
    let made = try admin.makeCheckpoint(of: space)
    let makeSeconds = now() - makeStart
    let after = max(1, envelopeCount / 100)
    for index in 0..<after {
        try await admin.transact(in: space, document: documentID(index % 1_000)) { tx in
            try tx.set("after", .string("edited after the checkpoint \(index)"))
        }
    }
    let total = try await admin.envelopes(in: space, since: VersionVector()).reduce(0) { $0 + $1.count }

    func join(_ index: Int, checkpoint: Bool) async throws -> (bytes: Int, seconds: Double, stubs: Bool) {
        let joiner = try await Node.open(at: root + "/cp-joiner-\(index)")
        try await joiner.joinSpace(space, name: "bench")
        let (adminEnd, joinerEnd) = InMemoryByteStream.pair()
        let toJoiner = CountingWriter(adminEnd.writer)
        let toAdmin = CountingWriter(joinerEnd.writer)
        var configuration = SyncConfiguration()
        configuration.offersCheckpoints = checkpoint
        let responder = try SyncSession(role: .responder, node: admin, configuration: configuration, now: clock.now())
        let initiator = try SyncSession(
            role: .initiator, node: joiner, configuration: SyncConfiguration(), now: clock.now())
        let start = now()
        async let served = SyncConnection.run(
            session: responder, inbound: adminEnd.inbound, writer: toJoiner, changes: AsyncStream { _ in },
            logger: quiet, clock: clock)
        let received = await SyncConnection.run(
            session: initiator, inbound: joinerEnd.inbound, writer: toAdmin, changes: AsyncStream { _ in },
            leaveWhenSynced: true, logger: quiet, clock: clock)
        _ = await served
        let elapsed = now() - start
        precondition(received.synced, "sync failed")
        let caughtUp = try await joiner.version(of: space) == admin.version(of: space)
        precondition(caughtUp, "the joiner did not catch up")
        for probe in [0, 499, 999] {
            let mine = try await joiner.document(documentID(probe), in: space).snapshot()
            let theirs = try await admin.document(documentID(probe), in: space).snapshot()
            precondition(mine == theirs, "documents differ")
        }
        let based = try joiner.checkpoint(of: space)?.isBase == true
        return (toJoiner.count + toAdmin.count, elapsed, based)
    }
    var with: [(bytes: Int, seconds: Double, stubs: Bool)] = []
    var without: [(bytes: Int, seconds: Double, stubs: Bool)] = []
    for run in 0..<runs {
        without.append(try await join(2 * run, checkpoint: false))
        with.append(try await join(2 * run + 1, checkpoint: true))
    }
    precondition(
        with.allSatisfy(\.stubs) && !without.contains(where: \.stubs),
        "the checkpoint was not (only) taken where offered")
    func mb(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1e6) }
    let withBytes = median(with.map { Double($0.bytes) })
    let withoutBytes = median(without.map { Double($0.bytes) })
    print("Envelopes: \(envelopeCount) below the checkpoint (it stands for \(made.envelopes)), \(after) after;")
    print(
        "their bytes: \(mb(total)); the checkpoint: \(mb(made.bytes)), made in \(String(format: "%.1f", makeSeconds)) s (a read transaction: writers go on).\n"
    )
    print("| | on the wire (both ways) | time (median of \(runs)) |")
    print("|---|---|---|")
    print(
        "| whole history (baseline) | \(mb(Int(withoutBytes))) | \(String(format: "%.1f", median(without.map(\.seconds)))) s |"
    )
    print(
        "| from the checkpoint | \(mb(Int(withBytes))) (\(String(format: "%.1f", 100 * withBytes / withoutBytes)) %) | \(String(format: "%.1f", median(with.map(\.seconds)))) s |"
    )
    print("")
}
