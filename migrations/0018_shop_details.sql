-- The shop's own details as its owner keeps them (Settings › Shop). A new shop has no row
-- and prints what shop-overrides/<slug>/shop.json says; the first save writes every field,
-- and from then on this row is what receipts print. Multi-line values hold '\n'.
CREATE TABLE shop_details (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    address       TEXT    NOT NULL CHECK (length(address) <= 400),
    phone         TEXT    NOT NULL CHECK (length(phone) <= 40),
    tax_numbers   TEXT    NOT NULL CHECK (length(tax_numbers) <= 400),
    footer        TEXT    NOT NULL CHECK (length(footer) <= 600),
    hours         TEXT    NOT NULL CHECK (length(hours) <= 400),
    logo_svg      TEXT    CHECK (logo_svg IS NULL OR length(logo_svg) <= 65536),  -- NULL: the overrides' logo
    version       INTEGER NOT NULL CHECK (version >= 1),
    updated_at_ms INTEGER NOT NULL
);
