#pragma once
#include <string_view>

namespace helm::catalog::sql {

// A product with its barcodes and vendor parts, each a JSON array kept on the product's
// row by triggers (migrations/0023_scan_reads_two_rows.sql): one row read per product.
#define HELM_PRODUCT_COLUMNS                                                                                             \
    "p.id, p.parent_id, p.kind, p.sku, p.name, p.brand, p.model_year, p.size, p.colour, p.category_id, p.tax_class_key, " \
    "p.price_cents, p.msrp_cents, p.average_cost_cents, p.standard_minutes, p.serialized, p.reorder_min, p.reorder_max, " \
    "p.on_hand, p.discountable, p.active, p.version, p.created_at_ms, p.updated_at_ms, "                              \
    "coalesce(p.barcodes_json, '[]') AS barcodes, coalesce(p.vendors_json, '[]') AS vendors"

// For audit::commit_new: a new product's id is chosen before its batch.
constexpr std::string_view next_product_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM products";

// ?1 id ... ?21 the time, in the order of catalog::row_values; a new product was created
// when it was last updated.
constexpr std::string_view insert_product =
    "INSERT INTO products (id, parent_id, kind, sku, name, brand, model_year, size, colour, category_id, tax_class_key, "
    "price_cents, msrp_cents, standard_minutes, serialized, reorder_min, reorder_max, discountable, active, version, "
    "created_at_ms, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?21)";

// ?22 is the version the editor saw: an edit made meanwhile by someone else makes this
// one match no row, and the batch's expect_changes(1) then refuses the whole batch.
constexpr std::string_view update_product =
    "UPDATE products SET parent_id = ?2, kind = ?3, sku = ?4, name = ?5, brand = ?6, model_year = ?7, size = ?8, "
    "colour = ?9, category_id = ?10, tax_class_key = ?11, price_cents = ?12, msrp_cents = ?13, standard_minutes = ?14, "
    "serialized = ?15, reorder_min = ?16, reorder_max = ?17, discountable = ?18, active = ?19, version = ?20, "
    "updated_at_ms = ?21 WHERE id = ?1 AND version = ?22";

// ?2 is a JSON array of codes: all of a product's barcodes in one statement.
constexpr std::string_view clear_barcodes = "DELETE FROM product_barcodes WHERE product_id = ?1";
constexpr std::string_view insert_barcodes =
    "INSERT INTO product_barcodes (code, product_id) SELECT value, ?1 FROM json_each(?2)";
constexpr std::string_view clear_vendors = "DELETE FROM product_vendors WHERE product_id = ?1";
constexpr std::string_view insert_vendors =
    "INSERT INTO product_vendors (product_id, vendor_id, vendor_part_number, cost_cents) "
    "SELECT ?1, value ->> '$.vendor_id', value ->> '$.vendor_part_number', value ->> '$.cost_cents' FROM json_each(?2)";

constexpr std::string_view product_by_id = "SELECT " HELM_PRODUCT_COLUMNS " FROM products p WHERE p.id = ?1";
// ?1 is a JSON array of ids, or of codes each found as product_by_code finds one.
constexpr std::string_view products_by_ids =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products p WHERE p.id IN (SELECT value FROM json_each(?1))";
constexpr std::string_view products_by_codes =
    "SELECT " HELM_PRODUCT_COLUMNS ", j.value AS asked_code FROM json_each(?1) j JOIN products p ON p.id = coalesce("
    "(SELECT product_id FROM product_barcodes WHERE code = j.value), (SELECT id FROM products WHERE sku = j.value))";

// The register's scan: a barcode, else a SKU; each an index lookup. coalesce() stops at
// the first that finds one: a barcode's scan reads its row and the product's.
constexpr std::string_view product_by_code =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products p WHERE p.id = coalesce("
    "(SELECT product_id FROM product_barcodes WHERE code = ?1), (SELECT id FROM products WHERE sku = ?1))";

// ?1 is an FTS5 MATCH expression (core/search.hpp); best matches first.
constexpr std::string_view search_products =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products_search s JOIN products p ON p.id = s.rowid "
    "WHERE products_search MATCH ?1 ORDER BY s.rank, p.id LIMIT ?2";

constexpr std::string_view list_products =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products p ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?1";

// ?1 is a JSON array of SKUs: the products an import file would update.
constexpr std::string_view products_with_skus =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products p WHERE p.sku IN (SELECT value FROM json_each(?1))";

// Every product in pages by id, for the export.
constexpr std::string_view products_after =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products p WHERE p.id > ?1 ORDER BY p.id LIMIT ?2";

// The service menu (the partial index products_service_menu).
constexpr std::string_view service_menu =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products p WHERE p.kind = 'labor' AND p.active = 1 ORDER BY p.name COLLATE NOCASE LIMIT ?1";

constexpr std::string_view variants_of =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products p WHERE p.parent_id = ?1 ORDER BY p.size, p.colour, p.id";

#undef HELM_PRODUCT_COLUMNS

// What a product's fields refer to, checked before the write so that a wrong id is a 400
// naming its field rather than a foreign-key failure. ?4 is the product being edited (0
// for a new one): a model that has variants cannot become a variant itself.
constexpr std::string_view references_exist =
    "SELECT (?1 IS NULL OR EXISTS (SELECT 1 FROM categories WHERE id = ?1)) AS category_ok, "
    "(?2 IS NULL OR EXISTS (SELECT 1 FROM products WHERE id = ?2 AND parent_id IS NULL)) AS parent_ok, "
    "(?2 IS NULL OR NOT EXISTS (SELECT 1 FROM products WHERE parent_id = ?4)) AS may_be_variant, "
    "(SELECT count(*) FROM json_each(?3) j WHERE NOT EXISTS (SELECT 1 FROM vendors WHERE id = j.value ->> '$.vendor_id')) "
    "AS unknown_vendors";

// What an import file refers to, each a JSON array: which barcodes belong to which
// product, which categories exist, which products may be models (are not variants).
constexpr std::string_view barcode_owners =
    "SELECT code, product_id FROM product_barcodes WHERE code IN (SELECT value FROM json_each(?1))";
constexpr std::string_view existing_categories = "SELECT id FROM categories WHERE id IN (SELECT value FROM json_each(?1))";
constexpr std::string_view possible_models =
    "SELECT id FROM products WHERE parent_id IS NULL AND id IN (SELECT value FROM json_each(?1))";

}  // namespace helm::catalog::sql
