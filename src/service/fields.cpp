// A work order's fields and a line's, read from JSON (the API) or a form (the screens) and
// checked the same way: each failure names its field.
#include <algorithm>
#include <array>

#include "core/fields.hpp"
#include "core/time.hpp"
#include "service/service.hpp"
#include "web/forms.hpp"

namespace helm::service {
namespace {

using Element = simdjson::dom::element;
using OptionalText = std::optional<std::optional<std::string>>;

// The free texts of a ticket, with their lengths (migrations/0008_service.sql's CHECKs).
struct TextField {
    std::string_view key;
    std::size_t max_length;
    OptionalText WorkOrderFields::*field;
};
constexpr std::array text_fields{
    TextField{"dropoff_notes", 2000, &WorkOrderFields::dropoff_notes},
    TextField{"internal_notes", 2000, &WorkOrderFields::internal_notes},
    TextField{"customer_notes", 2000, &WorkOrderFields::customer_notes},
    TextField{"hook_tag", 20, &WorkOrderFields::hook_tag},
    TextField{"approved_by", 120, &WorkOrderFields::approved_by},
};

Result<std::optional<std::string>> checked_date(std::string_view field, std::string text) {
    text = trimmed(text);
    if (text.empty()) return std::optional<std::string>{};
    if (utc_day_start_ms(text) < 0) return invalid(std::string(field), std::string(field) + " is a date like 2026-12-24");
    return std::optional<std::string>{std::move(text)};
}

Result<Cents> checked_cents(std::string_view field, std::int64_t n) {
    if (n < 0 || n > max_money.value) return invalid(std::string(field), std::string(field) + " is from 0 to 10,000,000.00");
    return Cents{n};
}

// "12.50" as typed into a form; blank is none.
Result<std::optional<Cents>> form_money(const Form& form, std::string_view name) {
    const std::string text = trimmed(form_value(form, name));
    if (text.empty()) return std::optional<Cents>{};
    auto parsed = parse_cents(text);
    if (!parsed) return invalid(std::string(name), "an amount is like 120.00");
    HELM_TRY(auto cents, checked_cents(name, parsed->value));
    return std::optional<Cents>{cents};
}

Result<std::optional<std::int64_t>> form_id(const Form& form, std::string_view name) {
    const std::string text = trimmed(form_value(form, name));
    if (text.empty()) return std::optional<std::int64_t>{};
    HELM_TRY(auto id, whole_number(name, text));
    if (id < 1) return invalid(std::string(name), std::string(name) + " must be a positive id");
    return std::optional<std::int64_t>{id};
}

Result<std::optional<std::int64_t>> json_nullable_id(Element value, std::string_view field) {
    if (value.is_null()) return std::optional<std::int64_t>{};
    HELM_TRY(auto id, json_id(value, field));
    return std::optional<std::int64_t>{id};
}

Result<std::optional<Cents>> json_nullable_cents(Element value, std::string_view field) {
    if (value.is_null()) return std::optional<Cents>{};
    HELM_TRY(auto n, json_integer(value, field));
    HELM_TRY(auto cents, checked_cents(field, n));
    return std::optional<Cents>{cents};
}

Result<std::string> json_string(Element value, std::string_view field) {
    if (value.is_null()) return std::string();
    return json_text(value, field);
}

}  // namespace

Result<WorkOrderFields> work_order_fields_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, [](std::string_view key) {
        constexpr std::string_view others[] = {"customer_id", "bike_id", "mechanic_staff_id", "bike_serial", "problem", "promised_date",
                                               "warranty", "estimate_cents", "not_to_exceed_cents", "version"};
        return std::find(std::begin(others), std::end(others), key) != std::end(others) ||
               std::any_of(text_fields.begin(), text_fields.end(), [&](const TextField& t) { return t.key == key; });
    }));
    WorkOrderFields f;
    for (auto [key, value] : doc.object()) {
        const std::string field(key);
        const auto text = std::find_if(text_fields.begin(), text_fields.end(), [&field](const TextField& t) { return t.key == field; });
        if (text != text_fields.end()) {
            HELM_TRY(f.*(text->field), typed_text(value, field, text->max_length));
        } else if (key == "customer_id") {
            HELM_TRY(auto id, json_nullable_id(value, field));
            if (!id) return invalid("customer_id", "a work order belongs to a named customer: there is no walk-in service ticket");
            f.customer_id = *id;
        } else if (key == "bike_id") {
            HELM_TRY(f.bike_id, json_nullable_id(value, field));
        } else if (key == "mechanic_staff_id") {
            HELM_TRY(f.mechanic_staff_id, json_nullable_id(value, field));
        } else if (key == "bike_serial") {
            HELM_TRY(auto serial, typed_text(value, field, 64));
            f.bike_serial = serial;
        } else if (key == "problem") {
            HELM_TRY(auto problem, typed_text(value, field, 2000));
            f.problem = problem.value_or("");
        } else if (key == "promised_date") {
            HELM_TRY(auto raw, json_string(value, field));
            HELM_TRY(f.promised_date, checked_date(field, raw));
        } else if (key == "warranty") {
            HELM_TRY(f.warranty, json_bool(value, field));
        } else if (key == "estimate_cents") {
            HELM_TRY(f.estimate, json_nullable_cents(value, field));
        } else if (key == "not_to_exceed_cents") {
            HELM_TRY(f.not_to_exceed, json_nullable_cents(value, field));
        } else if (key == "version") {
            HELM_TRY(f.version, json_integer(value, field));
        }
    }
    return f;
}

