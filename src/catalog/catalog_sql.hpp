#pragma once
#include <string_view>

namespace helm::catalog::sql {

#define HELM_PRODUCT_COLUMNS "id, sku, barcode, name, price_cents, active, version, created_at_ms, updated_at_ms"

// For audit::commit_new: a new product's id is chosen before its batch.
constexpr std::string_view next_product_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM products";

constexpr std::string_view insert_product =
    "INSERT INTO products (" HELM_PRODUCT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING " HELM_PRODUCT_COLUMNS;

constexpr std::string_view product_by_id = "SELECT " HELM_PRODUCT_COLUMNS " FROM products WHERE id = ?1";

// ?9 is the version the editor saw: an edit made meanwhile by someone else makes this
// one match no row, and the batch's expect_changes(1) then refuses the whole batch.
constexpr std::string_view update_product =
    "UPDATE products SET sku = ?2, barcode = ?3, name = ?4, price_cents = ?5, active = ?6, version = ?7, "
    "updated_at_ms = ?8 WHERE id = ?1 AND version = ?9 RETURNING " HELM_PRODUCT_COLUMNS;

// An exact SKU or barcode match (a scan) ranks first, then names containing the text.
constexpr std::string_view search_products =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products "
    "WHERE sku = ?1 OR barcode = ?1 OR name LIKE ?2 ESCAPE '\\' "
    "ORDER BY (sku = ?1 OR barcode = ?1) DESC, name COLLATE NOCASE, id LIMIT ?3";

constexpr std::string_view list_products =
    "SELECT " HELM_PRODUCT_COLUMNS " FROM products ORDER BY name COLLATE NOCASE, id LIMIT ?1";

#undef HELM_PRODUCT_COLUMNS

}  // namespace helm::catalog::sql
