#include "catalog/taxonomy.hpp"

#include <charconv>

#include "audit/audit.hpp"
#include "bindings/db_errors.hpp"
#include "catalog/product.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "core/time.hpp"

namespace helm::catalog {
namespace {

constexpr std::string_view categories_in_path_order =
    "WITH RECURSIVE tree(id, parent_id, name, path) AS ("
    " SELECT id, parent_id, name, name FROM categories WHERE parent_id IS NULL"
    " UNION ALL SELECT c.id, c.parent_id, c.name, tree.path || ' › ' || c.name FROM categories c JOIN tree ON c.parent_id = tree.id)"
    " SELECT id, parent_id, name, path FROM tree ORDER BY path COLLATE NOCASE";
constexpr std::string_view category_by_id = "SELECT id, parent_id, name FROM categories WHERE id = ?1";
constexpr std::string_view next_category_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM categories";
constexpr std::string_view insert_category = "INSERT INTO categories (id, parent_id, name, created_at_ms) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view update_category = "UPDATE categories SET parent_id = ?2, name = ?3 WHERE id = ?1";

// The rates a sale on that date pays (valid_until is exclusive).
constexpr std::string_view rates_on_date =
    "SELECT id, name, tax_class_key, rate_ppm FROM tax_rates WHERE valid_from <= ?1 AND (valid_until IS NULL OR valid_until > ?1) "
    "ORDER BY tax_class_key, id";
constexpr std::string_view vendors_by_name = "SELECT id, name, account_number, email, phone FROM vendors ORDER BY name COLLATE NOCASE";
constexpr std::string_view next_vendor_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM vendors";
constexpr std::string_view insert_vendor =
    "INSERT INTO vendors (id, name, account_number, email, phone, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

constexpr std::string_view list_rates =
    "SELECT c.key, c.name AS class_name, r.id, r.name, r.rate_ppm, r.valid_from, r.valid_until FROM tax_classes c "
    "LEFT JOIN tax_rates r ON r.tax_class_key = c.key ORDER BY c.key, r.valid_from, r.id";
// A rate of the same name and class whose validity overlaps ?3 .. ?4 (NULL: open-ended).
constexpr std::string_view overlapping_rate =
    "SELECT id FROM tax_rates WHERE tax_class_key = ?1 AND name = ?2 AND valid_from < coalesce(?4, '9999-12-31') "
    "AND coalesce(valid_until, '9999-12-31') > ?3";
constexpr std::string_view next_rate_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM tax_rates";
constexpr std::string_view insert_rate =
    "INSERT INTO tax_rates (id, tax_class_key, name, rate_ppm, valid_from, valid_until, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

Json nullable_json(const Row& row, std::string_view column) { return row.is_null(column) ? Json(nullptr) : Json(row.text(column)); }

Result<std::optional<std::string>> optional_text(simdjson::dom::object obj, std::string_view key, std::size_t max) {
    simdjson::dom::element value;
    if (obj.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::optional<std::string>{};
    HELM_TRY(auto text, json_text(value, key));
    if (text.empty()) return std::optional<std::string>{};
    if (auto ok = check_code_text(key, text, max); !ok) return std::move(ok).error();
    return std::optional<std::string>(std::move(text));
}

Result<std::optional<std::int64_t>> optional_id(simdjson::dom::object obj, std::string_view key) {
    simdjson::dom::element value;
    if (obj.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::optional<std::int64_t>{};
    HELM_TRY(auto id, json_id(value, key));
    return std::optional<std::int64_t>(id);
}

Json category_json(const Row& row) {
    return {{"id", row.integer("id")}, {"parent_id", row.is_null("parent_id") ? Json(nullptr) : Json(row.integer("parent_id"))},
            {"name", row.text("name")}};
}

// A category's parent must exist; the database keeps the tree free of cycles.
Error category_error(Error e) {
    if (e.code == Code::already_exists) return {Code::already_exists, "that parent already has a category of this name", "name"};
    if (raised(e, reason::foreign_key)) return invalid("parent_id", "there is no such parent category");
    return e;
}

Status check_category(const CategoryFields& f) { return check_text("name", f.name, 80); }

Status check_vendor(const VendorFields& f) {
    if (auto ok = check_text("name", f.name, 120); !ok) return ok;
    if (auto ok = f.account_number ? check_code_text("account_number", *f.account_number, 64) : Status(Ok{}); !ok) return ok;
    if (auto ok = f.email ? check_code_text("email", *f.email, 254) : Status(Ok{}); !ok) return ok;
    return f.phone ? check_code_text("phone", *f.phone, 40) : Status(Ok{});
}

Status check_rate(const RateFields& f) {
    if (std::find(std::begin(tax_classes), std::end(tax_classes), f.tax_class) == std::end(tax_classes))
        return invalid("tax_class", "tax_class must be one of: goods, labor, exempt");
    if (auto ok = check_text("name", f.name, 40); !ok) return ok;
    if (f.rate_ppm < 0 || f.rate_ppm > 1000000) return invalid("rate_ppm", "rate_ppm is parts per million: 50000 is 5%, at most 1000000");
    if (utc_day_start_ms(f.valid_from) < 0) return invalid("valid_from", "valid_from must be a date like 2026-07-01");
    if (f.valid_until && utc_day_start_ms(*f.valid_until) < 0) return invalid("valid_until", "valid_until must be a date like 2026-07-01");
    if (f.valid_until && *f.valid_until <= f.valid_from) return invalid("valid_until", "valid_until must be after valid_from");
    return Ok{};
}

std::optional<std::string> blank_is_none(std::string text) {
    text = trimmed(text);
    if (text.empty()) return std::nullopt;
    return text;
}

// "7", "7.5", "7.25": a percentage with up to four decimals, as parts per million.
Result<std::int64_t> percent_as_ppm(std::string_view text) {
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot), fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    std::int64_t units = 0, decimals = 0;
    const bool digits = !whole.empty() && whole.size() <= 3 && fraction.size() <= 4 &&
                        whole.find_first_not_of("0123456789") == std::string_view::npos &&
                        fraction.find_first_not_of("0123456789") == std::string_view::npos;
    if (!digits) return invalid("rate", "the rate is a percentage like 7 or 7.25");
    std::from_chars(whole.data(), whole.data() + whole.size(), units);
    std::string padded(fraction);
    padded.resize(4, '0');
    std::from_chars(padded.data(), padded.data() + 4, decimals);
    return units * 10000 + decimals;
}

}  // namespace

Result<CategoryFields> category_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"name", "parent_id"}));
    const auto obj = doc.object();
    CategoryFields f;
    HELM_TRY(f.name, json_text(obj, "name"));
    HELM_TRY(f.parent_id, optional_id(obj, "parent_id"));
    if (auto ok = check_category(f); !ok) return std::move(ok).error();
    return f;
}

