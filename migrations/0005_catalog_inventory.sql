-- Migration number: 0005 	 the catalog in full (kinds, variants, barcodes, categories, vendors,
-- tax classes) and the inventory ledger (movements, serialized units).
-- Money is integer cents, rates parts per million, dates of validity 'YYYY-MM-DD' in the
-- shop's time zone, times UTC epoch ms.

-- Tax classes are fixed keys the code knows; a shop's rates are its own rows.
CREATE TABLE tax_classes (
    key  TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO tax_classes (key, name) VALUES ('goods', 'Goods'), ('labor', 'Labor'), ('exempt', 'Exempt');

-- A line of a class is taxed by every rate of that class valid on the sale's business
-- date: British Columbia has goods GST 5% + PST 7%, labor GST 5% only.
CREATE TABLE tax_rates (
    id            INTEGER PRIMARY KEY,
    tax_class_key TEXT    NOT NULL REFERENCES tax_classes (key),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 40),  -- printed on receipts: 'GST'
    rate_ppm      INTEGER NOT NULL CHECK (typeof(rate_ppm) = 'integer' AND rate_ppm BETWEEN 0 AND 1000000),
    valid_from    TEXT    NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    valid_until   TEXT    CHECK (valid_until IS NULL OR (valid_until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
                                                         AND valid_until > valid_from)),  -- exclusive
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX tax_rates_by_class ON tax_rates (tax_class_key, valid_from);

CREATE TABLE categories (
    id            INTEGER PRIMARY KEY,
    parent_id     INTEGER REFERENCES categories (id),
    name          TEXT    NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 80),
    created_at_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX categories_unique_name ON categories (coalesce(parent_id, 0), name);

-- The tree stays a tree: a category is never moved under itself or its own descendants.
CREATE TRIGGER categories_stay_a_tree BEFORE UPDATE OF parent_id ON categories
WHEN NEW.parent_id IS NOT NULL AND (NEW.parent_id = NEW.id OR NEW.id IN (
    WITH RECURSIVE up(id) AS (SELECT NEW.parent_id UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id
                              WHERE c.parent_id IS NOT NULL)
    SELECT id FROM up))
BEGIN
    SELECT RAISE(ABORT, 'a category cannot be moved under itself');
END;

CREATE TABLE vendors (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    account_number TEXT    CHECK (account_number IS NULL OR length(account_number) <= 64),
    email          TEXT    CHECK (email IS NULL OR length(email) <= 254),
    phone          TEXT    CHECK (phone IS NULL OR length(phone) <= 40),
    created_at_ms  INTEGER NOT NULL
);

-- products, rebuilt: a product now has a kind, variants, several barcodes (their own
-- table), a tax class and a cached stock level kept by the movements ledger.
CREATE TABLE products_v2 (
    id                 INTEGER PRIMARY KEY,
    parent_id          INTEGER REFERENCES products_v2 (id),  -- a variant's model
    kind               TEXT    NOT NULL DEFAULT 'stock'
                               CHECK (kind IN ('stock', 'non_stock', 'labor', 'fee', 'gift_card')),
    sku                TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
    name               TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    brand              TEXT    CHECK (brand IS NULL OR length(brand) BETWEEN 1 AND 80),
    model_year         INTEGER CHECK (model_year IS NULL OR model_year BETWEEN 1900 AND 2100),
    size               TEXT    CHECK (size IS NULL OR length(size) BETWEEN 1 AND 40),    -- a variant's options
    colour             TEXT    CHECK (colour IS NULL OR length(colour) BETWEEN 1 AND 40),
    category_id        INTEGER REFERENCES categories (id),
    tax_class_key      TEXT    NOT NULL DEFAULT 'goods' REFERENCES tax_classes (key),
    price_cents        INTEGER NOT NULL CHECK (typeof(price_cents) = 'integer' AND price_cents BETWEEN 0 AND 1000000000),
    msrp_cents         INTEGER CHECK (msrp_cents IS NULL OR (typeof(msrp_cents) = 'integer' AND msrp_cents BETWEEN 0 AND 1000000000)),
    average_cost_cents INTEGER NOT NULL DEFAULT 0 CHECK (average_cost_cents BETWEEN 0 AND 1000000000),
    standard_minutes   INTEGER CHECK (standard_minutes IS NULL OR (kind = 'labor' AND standard_minutes BETWEEN 0 AND 6000)),
    serialized         INTEGER NOT NULL DEFAULT 0 CHECK (serialized IN (0, 1) AND (serialized = 0 OR kind = 'stock')),
    reorder_min        INTEGER CHECK (reorder_min IS NULL OR reorder_min BETWEEN 0 AND 1000000),
    reorder_max        INTEGER CHECK (reorder_max IS NULL OR (reorder_max BETWEEN 0 AND 1000000 AND reorder_max >= coalesce(reorder_min, 0))),
    -- The sum of this product's stock_movements, kept by the trigger below in the same
    -- batch as each movement; never negative, so a shortage aborts the whole batch.
    on_hand            INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    discountable       INTEGER NOT NULL DEFAULT 1 CHECK (discountable IN (0, 1)),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at_ms      INTEGER NOT NULL,
    updated_at_ms      INTEGER NOT NULL,
    CHECK (kind = 'stock' OR on_hand = 0)  -- a product with stock stays a stock item until it has none
);
INSERT INTO products_v2 (id, sku, name, price_cents, active, version, created_at_ms, updated_at_ms)
    SELECT id, sku, name, price_cents, active, version, created_at_ms, updated_at_ms FROM products;

-- A barcode names one product, shop-wide: the register's scan is one indexed lookup.
CREATE TABLE product_barcodes (
    code       TEXT    PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
    product_id INTEGER NOT NULL REFERENCES products_v2 (id)
) WITHOUT ROWID;
CREATE INDEX product_barcodes_by_product ON product_barcodes (product_id);
INSERT INTO product_barcodes (code, product_id) SELECT barcode, id FROM products WHERE barcode IS NOT NULL;

DROP TABLE products;
ALTER TABLE products_v2 RENAME TO products;
CREATE INDEX products_by_name ON products (name COLLATE NOCASE);
CREATE INDEX products_by_parent ON products (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX products_by_category ON products (category_id) WHERE category_id IS NOT NULL;
CREATE INDEX products_with_reorder_point ON products (name COLLATE NOCASE) WHERE reorder_min IS NOT NULL;

-- Variants are one level deep: a variant's model is not itself a variant.
CREATE TRIGGER products_variants_one_level BEFORE INSERT ON products
WHEN NEW.parent_id IS NOT NULL AND (SELECT parent_id FROM products WHERE id = NEW.parent_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a variant cannot be the model of another variant');
END;

-- Words of the name, SKU and brand, for search by any word's beginning ("xt chai").
CREATE VIRTUAL TABLE products_search USING fts5 (
    name, sku, brand, content = 'products', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
INSERT INTO products_search (rowid, name, sku, brand) SELECT id, name, sku, brand FROM products;
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_search (rowid, name, sku, brand) VALUES (NEW.id, NEW.name, NEW.sku, NEW.brand);
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF name, sku, brand ON products BEGIN
    INSERT INTO products_search (products_search, rowid, name, sku, brand) VALUES ('delete', OLD.id, OLD.name, OLD.sku, OLD.brand);
    INSERT INTO products_search (rowid, name, sku, brand) VALUES (NEW.id, NEW.name, NEW.sku, NEW.brand);
END;

-- What a vendor calls the product and what it costs from them.
CREATE TABLE product_vendors (
    product_id         INTEGER NOT NULL REFERENCES products (id),
    vendor_id          INTEGER NOT NULL REFERENCES vendors (id),
    vendor_part_number TEXT    CHECK (vendor_part_number IS NULL OR length(vendor_part_number) BETWEEN 1 AND 64),
    cost_cents         INTEGER CHECK (cost_cents IS NULL OR cost_cents BETWEEN 0 AND 1000000000),
    PRIMARY KEY (product_id, vendor_id)
) WITHOUT ROWID;

-- A bike frame, one physical unit: its serial is unique per product.
CREATE TABLE serial_units (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES products (id),
    serial        TEXT    NOT NULL COLLATE NOCASE CHECK (length(serial) BETWEEN 1 AND 64),
    status        TEXT    NOT NULL DEFAULT 'in_stock'
                          CHECK (status IN ('in_stock', 'reserved', 'sold', 'returned', 'with_customer')),
    cost_cents    INTEGER NOT NULL DEFAULT 0 CHECK (cost_cents BETWEEN 0 AND 1000000000),
    reference     TEXT    CHECK (reference IS NULL OR length(reference) <= 120),  -- why it last changed
    version       INTEGER NOT NULL DEFAULT 1,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (product_id, serial)
);
CREATE INDEX serial_units_by_serial ON serial_units (serial);

-- A unit's history, written by the database itself on every change of status.
CREATE TABLE serial_unit_history (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES serial_units (id),
    from_status TEXT,  -- NULL when the unit arrived
    to_status   TEXT    NOT NULL,
    reference   TEXT,
    at_ms       INTEGER NOT NULL
);
CREATE INDEX serial_unit_history_by_unit ON serial_unit_history (unit_id, id);
CREATE TRIGGER serial_units_history_arrival AFTER INSERT ON serial_units BEGIN
    INSERT INTO serial_unit_history (unit_id, from_status, to_status, reference, at_ms)
    VALUES (NEW.id, NULL, NEW.status, NEW.reference, NEW.created_at_ms);
END;
CREATE TRIGGER serial_units_history_change AFTER UPDATE OF status ON serial_units WHEN NEW.status <> OLD.status BEGIN
    INSERT INTO serial_unit_history (unit_id, from_status, to_status, reference, at_ms)
    VALUES (NEW.id, OLD.status, NEW.status, NEW.reference, NEW.updated_at_ms);
END;

-- The stock ledger, append-only: on-hand is the sum of a product's movements.
CREATE TABLE stock_movements (
    id              INTEGER PRIMARY KEY,
    product_id      INTEGER NOT NULL REFERENCES products (id),
    quantity        INTEGER NOT NULL CHECK (quantity <> 0 AND quantity BETWEEN -1000000 AND 1000000),
    reason          TEXT    NOT NULL CHECK (reason IN ('sale', 'return', 'receive', 'adjust', 'count', 'work_order', 'void')),
    unit_cost_cents INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost_cents BETWEEN 0 AND 1000000000),
    reference       TEXT    CHECK (reference IS NULL OR length(reference) <= 120),  -- 'PO 1234', 'count 7', 'sale S-00012'
    note            TEXT    CHECK (note IS NULL OR length(note) <= 500),
    serial_unit_id  INTEGER REFERENCES serial_units (id),
    staff_id        INTEGER REFERENCES staff (id),
    at_ms           INTEGER NOT NULL
);
CREATE INDEX stock_movements_by_product ON stock_movements (product_id, id);

CREATE TRIGGER stock_movements_are_not_edited BEFORE UPDATE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'stock movements are append-only');
END;
CREATE TRIGGER stock_movements_are_not_deleted BEFORE DELETE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'stock movements are append-only');
END;

-- Only stocked products have stock.
CREATE TRIGGER stock_movements_need_stock_items BEFORE INSERT ON stock_movements
WHEN (SELECT kind FROM products WHERE id = NEW.product_id) IS NOT 'stock'
BEGIN
    SELECT RAISE(ABORT, 'only stock items have stock');
END;

-- The cached level and the moving average cost follow every movement in the same
-- statement (SQLite evaluates every SET against the row before the update). A receipt
-- averages its cost in, rounded half-up; nothing else changes the average.
CREATE TRIGGER stock_movements_keep_levels AFTER INSERT ON stock_movements BEGIN
    UPDATE products SET
        average_cost_cents = CASE
            WHEN NEW.reason = 'receive' AND NEW.quantity > 0 AND on_hand + NEW.quantity > 0 THEN
                (max(on_hand, 0) * average_cost_cents + NEW.quantity * NEW.unit_cost_cents + (max(on_hand, 0) + NEW.quantity) / 2)
                / (max(on_hand, 0) + NEW.quantity)
            ELSE average_cost_cents END,
        on_hand = on_hand + NEW.quantity
    WHERE id = NEW.product_id;
END;

-- A stock count: people count what is on the shelf (the count sheet), read the variance
-- against on-hand, then post it: one 'count' movement per product whose count differs.
CREATE TABLE stock_counts (
    id            INTEGER PRIMARY KEY,
    note          TEXT    CHECK (note IS NULL OR length(note) <= 200),
    status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'posted', 'cancelled')),
    started_at_ms INTEGER NOT NULL,
    posted_at_ms  INTEGER
);
CREATE TABLE stock_count_lines (
    count_id      INTEGER NOT NULL REFERENCES stock_counts (id),
    product_id    INTEGER NOT NULL REFERENCES products (id),
    counted       INTEGER NOT NULL CHECK (counted BETWEEN 0 AND 1000000),
    counted_at_ms INTEGER NOT NULL,
    on_hand_at_post INTEGER,  -- what the shelf should have held when the count was posted
    PRIMARY KEY (count_id, product_id)
) WITHOUT ROWID;

INSERT INTO permissions (key, label, kind) VALUES ('action.inventory_receive', 'Receive stock', 'action'),
    ('action.catalog_edit', 'Edit the catalog', 'action');
INSERT INTO role_permissions (role_key, permission_key) VALUES
    ('sys_admin', 'action.inventory_receive'), ('owner', 'action.inventory_receive'),
    ('service_lead', 'action.inventory_receive'), ('sales', 'action.inventory_receive'),
    ('sys_admin', 'action.catalog_edit'), ('owner', 'action.catalog_edit'), ('service_lead', 'action.catalog_edit');
