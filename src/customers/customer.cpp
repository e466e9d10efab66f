#include "customers/customer.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/fields.hpp"
#include "web/forms.hpp"

namespace helm::customers {
namespace {

using OptionalText = std::optional<std::string>;

// How a text field is checked beyond its length: a code (a serial, a key's number) may be
// digits that pass the card check by chance, so only words are checked for card numbers.
enum class Kind { line, note, code, phone, email };

// One optional text of a customer: its key in JSON and forms, its bound, its members.
struct CustomerText {
    std::string_view key;
    std::size_t max;
    Kind kind;
    std::optional<OptionalText> CustomerFields::*field;
    OptionalText Customer::*stored;
};
constexpr std::array<CustomerText, 5> customer_texts{{
    {"company", 120, Kind::line, &CustomerFields::company, &Customer::company},
    {"phone", 40, Kind::phone, &CustomerFields::phone, &Customer::phone},
    {"email", 254, Kind::email, &CustomerFields::email, &Customer::email},
    {"notes", 2000, Kind::note, &CustomerFields::notes, &Customer::notes},
    {"tax_exempt_reference", 80, Kind::line, &CustomerFields::tax_exempt_reference, &Customer::tax_exempt_reference},
}};

struct CustomerFlag {
    std::string_view key;
    std::optional<bool> CustomerFields::*field;
    bool Customer::*stored;
};
constexpr std::array<CustomerFlag, 3> customer_flags{{
    {"tax_exempt", &CustomerFields::tax_exempt, &Customer::tax_exempt},
    {"consent_sms", &CustomerFields::consent_sms, &Customer::consent_sms},
    {"consent_email", &CustomerFields::consent_email, &Customer::consent_email},
}};

struct BikeText {
    std::string_view key;
    std::size_t max;
    Kind kind;
    std::optional<OptionalText> BikeFields::*field;
    OptionalText Bike::*stored;
};
constexpr std::array<BikeText, 8> bike_texts{{
    {"make", 80, Kind::line, &BikeFields::make, &Bike::make},
    {"model", 80, Kind::line, &BikeFields::model, &Bike::model},
    {"colour", 40, Kind::line, &BikeFields::colour, &Bike::colour},
    {"size", 40, Kind::line, &BikeFields::size, &Bike::size},
    {"frame_serial", 64, Kind::code, &BikeFields::frame_serial, &Bike::frame_serial},
    {"battery_serial", 64, Kind::code, &BikeFields::battery_serial, &Bike::battery_serial},
    {"key_number", 40, Kind::code, &BikeFields::key_number, &Bike::key_number},
    {"notes", 2000, Kind::note, &BikeFields::notes, &Bike::notes},
}};

template <class Table>
auto find_key(const Table& table, std::string_view key) -> const typename Table::value_type* {
    for (const auto& entry : table)
        if (entry.key == key) return &entry;
    return nullptr;
}

// A textarea sends CRLF line ends; what is stored has LF only.
std::string normalised(std::string_view text, Kind kind) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!(kind == Kind::note && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) out += text[i];
    out = trimmed(out);
    if (kind == Kind::email)
        std::transform(out.begin(), out.end(), out.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    return out;
}

OptionalText blank_is_none(std::string text) { return text.empty() ? OptionalText() : OptionalText(std::move(text)); }

Status check_note(std::string_view field, const std::string& value, std::size_t max) {
    // Line breaks and tabs are a note's own; check_text refuses every other control character.
    std::string flat = value;
    std::replace_if(flat.begin(), flat.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
    return check_text(field, flat, max);
}

Status check_phone(const std::string& phone) {
    if (auto ok = check_code_text("phone", phone, 40); !ok) return ok;
    constexpr std::string_view allowed = "0123456789 +-().";
    if (phone.find_first_not_of(allowed) != std::string::npos)
        return invalid("phone", "phone may hold digits, spaces and + - ( ) . only");
    const auto digits = std::count_if(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits < 3 || digits > 20) return invalid("phone", "phone must have from 3 to 20 digits");
    return Ok{};
}

Status check_email(const std::string& email) {
    if (auto ok = check_code_text("email", email, 254); !ok) return ok;
    const auto at = email.find('@');
    const bool shaped = at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos &&
                        email.find('.', at) != std::string::npos && email.back() != '.' &&
                        email.find_first_of(" ,;<>\"") == std::string::npos;
    if (!shaped) return invalid("email", "email must look like name@example.com");
    return Ok{};
}

Status check_value(std::string_view key, Kind kind, std::size_t max, const std::string& value) {
    switch (kind) {
        case Kind::phone: return check_phone(value);
        case Kind::email: return check_email(value);
        case Kind::note: return check_note(key, value, max);
        case Kind::code: return check_code_text(key, value, max);
        case Kind::line: break;
    }
    return check_text(key, value, max);
}

// A JSON text that may be null or blank: both mean none.
Result<OptionalText> json_optional_text(simdjson::dom::element value, std::string_view key, Kind kind) {
    if (value.is_null()) return OptionalText();
    HELM_TRY(auto text, json_text(value, key));
    return blank_is_none(normalised(text, kind));
}

Result<std::int64_t> json_version(simdjson::dom::element value) {
    HELM_TRY(auto version, json_integer(value, "version"));
    if (version < 1) return invalid("version", "version must be the record's version, a positive whole number");
    return version;
}

// A form's optional number: empty is none.
Result<std::optional<std::int64_t>> optional_whole_number(std::string_view field, std::string_view text) {
    if (text.empty()) return std::optional<std::int64_t>();
    HELM_TRY(auto n, whole_number(field, text));
    return std::optional<std::int64_t>(n);
}

Result<std::int64_t> form_version(const Form& form) {
    HELM_TRY(auto version, optional_whole_number("version", trimmed(form_value(form, "version"))));
    if (!version || *version < 1) return invalid("version", "the form has no version: reload the page");
    return *version;
}

Json json_or_null(const OptionalText& text) { return text ? Json(*text) : Json(nullptr); }
Json json_or_null(const std::optional<std::int64_t>& n) { return n ? Json(*n) : Json(nullptr); }

}  // namespace

Result<CustomerFields> customer_fields_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, [](std::string_view key) {
        return key == "name" || key == "version" || find_key(customer_texts, key) || find_key(customer_flags, key);
    }));
    CustomerFields f;
    for (auto [key, value] : doc.object()) {
        if (key == "name") {
            HELM_TRY(auto name, json_text(value, key));
            f.name = std::move(name);
        } else if (const auto* text = find_key(customer_texts, key)) {
            HELM_TRY(f.*(text->field), json_optional_text(value, key, text->kind));
        } else if (const auto* flag = find_key(customer_flags, key)) {
            HELM_TRY(f.*(flag->field), json_bool(value, key));
        } else if (key == "version") {
            HELM_TRY(f.version, json_version(value));
        }
    }
    return f;
}