Result<CategoryFields> category_from_form(const Form& form) {
    CategoryFields f;
    f.name = trimmed(form_value(form, "name"));
    if (auto parent = trimmed(form_value(form, "parent_id")); !parent.empty()) {
        HELM_TRY(auto id, whole_number("parent_id", parent));
        f.parent_id = id;
    }
    if (auto ok = check_category(f); !ok) return std::move(ok).error();
    return f;
}

Result<VendorFields> vendor_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"name", "account_number", "email", "phone"}));
    const auto obj = doc.object();
    VendorFields f;
    HELM_TRY(f.name, json_text(obj, "name"));
    HELM_TRY(f.account_number, optional_text(obj, "account_number", 64));
    HELM_TRY(f.email, optional_text(obj, "email", 254));
    HELM_TRY(f.phone, optional_text(obj, "phone", 40));
    if (auto ok = check_vendor(f); !ok) return std::move(ok).error();
    return f;
}

Result<VendorFields> vendor_from_form(const Form& form) {
    VendorFields f{trimmed(form_value(form, "name")), blank_is_none(form_value(form, "account_number")),
                   blank_is_none(form_value(form, "email")), blank_is_none(form_value(form, "phone"))};
    if (auto ok = check_vendor(f); !ok) return std::move(ok).error();
    return f;
}

// {"tax_class": "goods", "name": "PST", "rate_ppm": 70000, "valid_from": "2026-01-01", "valid_until": null}
Result<RateFields> rate_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"tax_class", "name", "rate_ppm", "valid_from", "valid_until"}));
    const auto obj = doc.object();
    RateFields f;
    HELM_TRY(f.tax_class, json_text(obj, "tax_class"));
    HELM_TRY(f.name, json_text(obj, "name"));
    HELM_TRY(f.rate_ppm, json_integer(obj, "rate_ppm"));
    HELM_TRY(f.valid_from, json_text(obj, "valid_from"));
    HELM_TRY(f.valid_until, optional_text(obj, "valid_until", 10));
    if (auto ok = check_rate(f); !ok) return std::move(ok).error();
    return f;
}

Result<RateFields> rate_from_form(const Form& form) {
    RateFields f;
    f.tax_class = form_value(form, "tax_class");
    f.name = trimmed(form_value(form, "name"));
    HELM_TRY(f.rate_ppm, percent_as_ppm(trimmed(form_value(form, "rate"))));
    f.valid_from = trimmed(form_value(form, "valid_from"));
    f.valid_until = blank_is_none(form_value(form, "valid_until"));
    if (auto ok = check_rate(f); !ok) return std::move(ok).error();
    return f;
}

Task<Result<Json>> add_category(Context& cx, const CategoryFields& f) {
    const std::int64_t at = cx.now_ms();
    Json created;
    auto written = co_await audit::commit_new(cx, next_category_id, [&](std::int64_t next) {
        created = {{"id", next}, {"parent_id", f.parent_id ? Json(*f.parent_id) : Json(nullptr)}, {"name", f.name}};
        const Value parent = nullable(f.parent_id);
        return audit::Change{{{std::string(insert_category), {next, parent, f.name, at}}},
                             {"category.create", "category", std::to_string(next), nullptr, created}};
    });
    if (!written) co_return category_error(std::move(written).error());
    co_return created;
}

