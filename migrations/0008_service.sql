-- Migration number: 0008 	 the service department: work orders (tickets) from drop-off to
-- pickup, their lines and status history, the special orders their parts start, and the
-- outbox of messages to customers. A ticket always belongs to a named customer.

CREATE TABLE work_orders (
    id                      INTEGER PRIMARY KEY,
    number                  TEXT    NOT NULL UNIQUE,  -- 'T-00012', on the hook tag and the receipt
    customer_id             INTEGER NOT NULL REFERENCES customers (id),
    bike_id                 INTEGER REFERENCES bikes (id),  -- NULL: a wheel or a part brought in alone
    status                  TEXT    NOT NULL DEFAULT 'dropped_off'
                                    CHECK (status IN ('dropped_off', 'quoted', 'in_progress', 'waiting_for_parts', 'completed',
                                                      'notified', 'invoiced', 'picked_up', 'cancelled')),
    dropped_off_at_ms       INTEGER NOT NULL,
    promised_date           TEXT    CHECK (promised_date IS NULL OR promised_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    problem                 TEXT    NOT NULL CHECK (length(problem) BETWEEN 1 AND 2000),  -- in the customer's words
    dropoff_notes           TEXT    CHECK (dropoff_notes IS NULL OR length(dropoff_notes) <= 2000),    -- condition, accessories left
    internal_notes          TEXT    CHECK (internal_notes IS NULL OR length(internal_notes) <= 2000),  -- staff only
    customer_notes          TEXT    CHECK (customer_notes IS NULL OR length(customer_notes) <= 2000),  -- printed for the customer
    mechanic_staff_id       INTEGER REFERENCES staff (id),
    hook_tag                TEXT    CHECK (hook_tag IS NULL OR length(hook_tag) BETWEEN 1 AND 20),
    warranty                INTEGER NOT NULL DEFAULT 0 CHECK (warranty IN (0, 1)),
    estimate_cents          INTEGER CHECK (estimate_cents IS NULL OR estimate_cents BETWEEN 0 AND 1000000000),
    not_to_exceed_cents     INTEGER CHECK (not_to_exceed_cents IS NULL OR not_to_exceed_cents BETWEEN 0 AND 1000000000),
    -- The customer's yes to the estimate: who gave it (as they said it) and when; the staff
    -- member who took it.
    approved_by             TEXT    CHECK (approved_by IS NULL OR length(approved_by) BETWEEN 1 AND 120),
    approved_at_ms          INTEGER,
    approval_staff_id       INTEGER REFERENCES staff (id),
    sale_id                 INTEGER REFERENCES sales (id),  -- the paid invoice (set at pickup)
    completed_at_ms         INTEGER,
    picked_up_at_ms         INTEGER,
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at_ms           INTEGER NOT NULL,
    updated_at_ms           INTEGER NOT NULL,
    CHECK ((approved_by IS NULL) = (approved_at_ms IS NULL)),
    CHECK ((status = 'picked_up') = (sale_id IS NOT NULL))
);
-- The board reads open tickets only: a partial index keeps years of history out of its way.
CREATE INDEX work_orders_open ON work_orders (status, promised_date) WHERE status NOT IN ('picked_up', 'cancelled');
CREATE INDEX work_orders_by_customer ON work_orders (customer_id, id);
CREATE INDEX work_orders_by_bike ON work_orders (bike_id, id) WHERE bike_id IS NOT NULL;
CREATE INDEX work_orders_by_mechanic ON work_orders (mechanic_staff_id, promised_date)
    WHERE mechanic_staff_id IS NOT NULL AND status NOT IN ('invoiced', 'picked_up', 'cancelled');

-- The service menu: the catalog's active labor items by name, read on every ticket page.
CREATE INDEX products_service_menu ON products (name COLLATE NOCASE) WHERE kind = 'labor' AND active = 1;

-- Labor (a service-menu item, or custom labor with its own words, price and minutes) and
-- parts from the catalog. Nothing here moves stock: parts leave the shelf when the
-- invoice's sale completes.
CREATE TABLE work_order_lines (
    id                INTEGER PRIMARY KEY,
    work_order_id     INTEGER NOT NULL REFERENCES work_orders (id),
    kind              TEXT    NOT NULL CHECK (kind IN ('labor', 'part')),
    product_id        INTEGER REFERENCES products (id),  -- NULL: custom labor
    description       TEXT    CHECK (description IS NULL OR length(description) BETWEEN 1 AND 200),  -- custom labor's words
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    unit_price_cents  INTEGER CHECK (unit_price_cents IS NULL OR unit_price_cents BETWEEN 0 AND 1000000000),  -- custom labor's price
    standard_minutes  INTEGER CHECK (standard_minutes IS NULL OR (kind = 'labor' AND standard_minutes BETWEEN 0 AND 6000)),
    staff_id          INTEGER REFERENCES staff (id),
    created_at_ms     INTEGER NOT NULL,
    CHECK ((product_id IS NULL) = (description IS NOT NULL AND unit_price_cents IS NOT NULL)),
    CHECK (product_id IS NOT NULL OR kind = 'labor')
);
CREATE INDEX work_order_lines_by_order ON work_order_lines (work_order_id, id);
-- Once invoiced, picked up or cancelled, a ticket's lines are what was charged (or not).
CREATE TRIGGER work_order_lines_frozen_insert BEFORE INSERT ON work_order_lines
WHEN (SELECT status FROM work_orders WHERE id = NEW.work_order_id) IN ('invoiced', 'picked_up', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'the work order is closed');
END;
CREATE TRIGGER work_order_lines_frozen_update BEFORE UPDATE ON work_order_lines
WHEN (SELECT status FROM work_orders WHERE id = OLD.work_order_id) IN ('invoiced', 'picked_up', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'the work order is closed');
END;
CREATE TRIGGER work_order_lines_frozen_delete BEFORE DELETE ON work_order_lines
WHEN (SELECT status FROM work_orders WHERE id = OLD.work_order_id) IN ('invoiced', 'picked_up', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'the work order is closed');
END;

-- Every status change: from, to, who, when and why.
CREATE TABLE work_order_history (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    from_status   TEXT,  -- NULL: the ticket was opened
    to_status     TEXT    NOT NULL,
    staff_id      INTEGER REFERENCES staff (id),
    at_ms         INTEGER NOT NULL,
    note          TEXT    CHECK (note IS NULL OR length(note) <= 500)
);
CREATE INDEX work_order_history_by_order ON work_order_history (work_order_id, id);

-- A part the shop does not have, ordered for one ticket. Cancelling the ticket (or removing
-- the line) releases it. Ordering and receiving arrive with purchase orders.
CREATE TABLE special_orders (
    id                 INTEGER PRIMARY KEY,
    product_id         INTEGER NOT NULL REFERENCES products (id),
    quantity           INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    customer_id        INTEGER NOT NULL REFERENCES customers (id),
    work_order_id      INTEGER REFERENCES work_orders (id),
    work_order_line_id INTEGER REFERENCES work_order_lines (id),
    status             TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ordered', 'received', 'released')),
    created_at_ms      INTEGER NOT NULL,
    updated_at_ms      INTEGER NOT NULL
);
CREATE INDEX special_orders_by_work_order ON special_orders (work_order_id) WHERE work_order_id IS NOT NULL;
CREATE INDEX special_orders_open ON special_orders (status, product_id) WHERE status <> 'released';

-- Messages waiting to go to customers. The channel is the one the customer consented to;
-- the address is read from the customer when it is sent (an erasure leaves nothing here
-- to find), and the text carries no name. Sending arrives with notifications.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers (id),
    work_order_id INTEGER REFERENCES work_orders (id),
    template      TEXT    NOT NULL CHECK (template IN ('ready_for_pickup')),
    channel       TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
    body          TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    status        TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
CREATE INDEX outbox_queued ON outbox (status, id) WHERE status = 'queued';
CREATE INDEX outbox_by_work_order ON outbox (work_order_id) WHERE work_order_id IS NOT NULL;

-- What a register document was for: a ticket's deposit, or its invoice. Note on the
-- schema rule: a nullable column without a default is a change to the table's definition
-- only (SQLite rewrites no row), so sales keeps its history untouched.
ALTER TABLE sales ADD COLUMN work_order_id INTEGER REFERENCES work_orders (id);
CREATE INDEX sales_by_work_order ON sales (work_order_id) WHERE work_order_id IS NOT NULL;

-- Taking payment for an invoiced ticket picks it up, in the sale's own batch.
CREATE TRIGGER sales_pick_up_work_orders AFTER INSERT ON sales
WHEN NEW.work_order_id IS NOT NULL AND NEW.kind = 'sale'
     AND (SELECT status FROM work_orders WHERE id = NEW.work_order_id) = 'invoiced'
BEGIN
    INSERT INTO work_order_history (work_order_id, from_status, to_status, staff_id, at_ms, note)
        VALUES (NEW.work_order_id, 'invoiced', 'picked_up', NEW.staff_id, NEW.completed_at_ms, 'paid: ' || NEW.number);
    UPDATE work_orders SET status = 'picked_up', sale_id = NEW.id, picked_up_at_ms = NEW.completed_at_ms,
        version = version + 1, updated_at_ms = NEW.completed_at_ms
        WHERE id = NEW.work_order_id;
END;
