#pragma once
// The catalog's reads and writes, shared by the JSON API, the Products screens and the CSV
// import. Every write goes through audit::commit: the change and its audit event are one
// batch.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/product.hpp"
#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::catalog {

constexpr int default_page_size = 50;
constexpr int max_page_size = 200;

// `edit` holds a new product built on Product{} (edit_from_json / edit_from_text).
Task<Result<Product>> create_product(Context& cx, Edit edit);
// `edit` was built on `current`; it applies if the product is still at the version the
// edit names (else at the version `current` has).
Task<Result<Product>> update_product(Context& cx, const Product& current, Edit edit);

// The statements that write one product and its barcodes and vendor parts, without its
// audit event: create_product and update_product use them, and the CSV import puts many
// into one batch. An update applies only at version `seen` (expect_changes guards it).
std::vector<Statement> product_writes(const Product& p, const Edit& e, bool is_new, std::int64_t seen);
// The cross-table checks a product's fields need: its category, model and vendors exist.
Task<Status> check_references(Context& cx, const Product& p);
// The database names the column at fault; a client knows the field.
Error in_client_terms(Error e);

Task<Result<Product>> load_product(Context& cx, std::int64_t id);
// For a caller's own batch (a sale loads all its inputs in one round trip): rows to read
// with product_from_row; a row of products_with_codes also carries `asked_code`, the code
// (a barcode, else a SKU, as product_by_code finds it) it was found by.
Statement products_with_ids(const std::vector<std::int64_t>& ids);
Statement products_with_codes(const std::vector<std::string>& codes);
// The register's scan: the product with this barcode, else this SKU; nullopt when none.
Task<Result<std::optional<Product>>> product_by_code(Context& cx, std::string_view code);
// A scanned code or exact SKU finds that one product; other text finds products whose
// name, SKU or brand has words beginning with each word typed. Empty lists by name.
Task<Result<std::vector<Product>>> find_products(Context& cx, std::string_view query, int limit);
Task<Result<std::vector<Product>>> variants_of(Context& cx, std::int64_t model_id);
// The service menu: active labor items by name.
Task<Result<std::vector<Product>>> service_menu(Context& cx, int limit);

// What a product's page shows of its stock below its details (its serial units, its latest
// movements): inventory's to draw, and inventory depends on catalog, so the app fills it in
// (src/app/product_stock.cpp).
Task<Result<std::string>> stock_sections_html(Context& cx, const Product& p);

}  // namespace helm::catalog
