internal import GRDB

extension ReplicaStore {
    /// The schema, as versioned steps. A step is never edited once released: changes are new steps.
    /// Each step runs in its own transaction, so a crash leaves the database wholly before or after it.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    -- Node-level facts: replica id, open generation (see Protocol/STORAGE.md).
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) STRICT;

                    CREATE TABLE space (
                        id BLOB PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        max_lamport INTEGER NOT NULL DEFAULT 0
                    ) STRICT;

                    -- Epoch keys, each sealed to this node's key (the database alone reveals no content key).
                    CREATE TABLE epoch_key (
                        space BLOB NOT NULL REFERENCES space(id),
                        epoch INTEGER NOT NULL,
                        wrap BLOB NOT NULL,
                        PRIMARY KEY (space, epoch)
                    ) STRICT;

                    -- Every accepted envelope, byte for byte as its author signed it. rowid is arrival order,
                    -- which is a causal order (an envelope is stored only after its dependencies).
                    CREATE TABLE envelope (
                        rowid INTEGER PRIMARY KEY,
                        space BLOB NOT NULL,
                        author BLOB NOT NULL,
                        seq INTEGER NOT NULL,
                        kind INTEGER NOT NULL,
                        epoch INTEGER NOT NULL,
                        id BLOB NOT NULL,
                        bytes BLOB NOT NULL,
                        document BLOB,
                        lamport_end INTEGER,
                        applied INTEGER NOT NULL,
                        UNIQUE (space, author, seq)
                    ) STRICT;
                    CREATE INDEX envelope_by_document ON envelope(space, document);
                    CREATE INDEX envelope_by_kind ON envelope(space, kind) WHERE kind <> 1;

                    -- The version vector: per author, the highest seq applied to state (applied envelopes
                    -- of an author always form a prefix of its log).
                    CREATE TABLE author_clock (
                        space BLOB NOT NULL,
                        author BLOB NOT NULL,
                        applied_seq INTEGER NOT NULL,
                        PRIMARY KEY (space, author)
                    ) STRICT, WITHOUT ROWID;

                    -- Envelopes waiting for their dependencies or for the author's previous envelope.
                    CREATE TABLE pending_envelope (
                        space BLOB NOT NULL,
                        author BLOB NOT NULL,
                        seq INTEGER NOT NULL,
                        id BLOB NOT NULL,
                        bytes BLOB NOT NULL,
                        PRIMARY KEY (space, author, seq)
                    ) STRICT;

                    -- Highest accepted seq per author (equivocation; later: removal).
                    CREATE TABLE cutoff (
                        space BLOB NOT NULL,
                        author BLOB NOT NULL,
                        max_seq INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (space, author)
                    ) STRICT;

                    -- Proofs: two different envelopes signed for one (space, author, seq).
                    CREATE TABLE equivocation (
                        space BLOB NOT NULL,
                        author BLOB NOT NULL,
                        seq INTEGER NOT NULL,
                        first BLOB NOT NULL,
                        second BLOB NOT NULL,
                        PRIMARY KEY (space, author, seq)
                    ) STRICT;

                    -- Materialized documents (snapshots, so opening never replays history) and the
                    -- query columns the frontends read.
                    CREATE TABLE document (
                        rowid INTEGER PRIMARY KEY,
                        space BLOB NOT NULL,
                        id BLOB NOT NULL,
                        snapshot BLOB NOT NULL,
                        revision INTEGER NOT NULL,
                        type TEXT,
                        title TEXT,
                        updated_at REAL NOT NULL,
                        updated_by BLOB NOT NULL,
                        updated_lamport INTEGER NOT NULL,
                        UNIQUE (space, id)
                    ) STRICT;
                    CREATE INDEX document_by_update ON document(space, updated_at);

                    -- Full-text index over titles and text; rowid = document.rowid.
                    CREATE VIRTUAL TABLE document_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
                    """)
        }
        migrator.registerMigration("v2-peer-status") { db in
            try db.execute(
                sql: """
                    -- What the daemon knows of each peer, for `placesync status` without the daemon.
                    -- key: the configured address of a dialled peer, or the node id of one that dialled in.
                    CREATE TABLE peer_status (
                        key TEXT PRIMARY KEY NOT NULL,
                        node_id TEXT,
                        address TEXT NOT NULL,
                        direction TEXT NOT NULL,
                        connected INTEGER NOT NULL,
                        last_contact REAL,
                        last_error TEXT,
                        updated_at REAL NOT NULL
                    ) STRICT;
                    -- Per peer and space, the peer's version vector as last known (what it holds).
                    CREATE TABLE peer_vector (
                        key TEXT NOT NULL,
                        space BLOB NOT NULL,
                        vector BLOB NOT NULL,
                        PRIMARY KEY (key, space)
                    ) STRICT;
                    """)
        }
        migrator.registerMigration("v3-pending-waits") { db in
            try db.execute(
                sql: """
                    -- What each waiting envelope waits for, so a batch retries only what it unblocked:
                    -- (waits_author, waits_seq) is the envelope it lacks; an all-zero waits_author means a
                    -- content key of epoch waits_seq; NULL (rows from before this step) means "not known".
                    -- kind: the envelope kind; source: the peer session it came from, for per-source caps;
                    -- rowid is arrival order (the oldest is evicted first).
                    ALTER TABLE pending_envelope ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE pending_envelope ADD COLUMN waits_author BLOB;
                    ALTER TABLE pending_envelope ADD COLUMN waits_seq INTEGER;
                    ALTER TABLE pending_envelope ADD COLUMN source TEXT NOT NULL DEFAULT '';
                    CREATE INDEX pending_by_wait ON pending_envelope(space, waits_author, waits_seq);
                    CREATE INDEX pending_by_source ON pending_envelope(source);
                    CREATE INDEX pending_by_kind ON pending_envelope(space, kind) WHERE kind = 3;

                    -- Spaces a peer said this node belongs to, that it does not hold: offers the user
                    -- accepts or declines (a node never takes on a space silently). Bounded by the node.
                    CREATE TABLE space_offer (
                        space BLOB PRIMARY KEY NOT NULL,
                        from_node TEXT NOT NULL,
                        offered_at REAL NOT NULL
                    ) STRICT;
                    """)
        }
        migrator.registerMigration("v4-refusal-log") { db in
            try db.execute(
                sql: """
                    -- The latest envelopes ingest refused, and why (what `placesync explain` shows):
                    -- at most 500 per space, the oldest dropped first. author and seq are NULL for bytes
                    -- that were no envelope. No content: reasons name rules, never text.
                    CREATE TABLE ingest_refusal (
                        space BLOB NOT NULL,
                        author BLOB,
                        seq INTEGER,
                        reason TEXT NOT NULL,
                        source TEXT NOT NULL,
                        at REAL NOT NULL
                    ) STRICT;
                    CREATE INDEX refusal_by_space ON ingest_refusal(space);
                    """)
        }
        migrator.registerMigration("v5-head-attestations") { db in
            try db.execute(
                sql: """
                    -- The latest signed head attestation of each member per space (a delivery receipt:
                    -- author ids and seqs, no content), and the gaps they show: envelopes others attest
                    -- to holding that this replica lacks, with when each gap was first seen.
                    CREATE TABLE head_attestation (
                        space BLOB NOT NULL,
                        attester BLOB NOT NULL,
                        sequence INTEGER NOT NULL,
                        received_at REAL NOT NULL,
                        bytes BLOB NOT NULL,
                        PRIMARY KEY (space, attester)
                    ) STRICT, WITHOUT ROWID;
                    -- A peer that claimed in a session to hold less of an author than it had attested
                    -- (signed) before the session began: it is keeping envelopes from this node.
                    CREATE TABLE withholding_evidence (
                        space BLOB NOT NULL,
                        peer BLOB NOT NULL,
                        author BLOB NOT NULL,
                        attested INTEGER NOT NULL,
                        claimed INTEGER NOT NULL,
                        at REAL NOT NULL,
                        PRIMARY KEY (space, peer, author)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE attestation_gap (
                        space BLOB NOT NULL,
                        author BLOB NOT NULL,
                        seq INTEGER NOT NULL,
                        first_seen REAL NOT NULL,
                        PRIMARY KEY (space, author)
                    ) STRICT, WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6-incremental-documents") { db in
            try migrateToIncrementalDocuments(db)
        }
        migrator.registerMigration("v7-causal-pasts") { db in
            // Format-2 envelopes name only their heads: the replica keeps each one's resolved causal past
            // (whole or as a delta against the author's previous envelope). Format 1 carries its own.
            // and each space's frontier (the applied envelopes no other applied one follows): a writer's
            // heads, without resolving anything. No rows: not known yet (computed when first needed).
            try db.execute(
                sql: """
                    ALTER TABLE envelope ADD COLUMN causal_past BLOB;
                    CREATE TABLE space_frontier (
                        space BLOB NOT NULL,
                        author BLOB NOT NULL,
                        seq INTEGER NOT NULL,
                        PRIMARY KEY (space, author)
                    ) STRICT, WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v8-checkpoints") { db in
            // A space's checkpoint (Protocol/CHECKPOINT.md): the one this replica made or took, kept to
            // offer new members. `is_base` = 1: the replica's state below `vector` comes from it (it
            // started from it, or compacted below it) — envelopes there may be stubs, rows whose `bytes`
            // are empty: their facts without the envelope.
            try db.execute(
                sql: """
                    CREATE TABLE space_checkpoint (
                        space BLOB PRIMARY KEY NOT NULL,
                        id BLOB NOT NULL,
                        vector BLOB NOT NULL,
                        bytes BLOB NOT NULL,
                        is_base INTEGER NOT NULL,
                        stored_at REAL NOT NULL
                    ) STRICT;
                    """)
        }
        return migrator
    }

    /// v6: a document is its snapshot plus a tail of changes applied since (so a write appends instead
    /// of rewriting the whole snapshot), and the full-text index holds each document in pieces (so a
    /// write re-indexes only the pieces it changed). Existing index entries are cut into pieces.
    private static func migrateToIncrementalDocuments(_ db: Database) throws {
        let indexed = try Row.fetchAll(db, sql: "SELECT rowid, title, body FROM document_fts")
        try db.execute(
            sql: """
                ALTER TABLE document ADD COLUMN tail_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE document ADD COLUMN tail_bytes INTEGER NOT NULL DEFAULT 0;
                -- The changes applied to a document since its snapshot, in order (plaintext change bodies).
                CREATE TABLE document_tail (
                    doc INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    author BLOB NOT NULL,
                    seq INTEGER NOT NULL,
                    body BLOB NOT NULL,
                    PRIMARY KEY (doc, ordinal)
                ) STRICT, WITHOUT ROWID;
                -- The pieces of each document the full-text index holds: rowid of document_fts = id.
                CREATE TABLE document_piece (
                    id INTEGER PRIMARY KEY,
                    doc INTEGER NOT NULL,
                    fingerprint INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX document_piece_by_doc ON document_piece(doc);
                DROP TABLE document_fts;
                CREATE VIRTUAL TABLE document_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
                """)
        for row in indexed {
            let title: String = try row.decode(atIndex: 1)
            try StoreTransaction.index(
                db, document: try row.decode(atIndex: 0), title: title.isEmpty ? nil : title,
                body: try row.decode(atIndex: 2))
        }
    }
}
