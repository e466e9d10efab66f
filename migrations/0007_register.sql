-- Migration number: 0007 	 the register: sales, returns, voids and exchanges (one table of
-- completed documents that never change), their lines, taxes and tenders; held carts;
-- store credit, gift cards and deposits; the cash drawer and the Z report.
-- Money is integer cents, rates parts per million, times UTC epoch ms, business_date the
-- shop's local date ('YYYY-MM-DD' in its time zone).

-- How the shop prices and taxes. Tax is rounded half-up per line unless 'invoice', where
-- each rate is rounded once over the whole sale and spread back over its lines.
ALTER TABLE shop_settings ADD COLUMN prices_include_tax INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0, 1));
ALTER TABLE shop_settings ADD COLUMN tax_rounding TEXT NOT NULL DEFAULT 'line' CHECK (tax_rounding IN ('line', 'invoice'));
-- A discount above this share of what it discounts needs action.discount_over_limit or a
-- manager's PIN.
ALTER TABLE shop_settings ADD COLUMN discount_limit_ppm INTEGER NOT NULL DEFAULT 100000
    CHECK (discount_limit_ppm BETWEEN 0 AND 1000000);
-- A return without its receipt: refused (0) or refunded as store credit only (1).
ALTER TABLE shop_settings ADD COLUMN receiptless_returns INTEGER NOT NULL DEFAULT 0 CHECK (receiptless_returns IN (0, 1));

CREATE TABLE registers (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
    created_at_ms INTEGER NOT NULL
);
INSERT INTO registers (id, name, created_at_ms) VALUES (1, 'Front counter', 0);

