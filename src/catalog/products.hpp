#pragma once
// The catalog's reads and writes, shared by the JSON API and the Products screen. Every
// write goes through audit::commit: the change and its audit event are one batch.
#include <string_view>
#include <vector>

#include "catalog/product.hpp"
#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::catalog {

constexpr int default_page_size = 50;
constexpr int max_page_size = 200;

Task<Result<Product>> create_product(Context& cx, const ProductFields& fields);
// Applies `fields` to `current`, provided the product is still at version `seen`.
Task<Result<Product>> update_product(Context& cx, const Product& current, const ProductFields& fields, std::int64_t seen);
// An empty query lists products by name.
Task<Result<std::vector<Product>>> find_products(Context& cx, std::string_view query, int limit);

}  // namespace helm::catalog
