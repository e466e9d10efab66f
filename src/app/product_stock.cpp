// catalog's product page asks inventory for its stock sections through this (catalog/
// products.hpp): inventory depends on catalog, so the answer is given here, above both.
#include "catalog/products.hpp"
#include "inventory/views/stock_pages.hpp"

namespace helm::catalog {

Task<Result<std::string>> stock_sections_html(Context& cx, const Product& p) { co_return co_await inventory::product_stock_html(cx, p); }

}  // namespace helm::catalog
