#include "catalog/product.hpp"

#include "core/fields.hpp"

#include <algorithm>
#include <array>

namespace helm::catalog {
Result<ProductFields> fields_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse(body));
    HELM_TRY(auto obj, json_object(doc));
    ProductFields f;
    for (auto [key, value] : obj) {
        if (key == "sku") {
            HELM_TRY(f.sku, json_text(value, key));
        } else if (key == "name") {
            HELM_TRY(f.name, json_text(value, key));
        } else if (key == "barcode") {
            if (value.is_null()) {
                f.barcode.emplace(std::nullopt);
            } else {
                HELM_TRY(auto code, json_text(value, key));
                f.barcode.emplace(code.empty() ? std::nullopt : std::optional(code));
            }
        } else if (key == "price_cents") {
            HELM_TRY(auto cents, json_integer(value, key));
            f.price = Cents{cents};
        } else if (key == "active") {
            HELM_TRY(f.active, json_bool(value, key));
        } else if (key == "version") {
            HELM_TRY(f.version, json_integer(value, key));
            if (*f.version < 1) return invalid("version", "version must be the product's version, a positive whole number");
        } else {
            return invalid(std::string(key), "unknown field " + std::string(key));
        }
    }
    return f;
}

Result<ProductFields> fields_from_form(const Form& form) {
    ProductFields f;
    for (const auto& [key, value] : form) {
        if (key == "sku") {
            f.sku = trimmed(value);
        } else if (key == "name") {
            f.name = trimmed(value);
        } else if (key == "barcode") {
            auto code = trimmed(value);
            f.barcode.emplace(code.empty() ? std::nullopt : std::optional(code));
        } else if (key == "price") {
            auto cents = parse_cents(value);
            if (!cents) return invalid("price", "price must be an amount like 12.50");
            f.price = cents;
        }
    }
    return f;
}

Status check_edit(const ProductFields& f) {
    if (auto s = f.sku ? check_text("sku", *f.sku, 64) : Ok{}; !s) return s;
    if (auto s = f.name ? check_text("name", *f.name, 200) : Ok{}; !s) return s;
    if (auto s = f.barcode && *f.barcode ? check_text("barcode", **f.barcode, 64) : Ok{}; !s) return s;
    if (f.price && (f.price->value < 0 || f.price->value > max_money.value))
        return invalid("price_cents", "the price must be between 0 and " + format_cents(max_money));
    return Ok{};
}

Status check_new(const ProductFields& f) {
    if (f.version) return invalid("version", "a new product has no version yet");
    if (!f.sku) return invalid("sku", "sku is required");
    if (!f.name) return invalid("name", "name is required");
    if (!f.price) return invalid("price_cents", "a price is required");
    return check_edit(f);
}

Product apply(Product p, const ProductFields& f) {
    if (f.sku) p.sku = *f.sku;
    if (f.barcode) p.barcode = *f.barcode;
    if (f.name) p.name = *f.name;
    if (f.price) p.price = *f.price;
    if (f.active) p.active = *f.active;
    return p;
}

Product product_from_row(const Row& row) {
    Product p;
    p.id = row.integer("id");
    p.sku = row.text("sku");
    if (!row.is_null("barcode")) p.barcode = row.text("barcode");
    p.name = row.text("name");
    p.price = Cents{row.integer("price_cents")};
    p.active = row.integer("active") != 0;
    p.version = row.integer("version");
    p.created_at_ms = row.integer("created_at_ms");
    p.updated_at_ms = row.integer("updated_at_ms");
    return p;
}

Value optional_text(const std::optional<std::string>& text) { return text ? Value(*text) : Value(nullptr); }

Json product_json(const Product& p) {
    return {{"id", p.id},
            {"sku", p.sku},
            {"barcode", p.barcode ? Json(*p.barcode) : Json(nullptr)},
            {"name", p.name},
            {"price_cents", p.price.value},
            {"active", p.active},
            {"version", p.version},
            {"created_at_ms", p.created_at_ms},
            {"updated_at_ms", p.updated_at_ms}};
}

}  // namespace helm::catalog