-- A sale being rung up or parked: its cart as JSON (what the clerk chose; prices and tax
-- are worked out again when it completes). One open cart per register, any number held.
CREATE TABLE sale_drafts (
    id            INTEGER PRIMARY KEY,
    register_id   INTEGER NOT NULL REFERENCES registers (id),
    status        TEXT    NOT NULL CHECK (status IN ('open', 'held')),
    label         TEXT    CHECK (label IS NULL OR length(label) <= 80),
    cart_json     TEXT    NOT NULL CHECK (json_valid(cart_json) AND length(cart_json) <= 65536),
    staff_id      INTEGER REFERENCES staff (id),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX sale_drafts_one_open_per_register ON sale_drafts (register_id) WHERE status = 'open';
CREATE INDEX sale_drafts_held ON sale_drafts (status, updated_at_ms);

-- The cash drawer of a register: opened with a float, closed with a count. Expected cash
-- is worked out from the payments and movements that name the session; the variance is
-- recorded as counted, never forced to zero.
CREATE TABLE drawer_sessions (
    id                 INTEGER PRIMARY KEY,
    register_id        INTEGER NOT NULL REFERENCES registers (id),
    status             TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    business_date      TEXT    NOT NULL,
    float_cents        INTEGER NOT NULL CHECK (float_cents BETWEEN 0 AND 100000000),
    float_counts_json  TEXT    CHECK (float_counts_json IS NULL OR json_valid(float_counts_json)),
    opened_by_staff_id INTEGER REFERENCES staff (id),
    opened_at_ms       INTEGER NOT NULL,
    closed_by_staff_id INTEGER REFERENCES staff (id),
    closed_at_ms       INTEGER,
    expected_cents     INTEGER,
    counted_cents      INTEGER CHECK (counted_cents IS NULL OR counted_cents BETWEEN 0 AND 100000000),
    counts_json        TEXT    CHECK (counts_json IS NULL OR json_valid(counts_json)),
    variance_cents     INTEGER,
    note               TEXT    CHECK (note IS NULL OR length(note) <= 500),
    CHECK ((status = 'closed') = (closed_at_ms IS NOT NULL AND counted_cents IS NOT NULL AND expected_cents IS NOT NULL
                                  AND variance_cents = counted_cents - expected_cents))
);
CREATE UNIQUE INDEX drawer_sessions_one_open_per_register ON drawer_sessions (register_id) WHERE status = 'open';
CREATE INDEX drawer_sessions_by_date ON drawer_sessions (business_date);

-- Cash in or out of an open drawer that is not a sale, and opening it for no sale.
CREATE TABLE drawer_movements (
    id                INTEGER PRIMARY KEY,
    drawer_session_id INTEGER NOT NULL REFERENCES drawer_sessions (id),
    kind              TEXT    NOT NULL CHECK (kind IN ('paid_in', 'paid_out', 'no_sale')),
    amount_cents      INTEGER NOT NULL CHECK (amount_cents BETWEEN 0 AND 100000000 AND (kind = 'no_sale') = (amount_cents = 0)),
    reason            TEXT    NOT NULL CHECK (length(reason) BETWEEN 3 AND 200),
    staff_id          INTEGER REFERENCES staff (id),
    at_ms             INTEGER NOT NULL
);
CREATE INDEX drawer_movements_by_session ON drawer_movements (drawer_session_id);
-- Only an open drawer takes movements.
CREATE TRIGGER drawer_movements_need_an_open_drawer BEFORE INSERT ON drawer_movements
WHEN (SELECT status FROM drawer_sessions WHERE id = NEW.drawer_session_id) IS NOT 'open'
BEGIN
    SELECT RAISE(ABORT, 'the drawer is not open');
END;

-- Every completed document of the register: a sale, a return, an exchange (a return and
-- a sale at once) or the void of a sale. A document never changes once written; a
-- mistake is corrected by a void or a return, which are documents of their own.
CREATE TABLE sales (
    id                   INTEGER PRIMARY KEY,
    number               TEXT    NOT NULL UNIQUE,  -- 'S-00012', printed on the receipt
    kind                 TEXT    NOT NULL CHECK (kind IN ('sale', 'return', 'exchange', 'void')),
    original_sale_id     INTEGER REFERENCES sales (id),  -- what a return, exchange or void refers to
    register_id          INTEGER NOT NULL REFERENCES registers (id),
    staff_id             INTEGER REFERENCES staff (id),
    approved_by_staff_id INTEGER REFERENCES staff (id),  -- a manager's PIN let a discount or price through
    customer_id          INTEGER REFERENCES customers (id),
    tax_exempt_reference TEXT    CHECK (tax_exempt_reference IS NULL OR length(tax_exempt_reference) <= 80),
    business_date        TEXT    NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    prices_include_tax   INTEGER NOT NULL CHECK (prices_include_tax IN (0, 1)),
    tax_rounding         TEXT    NOT NULL CHECK (tax_rounding IN ('line', 'invoice')),
    subtotal_cents       INTEGER NOT NULL,  -- the lines' taxable amounts, after every discount
    discount_cents       INTEGER NOT NULL,  -- line and whole-sale discounts together
    tax_cents            INTEGER NOT NULL,
    total_cents          INTEGER NOT NULL CHECK (total_cents = subtotal_cents + tax_cents),
    note                 TEXT    CHECK (note IS NULL OR length(note) <= 500),
    reason               TEXT    CHECK (reason IS NULL OR length(reason) <= 200),  -- why a void or return
    idempotency_key      TEXT    NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 100),
    completed_at_ms      INTEGER NOT NULL,
    CHECK ((kind = 'sale') = (original_sale_id IS NULL) OR kind = 'return'),  -- a return may have no receipt
    CHECK (kind NOT IN ('void', 'return') OR reason IS NOT NULL)
);
CREATE INDEX sales_by_date ON sales (business_date, id);
CREATE INDEX sales_by_customer ON sales (customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX sales_by_original ON sales (original_sale_id) WHERE original_sale_id IS NOT NULL;
-- A sale is voided at most once.
CREATE UNIQUE INDEX sales_one_void ON sales (original_sale_id) WHERE kind = 'void';
CREATE TRIGGER sales_are_not_edited BEFORE UPDATE ON sales
BEGIN
    SELECT RAISE(ABORT, 'completed sales never change');
END;
CREATE TRIGGER sales_are_not_deleted BEFORE DELETE ON sales
BEGIN
    SELECT RAISE(ABORT, 'completed sales never change');
END;
-- A voided sale takes no returns, and a sale with returns is not voided (return it instead).
CREATE TRIGGER sales_void_rules BEFORE INSERT ON sales
WHEN NEW.original_sale_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM sales WHERE original_sale_id = NEW.original_sale_id AND kind = 'void')
    OR (NEW.kind = 'void' AND EXISTS (SELECT 1 FROM sales WHERE original_sale_id = NEW.original_sale_id)))
BEGIN
    SELECT RAISE(ABORT, 'that sale was voided, or has returns and cannot be voided');
END;

