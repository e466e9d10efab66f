#include "catalog/product.hpp"

#include <algorithm>
#include <array>

namespace helm::catalog {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

Status check_text(std::string_view field, const std::string& value, std::size_t max_length) {
    if (value.empty()) return invalid(std::string(field), std::string(field) + " must not be empty");
    if (value.size() > max_length)
        return invalid(std::string(field), std::string(field) + " must be at most " + std::to_string(max_length) + " characters");
    if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return invalid(std::string(field), std::string(field) + " must not contain control characters");
    // A form can carry any bytes; what is stored must read back the same on every port.
    if (!simdjson::validate_utf8(value.data(), value.size()))
        return invalid(std::string(field), std::string(field) + " is not valid UTF-8 text");
    return Ok{};
}

Result<std::string> json_text(element v, std::string_view field) {
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return invalid(std::string(field), std::string(field) + " must be a string");
    return trimmed(s);
}

}  // namespace

Result<ProductFields> fields_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse(body));
    simdjson::dom::object obj;
    if (doc.root().get_object().get(obj) != simdjson::SUCCESS)
        return invalid("body", "the body must be a JSON object");
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
            if (value.type() != element_type::INT64)
                return invalid("price_cents", "price_cents must be a whole number of cents");
            f.price = Cents{value.get_int64().value_unsafe()};
        } else if (key == "active") {
            bool active = false;
            if (value.get_bool().get(active) != simdjson::SUCCESS) return invalid("active", "active must be true or false");
            f.active = active;
        } else if (key == "version") {
            if (value.type() != element_type::INT64 || value.get_int64().value_unsafe() < 1)
                return invalid("version", "version must be the product's version, a positive whole number");
            f.version = value.get_int64().value_unsafe();
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
