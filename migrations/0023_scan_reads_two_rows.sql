-- The register's scan answers a product with its barcodes and vendor parts. Both are kept
-- as JSON on the product's own row by the triggers below, so that a scan reads two rows
-- (the barcode's and the product's) where it read one more for each barcode and part.
-- The JSON is built by the same query that built it at every read before, so answers do
-- not change by a byte. Catalog's reads take coalesce(column, '[]'): a product that never
-- had a barcode or a part has none.

-- Note on the schema rule: nullable columns without a default change the table's
-- definition only (SQLite rewrites no row); the backfill below then writes each product
-- once, which a shop's catalog (thousands of rows, not millions) takes in one migration.
ALTER TABLE products ADD COLUMN barcodes_json TEXT;
-- Note on the schema rule: as above.
ALTER TABLE products ADD COLUMN vendors_json TEXT;

UPDATE products SET
    barcodes_json = (SELECT json_group_array(code) FROM product_barcodes WHERE product_id = products.id),
    vendors_json = (SELECT json_group_array(json_object('vendor_id', vendor_id, 'vendor_part_number', vendor_part_number,
                    'cost_cents', cost_cents)) FROM product_vendors WHERE product_id = products.id);

CREATE TRIGGER product_barcodes_json_insert AFTER INSERT ON product_barcodes BEGIN
    UPDATE products SET barcodes_json = (SELECT json_group_array(code) FROM product_barcodes WHERE product_id = NEW.product_id)
    WHERE id = NEW.product_id;
END;
CREATE TRIGGER product_barcodes_json_delete AFTER DELETE ON product_barcodes BEGIN
    UPDATE products SET barcodes_json = (SELECT json_group_array(code) FROM product_barcodes WHERE product_id = OLD.product_id)
    WHERE id = OLD.product_id;
END;
CREATE TRIGGER product_barcodes_json_update AFTER UPDATE ON product_barcodes BEGIN
    UPDATE products SET barcodes_json = (SELECT json_group_array(code) FROM product_barcodes WHERE product_id = products.id)
    WHERE id IN (OLD.product_id, NEW.product_id);
END;

CREATE TRIGGER product_vendors_json_insert AFTER INSERT ON product_vendors BEGIN
    UPDATE products SET vendors_json = (SELECT json_group_array(json_object('vendor_id', vendor_id, 'vendor_part_number',
        vendor_part_number, 'cost_cents', cost_cents)) FROM product_vendors WHERE product_id = NEW.product_id)
    WHERE id = NEW.product_id;
END;
CREATE TRIGGER product_vendors_json_delete AFTER DELETE ON product_vendors BEGIN
    UPDATE products SET vendors_json = (SELECT json_group_array(json_object('vendor_id', vendor_id, 'vendor_part_number',
        vendor_part_number, 'cost_cents', cost_cents)) FROM product_vendors WHERE product_id = OLD.product_id)
    WHERE id = OLD.product_id;
END;
CREATE TRIGGER product_vendors_json_update AFTER UPDATE ON product_vendors BEGIN
    UPDATE products SET vendors_json = (SELECT json_group_array(json_object('vendor_id', vendor_id, 'vendor_part_number',
        vendor_part_number, 'cost_cents', cost_cents)) FROM product_vendors WHERE product_id = products.id)
    WHERE id IN (OLD.product_id, NEW.product_id);
END;
