internal import Foundation
internal import GRDB
public import PlaceCRDT

/// One page of a space's envelopes for a peer, in arrival order (a causal order).
public struct EnvelopePage: Sendable {
    /// The envelopes, byte for byte, with their author, seq and whether they are applied here (`false`:
    /// kept as evidence beyond a cut-off).
    public var envelopes: [(author: ActorID, seq: UInt64, applied: Bool, bytes: [UInt8])]
    /// The last row read (pass it as `afterRow` to continue).
    public var lastRow: Int64
    /// Whether rows remain after `lastRow`.
    public var hasMore: Bool

    /// A page.
    public init(
        envelopes: [(author: ActorID, seq: UInt64, applied: Bool, bytes: [UInt8])], lastRow: Int64, hasMore: Bool
    ) {
        self.envelopes = envelopes
        self.lastRow = lastRow
        self.hasMore = hasMore
    }
}

extension StoreTransaction {
    /// A page of the envelopes of `space` stored after row `afterRow`, skipping those a peer at `vector`
    /// already has (evidence rows are always included: a peer's vector does not cover them) and stubs (kept
    /// without their bytes, `Protocol/CHECKPOINT.md`). Stops after
    /// `maxCount` envelopes or once `maxBytes` is reached (a page holds at least one envelope when any is
    /// left). Reads rows in arrival order by rowid (`NOT INDEXED`: the space's indexes would make SQLite
    /// collect and sort the whole space for every page), so paging never rescans what was sent.
    public func envelopePage(
        space: SpaceID, afterRow: Int64, since vector: VersionVector, maxCount: Int, maxBytes: Int
    ) throws -> EnvelopePage {
        var page = EnvelopePage(envelopes: [], lastRow: afterRow, hasMore: false)
        var bytes = 0
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql:
                    "SELECT rowid, author, seq, applied, bytes FROM envelope NOT INDEXED WHERE rowid > ? AND space = ? ORDER BY rowid"
            ),
            arguments: [afterRow, Data(space.bytes)])
        while let row = try cursor.next() {
            if page.envelopes.count >= maxCount || bytes >= maxBytes {
                page.hasMore = true
                break
            }
            guard let author = ActorID(bytes: [UInt8]((try row.decode(atIndex: 1)) as Data)) else {
                throw StoreError(.corrupt, "an envelope row has an author of the wrong length")
            }
            let seq = UInt64(bitPattern: (try row.decode(atIndex: 2)) as Int64)
            let applied: Bool = (try row.decode(atIndex: 3))
            page.lastRow = (try row.decode(atIndex: 0))
            if applied, seq <= vector[author] { continue }
            let data = [UInt8]((try row.decode(atIndex: 4)) as Data)
            // A stub (below a checkpoint this replica started from or compacted to) has no bytes to send.
            if data.isEmpty { continue }
            bytes += data.count
            page.envelopes.append((author: author, seq: seq, applied: applied, bytes: data))
        }
        return page
    }

    /// The bytes of an author's envelopes kept in a space.
    public func storedBytes(space: SpaceID, author: ActorID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(
                sql: "SELECT coalesce(sum(length(bytes)), 0) FROM envelope WHERE space = ? AND author = ?"),
            arguments: [Data(space.bytes), Data(author.bytes)]) ?? 0
    }

    /// The highest row of a space's envelopes (0 if none): where a live feed starts.
    public func lastEnvelopeRow(space: SpaceID) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT coalesce(max(rowid), 0) FROM envelope WHERE space = ?"),
            arguments: [Data(space.bytes)]) ?? 0
    }

    /// The highest envelope row in the replica, whatever the space (0 if none): a cheap way for another
    /// process to notice writes.
    public func lastEnvelopeRow() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(rowid), 0) FROM envelope")) ?? 0
    }
}