-- A document's lines. A sale's quantities are positive; a return's are negative and name
-- the sold line they return (returns_line_id), or none for a return without receipt.
-- Amounts carry the quantity's sign: base (taxable, after discounts) + tax = total.
CREATE TABLE sale_lines (
    id                    INTEGER PRIMARY KEY,
    sale_id               INTEGER NOT NULL REFERENCES sales (id),
    line_no               INTEGER NOT NULL CHECK (line_no BETWEEN 1 AND 200),
    kind                  TEXT    NOT NULL CHECK (kind IN ('stock', 'non_stock', 'labor', 'fee', 'gift_card', 'deposit')),
    product_id            INTEGER REFERENCES products (id),  -- NULL for a deposit
    sku                   TEXT,
    description           TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    tax_class_key         TEXT    NOT NULL REFERENCES tax_classes (key),
    quantity              INTEGER NOT NULL CHECK (quantity <> 0 AND quantity BETWEEN -10000 AND 10000),
    list_price_cents      INTEGER NOT NULL CHECK (list_price_cents BETWEEN 0 AND 1000000000),  -- the catalog's
    unit_price_cents      INTEGER NOT NULL CHECK (unit_price_cents BETWEEN 0 AND 1000000000),  -- as charged
    price_override_reason TEXT    CHECK (price_override_reason IS NULL OR length(price_override_reason) <= 200),
    line_discount_cents   INTEGER NOT NULL DEFAULT 0,
    sale_discount_cents   INTEGER NOT NULL DEFAULT 0,  -- this line's share of the whole-sale discount
    base_cents            INTEGER NOT NULL,
    tax_cents             INTEGER NOT NULL,
    total_cents           INTEGER NOT NULL CHECK (total_cents = base_cents + tax_cents),
    unit_cost_cents       INTEGER NOT NULL DEFAULT 0,  -- the average cost when sold, for profit
    serial_unit_id        INTEGER REFERENCES serial_units (id),
    account_code          TEXT,  -- the gift card a gift_card line loads
    returns_line_id       INTEGER REFERENCES sale_lines (id),
    UNIQUE (sale_id, line_no),
    CHECK (returns_line_id IS NULL OR quantity < 0),
    CHECK (serial_unit_id IS NULL OR quantity IN (1, -1))
);
CREATE INDEX sale_lines_by_sale ON sale_lines (sale_id, line_no);
CREATE INDEX sale_lines_returned ON sale_lines (returns_line_id) WHERE returns_line_id IS NOT NULL;
CREATE INDEX sale_lines_by_product ON sale_lines (product_id) WHERE product_id IS NOT NULL;
CREATE TRIGGER sale_lines_are_not_edited BEFORE UPDATE ON sale_lines
BEGIN
    SELECT RAISE(ABORT, 'completed sales never change');
END;
CREATE TRIGGER sale_lines_are_not_deleted BEFORE DELETE ON sale_lines
BEGIN
    SELECT RAISE(ABORT, 'completed sales never change');
END;
-- What is returned of a line never exceeds what was sold, across every return: checked
-- inside the return's own batch, so two returns that race cannot both pass.
CREATE TRIGGER sale_lines_no_over_return BEFORE INSERT ON sale_lines
WHEN NEW.returns_line_id IS NOT NULL AND
     coalesce((SELECT -sum(quantity) FROM sale_lines WHERE returns_line_id = NEW.returns_line_id), 0) - NEW.quantity
         > (SELECT quantity FROM sale_lines WHERE id = NEW.returns_line_id)
BEGIN
    SELECT RAISE(ABORT, 'more would be returned than was sold');
END;

-- Each line's tax by rate, as charged: the receipt's breakdown and the Z report's.
CREATE TABLE sale_line_taxes (
    sale_line_id INTEGER NOT NULL REFERENCES sale_lines (id),
    tax_rate_id  INTEGER NOT NULL REFERENCES tax_rates (id),
    name         TEXT    NOT NULL,
    rate_ppm     INTEGER NOT NULL,
    base_cents   INTEGER NOT NULL,
    tax_cents    INTEGER NOT NULL,
    PRIMARY KEY (sale_line_id, tax_rate_id)
) WITHOUT ROWID;