Result<WorkOrderFields> work_order_fields_from_form(const Form& form) {
    WorkOrderFields f;
    for (const auto& text : text_fields)
        if (form_has(form, text.key)) {
            HELM_TRY(f.*(text.field), typed_text(text.key, form_value(form, text.key), text.max_length));
        }
    if (form_has(form, "customer_id")) {
        HELM_TRY(auto id, form_id(form, "customer_id"));
        if (!id) return invalid("customer_id", "choose the customer: there is no walk-in service ticket");
        f.customer_id = *id;
    }
    if (form_has(form, "bike_id")) {
        HELM_TRY(f.bike_id, form_id(form, "bike_id"));
    }
    if (form_has(form, "mechanic_staff_id")) {
        HELM_TRY(f.mechanic_staff_id, form_id(form, "mechanic_staff_id"));
    }
    if (form_has(form, "bike_serial")) {
        HELM_TRY(auto serial, typed_text("bike_serial", form_value(form, "bike_serial"), 64));
        f.bike_serial = serial;
    }
    if (form_has(form, "problem")) {
        HELM_TRY(auto problem, typed_text("problem", form_value(form, "problem"), 2000));
        f.problem = problem.value_or("");
    }
    if (form_has(form, "promised_date")) {
        HELM_TRY(f.promised_date, checked_date("promised_date", form_value(form, "promised_date")));
    }
    if (form_has(form, "warranty")) f.warranty = web::ticked(form, "warranty");
    if (form_has(form, "estimate")) {
        HELM_TRY(f.estimate, form_money(form, "estimate"));
    }
    if (form_has(form, "not_to_exceed")) {
        HELM_TRY(f.not_to_exceed, form_money(form, "not_to_exceed"));
    }
    if (form_has(form, "version")) {
        HELM_TRY(f.version, whole_number("version", trimmed(form_value(form, "version"))));
    }
    return f;
}

Result<LineFields> line_fields_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(
                           body, {"product_id", "code", "quantity", "description", "unit_price_cents", "minutes", "special_order", "version"}));
    LineFields f;
    bool versioned = false;
    for (auto [key, value] : doc.object()) {
        const std::string field(key);
        if (key == "product_id") {
            HELM_TRY(f.product_id, json_nullable_id(value, field));
        } else if (key == "code") {
            HELM_TRY(f.code, typed_text(value, field, 64));
        } else if (key == "quantity") {
            HELM_TRY(f.quantity, json_integer(value, field));
        } else if (key == "description") {
            HELM_TRY(f.description, typed_text(value, field, 200));
        } else if (key == "unit_price_cents") {
            HELM_TRY(f.unit_price, json_nullable_cents(value, field));
        } else if (key == "minutes") {
            if (!value.is_null()) {
                HELM_TRY(f.minutes, json_integer(value, field));
            }
        } else if (key == "special_order") {
            HELM_TRY(f.special_order, json_bool(value, field));
        } else if (key == "version") {
            HELM_TRY(f.version, json_integer(value, field));
            versioned = true;
        }
    }
    if (!versioned) return invalid("version", "a line is added to the ticket's version as seen");
    return f;
}

Result<LineFields> line_fields_from_form(const Form& form) {
    LineFields f;
    HELM_TRY(f.product_id, form_id(form, "product_id"));
    HELM_TRY(f.code, typed_text("code", form_value(form, "code"), 64));
    if (auto text = trimmed(form_value(form, "quantity")); !text.empty()) {
        HELM_TRY(f.quantity, whole_number("quantity", text));
    }
    HELM_TRY(f.description, typed_text("description", form_value(form, "description"), 200));
    HELM_TRY(f.unit_price, form_money(form, "unit_price"));
    if (auto text = trimmed(form_value(form, "minutes")); !text.empty()) {
        HELM_TRY(f.minutes, whole_number("minutes", text));
    }
    f.special_order = web::ticked(form, "special_order");
    HELM_TRY(f.version, whole_number("version", trimmed(form_value(form, "version"))));
    return f;
}

}  // namespace helm::service
