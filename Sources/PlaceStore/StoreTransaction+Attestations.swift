internal import Foundation
internal import GRDB
public import PlaceCRDT

/// A member's latest head attestation of a space, as kept (its bytes are checked by whoever reads them).
public struct StoredAttestation: Sendable, Equatable {
    /// The attesting node's public key.
    public var attester: [UInt8]
    /// The attestation's sequence (a higher one supersedes).
    public var sequence: UInt64
    /// When this replica received it (seconds since 1970, this node's clock).
    public var receivedAt: Double
    /// The signed attestation.
    public var bytes: [UInt8]

    public init(attester: [UInt8], sequence: UInt64, receivedAt: Double, bytes: [UInt8]) {
        self.attester = attester
        self.sequence = sequence
        self.receivedAt = receivedAt
        self.bytes = bytes
    }
}

/// Envelopes of one author that members attest to holding and this replica lacks: up to `seq`, since
/// `firstSeen` (seconds since 1970).
public struct AttestationGap: Sendable, Equatable {
    public var author: ActorID
    public var seq: UInt64
    public var firstSeen: Double

    public init(author: ActorID, seq: UInt64, firstSeen: Double) {
        self.author = author
        self.seq = seq
        self.firstSeen = firstSeen
    }
}

/// A peer that claimed, in a session, to hold less of `author` than it had attested to holding before
/// the session began (seconds since 1970 in `at`).
public struct WithholdingEvidence: Sendable, Equatable {
    public var peer: [UInt8]
    public var author: ActorID
    public var attested: UInt64
    public var claimed: UInt64
    public var at: Double

    public init(peer: [UInt8], author: ActorID, attested: UInt64, claimed: UInt64, at: Double) {
        self.peer = peer
        self.author = author
        self.attested = attested
        self.claimed = claimed
        self.at = at
    }
}

