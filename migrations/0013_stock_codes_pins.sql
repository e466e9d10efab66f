-- Migration number: 0013 	 bikes leave stock only by documents or adjustments; gift card
-- codes and balance checks; PIN ceilings; sign-in limits

-- A bike lost or damaged leaves stock by an adjustment (action.inventory_adjust, with a
-- reason) and comes back when found. D1 cannot change 0005's CHECK on status, so the
-- write-off is its own column and readers see coalesce(written_off, status). Note on the
-- schema rule: a nullable column without a default is a change to the table's definition
-- only (SQLite rewrites no row).
ALTER TABLE serial_units ADD COLUMN written_off TEXT CHECK (written_off IN ('lost', 'damaged'));

-- A sold bike is never written off, and a written-off one is found before it moves again.
CREATE TRIGGER serial_units_written_off_stays BEFORE UPDATE OF status, written_off ON serial_units
WHEN NEW.written_off IS NOT NULL AND (NEW.status = 'sold' OR (OLD.written_off IS NOT NULL AND NEW.status <> OLD.status))
BEGIN
    SELECT RAISE(ABORT, 'unit_written_off');
END;

-- The history records what readers see, write-offs included.
DROP TRIGGER serial_units_history_change;
CREATE TRIGGER serial_units_history_change AFTER UPDATE OF status, written_off ON serial_units
WHEN coalesce(NEW.written_off, NEW.status) <> coalesce(OLD.written_off, OLD.status)
BEGIN
    INSERT INTO serial_unit_history (unit_id, from_status, to_status, reference, at_ms)
    VALUES (NEW.id, coalesce(OLD.written_off, OLD.status), coalesce(NEW.written_off, NEW.status), NEW.reference, NEW.updated_at_ms);
END;

-- Each look-up of a gift card by its code (a quote's or a sale's payment), reserved before
-- it is made, like a PIN try: a device gets ten codes that match no card an hour, so codes
-- cannot be guessed by asking for balances. A look-up that found its card is settled as
-- found and no longer counts. Rows older than an hour are deleted by the next reservation.
CREATE TABLE gift_card_lookups (
    id                INTEGER PRIMARY KEY,
    device_session_id INTEGER,
    at_ms             INTEGER NOT NULL,
    found             INTEGER NOT NULL DEFAULT 0 CHECK (found IN (0, 1))
);
CREATE INDEX gift_card_lookups_by_device ON gift_card_lookups (device_session_id, at_ms);

-- The PIN ceiling counts a staff member's unproven tries on every try and the home screen
-- lists who has many: only 'pending' rows matter, and forgiven ones pile up for ever.
CREATE INDEX pin_attempts_pending ON pin_attempts (staff_id, at_ms) WHERE outcome = 'pending';