Task<Result<Json>> change_category(Context& cx, std::int64_t id, std::string_view body) {
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(body, {"name", "parent_id"}));
    const auto obj = doc.object();
    HELM_CO_TRY(auto found, co_await cx.db.query(category_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "category " + std::to_string(id) + " not found", "id"};
    const Json before = category_json(Row(found, 0));
    Json after = before;
    simdjson::dom::element value;
    if (obj.at_key("name").get(value) == simdjson::SUCCESS) {
        HELM_CO_TRY(auto name, json_text(value, "name"));
        if (auto ok = check_text("name", name, 80); !ok) co_return std::move(ok).error();
        after["name"] = name;
    }
    if (obj.at_key("parent_id").get(value) == simdjson::SUCCESS) {
        HELM_CO_TRY(auto parent, optional_id(obj, "parent_id"));
        after["parent_id"] = parent ? Json(*parent) : Json(nullptr);
    }
    const Value parent_value = after["parent_id"].is_null() ? Value(nullptr) : Value(after["parent_id"].get<std::int64_t>());
    const std::string name = after["name"];
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return audit::Change{{{std::string(update_category), {id, parent_value, name}}, expect_changes(1)},
                                {"category.update", "category", std::to_string(id), before, after}};
    });
    if (!written) co_return category_error(std::move(written).error());
    co_return after;
}

Task<Result<Json>> add_vendor(Context& cx, const VendorFields& f) {
    const std::int64_t at = cx.now_ms();
    Json vendor;
    auto written = co_await audit::commit_new(cx, next_vendor_id, [&](std::int64_t next) {
        vendor = {{"id", next}, {"name", f.name}, {"account_number", f.account_number ? Json(*f.account_number) : Json(nullptr)},
                  {"email", f.email ? Json(*f.email) : Json(nullptr)}, {"phone", f.phone ? Json(*f.phone) : Json(nullptr)}};
        return audit::Change{{{std::string(insert_vendor), {next, f.name, nullable(f.account_number), nullable(f.email), nullable(f.phone), at}}},
                             {"vendor.create", "vendor", std::to_string(next), nullptr, vendor}};
    });
    if (!written) co_return std::move(written).error();
    co_return vendor;
}

Task<Result<Json>> add_tax_rate(Context& cx, const RateFields& f) {
    HELM_CO_TRY(auto overlap, co_await cx.db.query(overlapping_rate, f.tax_class, f.name, f.valid_from, nullable(f.valid_until)));
    if (!overlap.rows.empty())
        co_return Error{Code::conflict, f.name + " for " + f.tax_class + " already has a rate in those dates: end it first", "valid_from"};
    const std::int64_t at = cx.now_ms();
    Json created;
    auto written = co_await audit::commit_new(cx, next_rate_id, [&](std::int64_t next) {
        created = {{"id", next}, {"tax_class", f.tax_class}, {"name", f.name}, {"rate_ppm", f.rate_ppm}, {"valid_from", f.valid_from},
                   {"valid_until", f.valid_until ? Json(*f.valid_until) : Json(nullptr)}};
        return audit::Change{{{std::string(insert_rate), {next, f.tax_class, f.name, f.rate_ppm, f.valid_from, nullable(f.valid_until), at}}},
                             {"tax_rate.create", "tax_rate", std::to_string(next), nullptr, created}};
    });
    if (!written) co_return std::move(written).error();
    co_return created;
}

Task<Result<Json>> list_categories(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(categories_in_path_order));
    Json list = Json::array();
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        Json c = category_json(row);
        c["path"] = row.text("path");
        list.push_back(std::move(c));
    }
    co_return list;
}

Task<Result<Json>> list_vendors(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(vendors_by_name));
    Json list = Json::array();
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        list.push_back({{"id", row.integer("id")}, {"name", row.text("name")}, {"account_number", nullable_json(row, "account_number")},
                        {"email", nullable_json(row, "email")}, {"phone", nullable_json(row, "phone")}});
    }
    co_return list;
}

Task<Result<Json>> list_tax_classes(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(list_rates));
    Json classes = Json::array();
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        if (classes.empty() || classes.back()["key"] != row.text("key"))
            classes.push_back({{"key", row.text("key")}, {"name", row.text("class_name")}, {"rates", Json::array()}});
        if (row.is_null("id")) continue;
        classes.back()["rates"].push_back({{"id", row.integer("id")}, {"name", row.text("name")}, {"rate_ppm", row.integer("rate_ppm")},
                                           {"valid_from", row.text("valid_from")}, {"valid_until", nullable_json(row, "valid_until")}});
    }
    co_return classes;
}

Statement rates_on_statement(std::string_view business_date) { return {std::string(rates_on_date), {std::string(business_date)}}; }

std::vector<TaxRate> rates_from(const D1Result& found) {
    std::vector<TaxRate> rates;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        rates.push_back({row.integer("id"), row.text("name"), row.text("tax_class_key"), row.integer("rate_ppm")});
    }
    return rates;
}

Task<Result<std::vector<TaxRate>>> rates_on(Context& cx, std::string_view business_date) {
    HELM_CO_TRY(auto found, co_await cx.db.query(rates_on_date, std::string(business_date)));
    co_return rates_from(found);
}

}  // namespace helm::catalog