extension StoreTransaction {
    /// Keeps `evidence` (the latest per space, peer and author).
    public func recordWithholding(_ evidence: WithholdingEvidence, space: SpaceID) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO withholding_evidence (space, peer, author, attested, claimed, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Data(space.bytes), Data(evidence.peer), Data(evidence.author.bytes), Int64(bitPattern: evidence.attested),
            Int64(bitPattern: evidence.claimed), evidence.at,
        ])
    }

    /// The withholding evidence kept for `space`, newest first.
    public func withholdingEvidence(space: SpaceID) throws -> [WithholdingEvidence] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT peer, author, attested, claimed, at FROM withholding_evidence WHERE space = ?
                    ORDER BY at DESC LIMIT 100
                    """),
            arguments: [Data(space.bytes)]
        ).compactMap { row in
            let peer: Data = try row.decode(atIndex: 0)
            let author: Data = try row.decode(atIndex: 1)
            let attested: Int64 = try row.decode(atIndex: 2)
            let claimed: Int64 = try row.decode(atIndex: 3)
            guard let actor = ActorID(bytes: [UInt8](author)) else { return nil }
            return WithholdingEvidence(
                peer: [UInt8](peer), author: actor, attested: UInt64(bitPattern: attested),
                claimed: UInt64(bitPattern: claimed), at: try row.decode(atIndex: 4))
        }
    }

    /// Keeps `attestation` as its attester's latest of `space` unless one with the same or a higher
    /// sequence is kept; returns whether it was kept.
    public func storeAttestation(_ attestation: StoredAttestation, space: SpaceID) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT INTO head_attestation (space, attester, sequence, received_at, bytes) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (space, attester) DO UPDATE SET
                    sequence = excluded.sequence, received_at = excluded.received_at, bytes = excluded.bytes
                WHERE excluded.sequence > head_attestation.sequence
                """
        ).execute(arguments: [
            Data(space.bytes), Data(attestation.attester), Int64(bitPattern: attestation.sequence),
            attestation.receivedAt, Data(attestation.bytes),
        ])
        return db.changesCount > 0
    }

    /// The latest attestation of each attester kept for `space`.
    public func attestations(space: SpaceID) throws -> [StoredAttestation] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT attester, sequence, received_at, bytes FROM head_attestation WHERE space = ?"),
            arguments: [Data(space.bytes)]
        ).map { row in
            let attester: Data = try row.decode(atIndex: 0)
            let sequence: Int64 = try row.decode(atIndex: 1)
            let bytes: Data = try row.decode(atIndex: 3)
            return StoredAttestation(
                attester: [UInt8](attester), sequence: UInt64(bitPattern: sequence),
                receivedAt: try row.decode(atIndex: 2), bytes: [UInt8](bytes))
        }
    }

    /// The attestation of `attester` kept for `space`, if any.
    public func attestation(space: SpaceID, attester: [UInt8]) throws -> StoredAttestation? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT sequence, received_at, bytes FROM head_attestation WHERE space = ? AND attester = ?"),
            arguments: [Data(space.bytes), Data(attester)]
        ).map { row in
            let sequence: Int64 = try row.decode(atIndex: 0)
            let bytes: Data = try row.decode(atIndex: 2)
            return StoredAttestation(
                attester: attester, sequence: UInt64(bitPattern: sequence), receivedAt: try row.decode(atIndex: 1),
                bytes: [UInt8](bytes))
        }
    }

    /// The attester and sequence of each attestation kept for `space`, without the bytes (what a session
    /// compares with what it has passed on, every few seconds).
    public func attestationSequences(space: SpaceID) throws -> [[UInt8]: UInt64] {
        var result: [[UInt8]: UInt64] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT attester, sequence FROM head_attestation WHERE space = ?"),
            arguments: [Data(space.bytes)])
        {
            let attester: Data = try row.decode(atIndex: 0)
            let sequence: Int64 = try row.decode(atIndex: 1)
            result[[UInt8](attester)] = UInt64(bitPattern: sequence)
        }
        return result
    }

    /// Drops the attestations of nodes no longer in `members` (a removed member's statements no longer count).
    public func dropAttestations(space: SpaceID, keeping members: Set<[UInt8]>) throws {
        for stored in try attestations(space: space) where !members.contains(stored.attester) {
            try db.execute(
                sql: "DELETE FROM head_attestation WHERE space = ? AND attester = ?",
                arguments: [Data(space.bytes), Data(stored.attester)])
        }
    }

    /// Brings the recorded gaps of `space` up to date: `attested` is, per author, the highest seq some
    /// member attests to, `held` this replica's vector. A gap keeps the time it was first seen while it
    /// stays open (even if it widens); one that closed is forgotten.
    public func updateGaps(space: SpaceID, attested: VersionVector, held: VersionVector, now: Double) throws {
        var open: [ActorID: AttestationGap] = [:]
        for gap in try gaps(space: space) { open[gap.author] = gap }
        for (author, seq) in attested.entries where seq > held[author] {
            // A recorded gap that had closed (the replica caught up) and opens again starts afresh.
            let firstSeen = open[author].flatMap { $0.seq > held[author] ? $0.firstSeen : nil } ?? now
            open[author] = nil
            try db.cachedStatement(
                sql: """
                    INSERT INTO attestation_gap (space, author, seq, first_seen) VALUES (?, ?, ?, ?)
                    ON CONFLICT (space, author) DO UPDATE SET seq = excluded.seq, first_seen = excluded.first_seen
                    """
            ).execute(arguments: [Data(space.bytes), Data(author.bytes), Int64(bitPattern: seq), firstSeen])
        }
        for author in open.keys {
            try db.execute(
                sql: "DELETE FROM attestation_gap WHERE space = ? AND author = ?",
                arguments: [Data(space.bytes), Data(author.bytes)])
        }
    }

    /// The gaps recorded for `space` (some may have closed since: compare with the replica's vector).
    public func gaps(space: SpaceID) throws -> [AttestationGap] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT author, seq, first_seen FROM attestation_gap WHERE space = ?"),
            arguments: [Data(space.bytes)]
        ).compactMap { row in
            let author: Data = try row.decode(atIndex: 0)
            let seq: Int64 = try row.decode(atIndex: 1)
            guard let actor = ActorID(bytes: [UInt8](author)) else { return nil }
            return AttestationGap(author: actor, seq: UInt64(bitPattern: seq), firstSeen: try row.decode(atIndex: 2))
        }
    }

    /// Per author, the highest seq of its applied envelopes that edit `document` (a document's receipts).
    public func latestChanges(space: SpaceID, document: DocumentID) throws -> [(author: ActorID, seq: UInt64)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT author, MAX(seq) FROM envelope WHERE space = ? AND document = ? AND applied = 1
                    GROUP BY author
                    """),
            arguments: [Data(space.bytes), Data(document.bytes)]
        ).compactMap { row in
            let author: Data = try row.decode(atIndex: 0)
            let seq: Int64 = try row.decode(atIndex: 1)
            return ActorID(bytes: [UInt8](author)).map { ($0, UInt64(bitPattern: seq)) }
        }
    }
}
