-- Migration number: 0001 	 products: the first cut of the catalog
-- Money is integer cents; time is UTC epoch milliseconds.
CREATE TABLE products (
    id            INTEGER PRIMARY KEY,
    sku           TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
    barcode       TEXT    UNIQUE CHECK (barcode IS NULL OR length(barcode) BETWEEN 1 AND 64),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    price_cents   INTEGER NOT NULL CHECK (typeof(price_cents) = 'integer' AND price_cents BETWEEN 0 AND 1000000000),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);

CREATE INDEX products_by_name ON products (name COLLATE NOCASE);
