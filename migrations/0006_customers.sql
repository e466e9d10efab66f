-- Migration number: 0006 	 customers and their bikes
CREATE TABLE customers (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    company              TEXT    CHECK (company IS NULL OR length(company) BETWEEN 1 AND 120),
    phone                TEXT    CHECK (phone IS NULL OR length(phone) BETWEEN 1 AND 40),   -- as typed
    -- The phone's digits reversed: "the last four digits" is a prefix of this, an index range.
    phone_digits_reversed TEXT   CHECK (phone_digits_reversed IS NULL OR phone_digits_reversed GLOB '[0-9]*'),
    email                TEXT    CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),  -- lower-case
    notes                TEXT    CHECK (notes IS NULL OR length(notes) <= 2000),
    tax_exempt           INTEGER NOT NULL DEFAULT 0 CHECK (tax_exempt IN (0, 1)),
    tax_exempt_reference TEXT    CHECK (tax_exempt_reference IS NULL OR length(tax_exempt_reference) <= 80),
    consent_sms          INTEGER NOT NULL DEFAULT 0 CHECK (consent_sms IN (0, 1)),
    consent_email        INTEGER NOT NULL DEFAULT 0 CHECK (consent_email IN (0, 1)),
    merged_into_id       INTEGER REFERENCES customers (id),  -- set when merged: the survivor
    erased_at_ms         INTEGER,                            -- set when pseudonymised
    version              INTEGER NOT NULL DEFAULT 1,
    created_at_ms        INTEGER NOT NULL,
    updated_at_ms        INTEGER NOT NULL,
    CHECK (merged_into_id IS NULL OR merged_into_id <> id)
);
CREATE INDEX customers_by_name ON customers (name COLLATE NOCASE);
CREATE INDEX customers_by_phone ON customers (phone_digits_reversed) WHERE phone_digits_reversed IS NOT NULL;
CREATE INDEX customers_by_email ON customers (email) WHERE email IS NOT NULL;
-- Who was merged into whom: a merged customer's survivor, and an erasure's whole family.
CREATE INDEX customers_by_merged_into ON customers (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- Words of the name, company and email, for search by any word's beginning ("smi" finds
-- "Ann Smith"); kept by the triggers below in the statement that changes the customer.
CREATE VIRTUAL TABLE customers_search USING fts5 (
    name, company, email, content = 'customers', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_search (rowid, name, company, email) VALUES (NEW.id, NEW.name, NEW.company, NEW.email);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF name, company, email ON customers BEGIN
    INSERT INTO customers_search (customers_search, rowid, name, company, email) VALUES ('delete', OLD.id, OLD.name, OLD.company, OLD.email);
    INSERT INTO customers_search (rowid, name, company, email) VALUES (NEW.id, NEW.name, NEW.company, NEW.email);
END;
-- Customers are merged or erased, never deleted; should one ever be, its words go too.
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_search (customers_search, rowid, name, company, email) VALUES ('delete', OLD.id, OLD.name, OLD.company, OLD.email);
END;

CREATE TABLE bikes (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    make           TEXT    CHECK (make IS NULL OR length(make) BETWEEN 1 AND 80),
    model          TEXT    CHECK (model IS NULL OR length(model) BETWEEN 1 AND 80),
    year           INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2100),
    colour         TEXT    CHECK (colour IS NULL OR length(colour) BETWEEN 1 AND 40),
    size           TEXT    CHECK (size IS NULL OR length(size) BETWEEN 1 AND 40),
    frame_serial   TEXT    COLLATE NOCASE CHECK (frame_serial IS NULL OR length(frame_serial) BETWEEN 1 AND 64),
    battery_serial TEXT    CHECK (battery_serial IS NULL OR length(battery_serial) BETWEEN 1 AND 64),
    key_number     TEXT    CHECK (key_number IS NULL OR length(key_number) BETWEEN 1 AND 40),
    notes          TEXT    CHECK (notes IS NULL OR length(notes) <= 2000),
    serial_unit_id INTEGER UNIQUE REFERENCES serial_units (id),  -- a bike bought here
    version        INTEGER NOT NULL DEFAULT 1,
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);
CREATE INDEX bikes_by_customer ON bikes (customer_id);
CREATE INDEX bikes_by_frame_serial ON bikes (frame_serial) WHERE frame_serial IS NOT NULL;

-- Merging moves one customer's bikes and history to another for good: not every role's act.
INSERT INTO permissions (key, label, kind) VALUES ('action.customer_merge', 'Merge two customers', 'action');
INSERT INTO role_permissions (role_key, permission_key) VALUES
    ('sys_admin', 'action.customer_merge'), ('owner', 'action.customer_merge'), ('service_lead', 'action.customer_merge');
