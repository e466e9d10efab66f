#pragma once
// A product as the catalog stores it, and the fields a create or an edit may set,
// read from JSON (the API) or from a form (the page) and checked by one validator.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bindings/d1.hpp"
#include "core/json.hpp"
#include "core/money.hpp"
#include "core/result.hpp"

namespace helm::catalog {

struct Product {
    std::int64_t id = 0;
    std::string sku;
    std::optional<std::string> barcode;
    std::string name;
    Cents price;
    bool active = true;
    std::int64_t version = 0;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

// Absent means "leave as it is"; barcode may be set to none. An edit may name the
// version it was made against, so that an edit made meanwhile is not overwritten.
struct ProductFields {
    std::optional<std::string> sku;
    std::optional<std::optional<std::string>> barcode;
    std::optional<std::string> name;
    std::optional<Cents> price;
    std::optional<bool> active;
    std::optional<std::int64_t> version;
};

using Form = std::vector<std::pair<std::string, std::string>>;

Result<ProductFields> fields_from_json(std::string_view body);
Result<ProductFields> fields_from_form(const Form& form);  // price in dollars, "12.50"

// A new product needs a SKU, a name and a price; every field present must be valid.
Status check_new(const ProductFields& fields);
Status check_edit(const ProductFields& fields);
Product apply(Product base, const ProductFields& fields);

Product product_from_row(const Row& row);
Value optional_text(const std::optional<std::string>& text);  // NULL when absent
Json product_json(const Product& p);

}  // namespace helm::catalog