-- Store credit and deposits belong to a customer; a gift card to whoever holds its code.
-- The balance is the sum of the entries, kept by trigger, and never negative: spending
-- more than is there aborts the whole batch.
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('store_credit', 'gift_card', 'deposit')),
    customer_id   INTEGER REFERENCES customers (id),
    code          TEXT    COLLATE NOCASE CHECK (code IS NULL OR length(code) BETWEEN 4 AND 40),
    balance_cents INTEGER NOT NULL DEFAULT 0 CHECK (balance_cents >= 0),
    created_at_ms INTEGER NOT NULL,
    CHECK ((kind = 'gift_card') = (code IS NOT NULL)),
    CHECK ((kind = 'gift_card') = (customer_id IS NULL))
);
CREATE UNIQUE INDEX accounts_gift_card_code ON accounts (code) WHERE kind = 'gift_card';
CREATE UNIQUE INDEX accounts_of_customer ON accounts (kind, customer_id) WHERE kind <> 'gift_card';
CREATE TABLE account_entries (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    sale_id      INTEGER NOT NULL REFERENCES sales (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),  -- a credit in, a debit out
    at_ms        INTEGER NOT NULL
);
CREATE INDEX account_entries_by_account ON account_entries (account_id, id);
CREATE TRIGGER account_entries_are_not_edited BEFORE UPDATE ON account_entries
BEGIN
    SELECT RAISE(ABORT, 'account entries are append-only');
END;
CREATE TRIGGER account_entries_are_not_deleted BEFORE DELETE ON account_entries
BEGIN
    SELECT RAISE(ABORT, 'account entries are append-only');
END;
CREATE TRIGGER account_entries_keep_balance AFTER INSERT ON account_entries BEGIN
    UPDATE accounts SET balance_cents = balance_cents + NEW.amount_cents WHERE id = NEW.account_id;
END;

-- How a document was paid (positive) or refunded (negative). Cash names the drawer it went
-- into and keeps what was handed over and the change given; its amount is what stays.
CREATE TABLE sale_payments (
    id                INTEGER PRIMARY KEY,
    sale_id           INTEGER NOT NULL REFERENCES sales (id),
    tender            TEXT    NOT NULL CHECK (tender IN ('cash', 'card', 'cheque', 'gift_card', 'store_credit', 'deposit')),
    amount_cents      INTEGER NOT NULL CHECK (amount_cents <> 0),
    tendered_cents    INTEGER CHECK (tendered_cents IS NULL OR tender = 'cash'),
    change_cents      INTEGER NOT NULL DEFAULT 0 CHECK (change_cents >= 0 AND (change_cents = 0 OR tender = 'cash')),
    reference         TEXT    CHECK (reference IS NULL OR length(reference) <= 80),  -- terminal ref, cheque no., card code
    account_id        INTEGER REFERENCES accounts (id),
    drawer_session_id INTEGER REFERENCES drawer_sessions (id),
    CHECK ((tender = 'cash') = (drawer_session_id IS NOT NULL)),
    CHECK ((tender IN ('gift_card', 'store_credit', 'deposit')) = (account_id IS NOT NULL))
);
CREATE INDEX sale_payments_by_sale ON sale_payments (sale_id);
CREATE INDEX sale_payments_by_drawer ON sale_payments (drawer_session_id) WHERE drawer_session_id IS NOT NULL;
CREATE TRIGGER sale_payments_are_not_edited BEFORE UPDATE ON sale_payments
BEGIN
    SELECT RAISE(ABORT, 'completed sales never change');
END;
CREATE TRIGGER sale_payments_are_not_deleted BEFORE DELETE ON sale_payments
BEGIN
    SELECT RAISE(ABORT, 'completed sales never change');
END;
-- Cash goes into an open drawer only.
CREATE TRIGGER sale_payments_need_an_open_drawer BEFORE INSERT ON sale_payments
WHEN NEW.tender = 'cash' AND (SELECT status FROM drawer_sessions WHERE id = NEW.drawer_session_id) IS NOT 'open'
BEGIN
    SELECT RAISE(ABORT, 'the drawer is not open');
END;

-- The end of a business day, numbered and stored as printed.
CREATE TABLE z_reports (
    id            INTEGER PRIMARY KEY,  -- its number
    business_date TEXT    NOT NULL UNIQUE,
    report_json   TEXT    NOT NULL CHECK (json_valid(report_json)),
    staff_id      INTEGER REFERENCES staff (id),
    created_at_ms INTEGER NOT NULL
);

INSERT INTO permissions (key, label, kind) VALUES ('action.z_report', 'Run the end-of-day Z report', 'action');
INSERT INTO role_permissions (role_key, permission_key) VALUES
    ('sys_admin', 'action.z_report'), ('owner', 'action.z_report'), ('service_lead', 'action.z_report'),
    ('service_lead', 'action.refund'), ('service_lead', 'action.drawer_close'), ('sales', 'action.drawer_close');