Result<CustomerFields> customer_fields_from_form(const Form& form) {
    CustomerFields f;
    if (form_has(form, "name")) f.name = trimmed(form_value(form, "name"));
    for (const auto& text : customer_texts)
        if (form_has(form, text.key)) f.*(text.field) = blank_is_none(normalised(form_value(form, text.key), text.kind));
    for (const auto& flag : customer_flags)
        if (form_has(form, flag.key)) f.*(flag.field) = web::ticked(form, flag.key);
    if (form_has(form, "version")) {
        HELM_TRY(f.version, form_version(form));
    }
    return f;
}

Result<BikeFields> bike_fields_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, [](std::string_view key) {
        return key == "year" || key == "version" || key == "serial_unit_id" || find_key(bike_texts, key);
    }));
    BikeFields f;
    for (auto [key, value] : doc.object()) {
        if (const auto* text = find_key(bike_texts, key)) {
            HELM_TRY(f.*(text->field), json_optional_text(value, key, text->kind));
        } else if (key == "year") {
            if (value.is_null()) {
                f.year.emplace(std::nullopt);
            } else {
                HELM_TRY(auto year, json_integer(value, key));
                f.year.emplace(year);
            }
        } else if (key == "version") {
            HELM_TRY(f.version, json_version(value));
        } else if (key == "serial_unit_id") {
            return invalid("serial_unit_id", "serial_unit_id is set when the shop sells the bike, not by an edit");
        }
    }
    return f;
}

Result<BikeFields> bike_fields_from_form(const Form& form) {
    BikeFields f;
    for (const auto& text : bike_texts)
        if (form_has(form, text.key)) f.*(text.field) = blank_is_none(normalised(form_value(form, text.key), text.kind));
    if (form_has(form, "year")) {
        auto year = optional_whole_number("year", trimmed(form_value(form, "year")));
        if (!year) return invalid("year", "year must be a year like 2021");
        f.year = *year;
    }
    if (form_has(form, "version")) {
        HELM_TRY(f.version, form_version(form));
    }
    return f;
}

bool has_changes(const CustomerFields& f) {
    return f.name || std::any_of(customer_texts.begin(), customer_texts.end(), [&](const auto& t) { return (f.*(t.field)).has_value(); }) ||
           std::any_of(customer_flags.begin(), customer_flags.end(), [&](const auto& t) { return (f.*(t.field)).has_value(); });
}

bool has_changes(const BikeFields& f) {
    return f.year || std::any_of(bike_texts.begin(), bike_texts.end(), [&](const auto& t) { return (f.*(t.field)).has_value(); });
}

Result<Customer> apply(Customer c, const CustomerFields& f) {
    if (f.name) c.name = *f.name;
    for (const auto& text : customer_texts)
        if (f.*(text.field)) c.*(text.stored) = *(f.*(text.field));
    for (const auto& flag : customer_flags)
        if (f.*(flag.field)) c.*(flag.stored) = *(f.*(flag.field));
    if (f.name || c.name.empty()) {
        if (auto ok = check_text("name", c.name, 120); !ok) return std::move(ok).error();
    }
    for (const auto& text : customer_texts) {
        const auto& value = c.*(text.stored);
        if (!value || !(f.*(text.field))) continue;
        if (auto ok = check_value(text.key, text.kind, text.max, *value); !ok) return std::move(ok).error();
    }
    if (c.tax_exempt && !c.tax_exempt_reference)
        return invalid("tax_exempt_reference", "a tax-exempt customer needs the exemption's reference (certificate or status number)");
    return c;
}

