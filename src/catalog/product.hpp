#pragma once
// A product as the catalog stores it, and the one set of rules by which a create or an
// edit changes it, read from JSON (the API), a form (the page) or a CSV row (import).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/d1.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/money.hpp"
#include "core/result.hpp"
#include "core/words.hpp"

namespace helm::catalog {

inline constexpr std::string_view kinds[] = {"stock", "non_stock", "labor", "fee", "gift_card"};
inline constexpr std::string_view tax_classes[] = {"goods", "labor", "exempt"};
inline constexpr Choice kind_words[] = {{"stock", "Stocked item"}, {"non_stock", "Non-stock item"}, {"labor", "Labor"}, {"fee", "Fee"},
                                        {"gift_card", "Gift card"}};
inline constexpr Choice tax_class_words[] = {{"goods", "Goods"}, {"labor", "Labor"}, {"exempt", "Tax-exempt"}};
constexpr std::size_t max_barcodes = 20;
constexpr std::size_t max_vendors = 20;

struct VendorPart {
    std::int64_t vendor_id = 0;
    std::optional<std::string> part_number;
    std::optional<Cents> cost;
};

struct Product {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent_id;  // a variant's model
    std::string kind = "stock";
    std::string sku;
    std::string name;
    std::optional<std::string> brand;
    std::optional<std::int64_t> model_year;
    std::optional<std::string> size, colour;
    std::optional<std::int64_t> category_id;
    std::string tax_class = "goods";
    Cents price;
    std::optional<Cents> msrp;
    Cents average_cost;  // kept by the stock ledger, never set directly
    std::optional<std::int64_t> standard_minutes;
    bool serialized = false;
    std::optional<std::int64_t> reorder_min, reorder_max;
    std::int64_t on_hand = 0;  // kept by the stock ledger
    bool discountable = true;
    bool active = true;
    std::int64_t version = 0;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::vector<std::string> barcodes;
    std::vector<VendorPart> vendors;

    bool is_stocked() const { return kind == "stock"; }
};

// What a create or an edit sent: the product with the changes applied, the names of the
// fields it set, and the version it was made against (an edit may name it).
struct Edit {
    Product product;
    std::set<std::string> sent;
    std::optional<std::int64_t> version;
    bool has(std::string_view field) const { return sent.count(std::string(field)) != 0; }
};

// Applies a JSON object's fields to `base`. Unknown fields, wrong types and values out
// of bounds are a 400 naming the field.
Result<Edit> edit_from_json(Product base, std::string_view body);
// The same from a form or a CSV row, where every value is text: money in dollars
// ("12.50"), booleans as 1/0 (also yes/no, true/false), barcodes separated by spaces.
// Fields the form does not carry stay as they are; an empty value clears an optional one.
Result<Edit> edit_from_text(Product base, const Form& fields);

// Rules that involve more than one field (labor minutes, serialized stock, reorder range);
// a new product also needs a SKU, a name and a price.
Status check_product(const Edit& edit, bool is_new);

// A field's name in forms and CSV: money loses its "_cents" ("price_cents" -> "price"),
// because it is written there in dollars; other names are the JSON ones.
std::string text_name(std::string_view json_name);
// The JSON field name of each vendor part, for the API and the vendors column.
Json vendors_json(const Product& p);

// The field names edit_from_text reads, in the order a CSV export writes them.
std::vector<std::string_view> text_field_names();
// One product's fields as edit_from_text reads them back.
Form product_as_text(const Product& p);

Product product_from_row(const Row& row);  // columns of sql::product_columns
Json product_json(const Product& p);

}  // namespace helm::catalog
