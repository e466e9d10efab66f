-- Migration number: 0011 	 the audit log's archive: events older than 90 days move to R2
-- Each row is one archived stretch of the chain, events seq_from..seq_to, kept in the
-- shop's R2 at object_key as JSON lines exactly as the rows were (hashes and all).
-- first_prev_hash and last_hash tie the stretch to its neighbours, so the chain is
-- walked from genesis through every stretch into the events still in audit_events.
CREATE TABLE audit_archive_segments (
    seq_from        INTEGER PRIMARY KEY,
    seq_to          INTEGER NOT NULL CHECK (seq_to >= seq_from),
    first_prev_hash TEXT    NOT NULL,
    last_hash       TEXT    NOT NULL,
    object_key      TEXT    NOT NULL UNIQUE,
    bytes           INTEGER NOT NULL,
    archived_at_ms  INTEGER NOT NULL
);

-- Archiving is the only delete the audit log allows, and only of events a stretch in R2
-- already holds (it is written in the same batch as the delete).
CREATE TRIGGER audit_events_delete_only_archived BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM audit_archive_segments WHERE OLD.seq BETWEEN seq_from AND seq_to)
BEGIN
    SELECT RAISE(ABORT, 'audit events are deleted only once archived');
END;