Result<Bike> apply(Bike b, const BikeFields& f) {
    for (const auto& text : bike_texts) {
        if (!(f.*(text.field))) continue;
        b.*(text.stored) = *(f.*(text.field));
        const auto& value = b.*(text.stored);
        if (value) {
            if (auto ok = check_value(text.key, text.kind, text.max, *value); !ok) return std::move(ok).error();
        }
    }
    if (f.year) b.year = *f.year;
    if (b.year && (*b.year < 1900 || *b.year > 2100)) return invalid("year", "year must be from 1900 to 2100");
    return b;
}

std::string bike_title(const Bike& b) {
    std::string out;
    for (const auto* part : {&b.make, &b.model})
        if (*part) out += (out.empty() ? "" : " ") + **part;
    if (b.year) out += (out.empty() ? "" : " ") + std::to_string(*b.year);
    return out.empty() ? "Bike " + std::to_string(b.id) : out;
}

std::string digits_reversed(std::string_view phone) {
    std::string out;
    for (auto it = phone.rbegin(); it != phone.rend(); ++it)
        if (*it >= '0' && *it <= '9') out += *it;
    return out;
}

Customer customer_from_row(const Row& row) {
    Customer c;
    c.id = row.integer("id");
    c.name = row.text("name");
    for (const auto& text : customer_texts) c.*(text.stored) = row.optional_text(text.key);
    for (const auto& flag : customer_flags) c.*(flag.stored) = row.integer(flag.key) != 0;
    c.merged_into_id = row.optional_integer("merged_into_id");
    c.erased_at_ms = row.optional_integer("erased_at_ms");
    c.version = row.integer("version");
    c.created_at_ms = row.integer("created_at_ms");
    c.updated_at_ms = row.integer("updated_at_ms");
    return c;
}

Bike bike_from_row(const Row& row) {
    Bike b;
    b.id = row.integer("id");
    b.customer_id = row.integer("customer_id");
    for (const auto& text : bike_texts) b.*(text.stored) = row.optional_text(text.key);
    b.year = row.optional_integer("year");
    b.serial_unit_id = row.optional_integer("serial_unit_id");
    b.version = row.integer("version");
    b.created_at_ms = row.integer("created_at_ms");
    b.updated_at_ms = row.integer("updated_at_ms");
    return b;
}

Json customer_json(const Customer& c) {
    Json j = {{"id", c.id}, {"name", c.name}};
    for (const auto& text : customer_texts) j[text.key] = json_or_null(c.*(text.stored));
    for (const auto& flag : customer_flags) j[flag.key] = c.*(flag.stored);
    j["merged_into_id"] = json_or_null(c.merged_into_id);
    j["erased_at_ms"] = json_or_null(c.erased_at_ms);
    j["version"] = c.version;
    j["created_at_ms"] = c.created_at_ms;
    j["updated_at_ms"] = c.updated_at_ms;
    return j;
}

Json bike_json(const Bike& b) {
    Json j = {{"id", b.id}, {"customer_id", b.customer_id}};
    for (const auto& text : bike_texts) j[text.key] = json_or_null(b.*(text.stored));
    j["year"] = json_or_null(b.year);
    j["serial_unit_id"] = json_or_null(b.serial_unit_id);
    j["version"] = b.version;
    j["created_at_ms"] = b.created_at_ms;
    j["updated_at_ms"] = b.updated_at_ms;
    return j;
}

Json customer_audit_image(const Customer& c, const Customer* from) {
    Json j = {{"id", c.id}, {"version", c.version}};
    for (const auto& flag : customer_flags) j[flag.key] = c.*(flag.stored);
    if (c.merged_into_id) j["merged_into_id"] = *c.merged_into_id;
    if (c.erased_at_ms) j["erased"] = true;
    Json names = Json::array();
    if (from ? c.name != from->name : !c.name.empty()) names.push_back("name");
    for (const auto& text : customer_texts)
        if (from ? c.*(text.stored) != from->*(text.stored) : (c.*(text.stored)).has_value()) names.push_back(text.key);
    j[from ? "changed" : "fields"] = std::move(names);
    return j;
}

Json bike_audit_image(const Bike& b, const Bike* from) {
    Json j = {{"id", b.id}, {"customer_id", b.customer_id}, {"version", b.version}};
    if (b.serial_unit_id) j["serial_unit_id"] = *b.serial_unit_id;
    Json names = Json::array();
    for (const auto& text : bike_texts)
        if (from ? b.*(text.stored) != from->*(text.stored) : (b.*(text.stored)).has_value()) names.push_back(text.key);
    if (from ? b.year != from->year : b.year.has_value()) names.push_back("year");
    j[from ? "changed" : "fields"] = std::move(names);
    return j;
}

}  // namespace helm::customers
