-- Migration number: 0002 	 the tamper-evident audit log, and the batch guard
-- Every change to shop data appends one event here in the SAME D1 batch as the change.
-- Events form a hash chain: hash = SHA-256(prev_hash || canonical JSON of the event).
CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY,  -- 1, 2, 3, ... without gaps
    at_ms         INTEGER NOT NULL,
    actor         TEXT    NOT NULL,     -- who: a staff id once sign-in exists, else 'unauthenticated'
    action        TEXT    NOT NULL,     -- 'product.create'
    entity        TEXT    NOT NULL,     -- 'product'
    entity_id     TEXT    NOT NULL,
    request_id    TEXT    NOT NULL,
    build_version TEXT    NOT NULL,
    before_json   TEXT,                 -- the row before the change; NULL for a create
    after_json    TEXT,                 -- the row after it; NULL for a delete
    prev_hash     TEXT    NOT NULL,
    hash          TEXT    NOT NULL
);
CREATE INDEX audit_events_by_entity ON audit_events (entity, entity_id);

-- The batch links to the head it was built on: the event must follow the current last
-- event exactly. A writer that raced another and lost aborts its whole batch, then
-- rebuilds on the new head; the chain never forks.
CREATE TRIGGER audit_events_follow_head BEFORE INSERT ON audit_events
WHEN NOT (
    NOT EXISTS (SELECT 1 FROM audit_events WHERE seq >= NEW.seq)
    AND ((NEW.seq = 1 AND NEW.prev_hash = '0000000000000000000000000000000000000000000000000000000000000000')
         OR EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.seq - 1 AND hash = NEW.prev_hash)))
BEGIN
    SELECT RAISE(ABORT, 'audit chain head moved');
END;

CREATE TRIGGER audit_events_are_not_edited BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- D1 has no interactive transactions, and an UPDATE that matches no row is not an error:
-- a batch that must change exactly N rows follows the statement with
--   INSERT OR REPLACE INTO batch_guard (id, changed, expected) VALUES (1, changes(), N)
-- which fails this CHECK, and so rolls the whole batch back, when it did not.
CREATE TABLE batch_guard (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    changed  INTEGER NOT NULL,
    expected INTEGER NOT NULL,
    CONSTRAINT expected_changes CHECK (changed = expected)
);
