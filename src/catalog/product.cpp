#include "catalog/product.hpp"

#include <algorithm>
#include <charconv>
#include <span>
#include <variant>

#include "core/fields.hpp"

namespace helm::catalog {
namespace {

using Member = std::variant<std::string Product::*, std::optional<std::string> Product::*, std::optional<std::int64_t> Product::*,
                            Cents Product::*, std::optional<Cents> Product::*, bool Product::*>;

// One row per field a client may set: its JSON name, where it lives, and its bounds
// (the length for text). Money is named "..._cents" in JSON and without the suffix in
// forms and CSV, where it is written in dollars.
struct Rule {
    std::string_view name;
    Member member;
    std::int64_t min, max;
    std::span<const std::string_view> choices = {};
    Status (*check_text)(std::string_view, const std::string&, std::size_t) = helm::check_text;  // for text
};

constexpr std::int64_t any_id = max_safe_integer;

const Rule rules[] = {
    {"sku", &Product::sku, 1, 64, {}, check_sku},
    {"name", &Product::name, 1, 200},
    {"kind", &Product::kind, 1, 16, kinds},
    {"parent_id", &Product::parent_id, 1, any_id},
    {"brand", &Product::brand, 1, 80},
    {"model_year", &Product::model_year, 1900, 2100},
    {"size", &Product::size, 1, 40},
    {"colour", &Product::colour, 1, 40},
    {"category_id", &Product::category_id, 1, any_id},
    {"tax_class", &Product::tax_class, 1, 16, tax_classes},
    {"price_cents", &Product::price, 0, max_money.value},
    {"msrp_cents", &Product::msrp, 0, max_money.value},
    {"standard_minutes", &Product::standard_minutes, 0, 6000},
    {"serialized", &Product::serialized, 0, 1},
    {"reorder_min", &Product::reorder_min, 0, 1000000},
    {"reorder_max", &Product::reorder_max, 0, 1000000},
    {"discountable", &Product::discountable, 0, 1},
    {"active", &Product::active, 0, 1},
};

Status within(const Rule& r, std::string_view field, std::int64_t n) {
    if (n < r.min || n > r.max)
        return invalid(std::string(field), std::string(field) + " must be from " + std::to_string(r.min) + " to " + std::to_string(r.max));
    return Ok{};
}

Status check_choice(const Rule& r, std::string_view field, const std::string& value) {
    if (r.choices.empty() || std::find(r.choices.begin(), r.choices.end(), value) != r.choices.end()) return Ok{};
    std::string list;
    for (auto c : r.choices) list += (list.empty() ? "" : ", ") + std::string(c);
    return invalid(std::string(field), std::string(field) + " must be one of: " + list);
}

Result<std::string> checked_text(const Rule& r, std::string_view field, std::string value) {
    if (auto ok = r.check_text(field, value, std::size_t(r.max)); !ok) return std::move(ok).error();
    if (auto ok = check_choice(r, field, value); !ok) return std::move(ok).error();
    return value;
}

Status set_from_json(Product& p, const Rule& r, simdjson::dom::element value) {
    const std::string_view field = r.name;
    return std::visit(
        [&](auto member) -> Status {
            using T = std::decay_t<decltype(p.*member)>;
            if constexpr (std::is_same_v<T, bool>) {
                HELM_TRY(p.*member, json_bool(value, field));
            } else if constexpr (std::is_same_v<T, std::string>) {
                HELM_TRY(auto text, json_text(value, field));
                HELM_TRY(p.*member, checked_text(r, field, std::move(text)));
            } else if constexpr (std::is_same_v<T, Cents>) {
                HELM_TRY(auto n, json_integer(value, field));
                if (auto ok = within(r, field, n); !ok) return ok;
                p.*member = Cents{n};
            } else if (value.is_null()) {
                p.*member = std::nullopt;
            } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
                HELM_TRY(auto text, json_text(value, field));
                if (text.empty()) {
                    p.*member = std::nullopt;
                } else {
                    HELM_TRY(p.*member, checked_text(r, field, std::move(text)));
                }
            } else {
                HELM_TRY(auto n, json_integer(value, field));
                if (auto ok = within(r, field, n); !ok) return ok;
                if constexpr (std::is_same_v<T, std::optional<Cents>>)
                    p.*member = Cents{n};
                else
                    p.*member = n;
            }
            return Ok{};
        },
        r.member);
}

Result<Cents> amount(const Rule& r, std::string_view field, std::string_view text) {
    auto cents = parse_cents(text);
    if (!cents) return invalid(std::string(field), std::string(field) + " must be an amount like 12.50");
    if (auto ok = within(r, field, cents->value); !ok) return std::move(ok).error();
    return *cents;
}

Result<bool> yes_or_no(std::string_view field, std::string_view text) {
    if (text == "1" || text == "true" || text == "yes") return true;
    if (text == "0" || text == "false" || text == "no") return false;
    return invalid(std::string(field), std::string(field) + " must be 1 or 0");
}

Status set_from_text(Product& p, const Rule& r, const std::string& field, const std::string& value) {
    return std::visit(
        [&](auto member) -> Status {
            using T = std::decay_t<decltype(p.*member)>;
            if constexpr (std::is_same_v<T, bool>) {
                if (!value.empty()) {
                    HELM_TRY(p.*member, yes_or_no(field, value));
                }
            } else if constexpr (std::is_same_v<T, std::string>) {
                HELM_TRY(p.*member, checked_text(r, field, value));
            } else if constexpr (std::is_same_v<T, Cents>) {
                HELM_TRY(p.*member, amount(r, field, value));
            } else if (value.empty()) {
                p.*member = std::nullopt;
            } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
                HELM_TRY(p.*member, checked_text(r, field, value));
            } else if constexpr (std::is_same_v<T, std::optional<Cents>>) {
                HELM_TRY(p.*member, amount(r, field, value));
            } else {
                HELM_TRY(auto n, whole_number(field, value));
                if (auto ok = within(r, field, n); !ok) return ok;
                p.*member = n;
            }
            return Ok{};
        },
        r.member);
}

std::string as_text(const Product& p, const Rule& r) {
    return std::visit(
        [&](auto member) -> std::string {
            const auto& v = p.*member;
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) return v ? "1" : "0";
            else if constexpr (std::is_same_v<T, std::string>) return v;
            else if constexpr (std::is_same_v<T, Cents>) return format_cents(v);
            else if constexpr (std::is_same_v<T, std::optional<std::string>>) return v.value_or("");
            else if constexpr (std::is_same_v<T, std::optional<Cents>>) return v ? format_cents(*v) : "";
            else return v ? std::to_string(*v) : "";
        },
        r.member);
}

const Rule* rule_named(std::string_view name) {
    for (const auto& r : rules)
        if (r.name == name) return &r;
    return nullptr;
}

const Rule* rule_for_text(std::string_view name) {
    for (const auto& r : rules)
        if (text_name(r.name) == name) return &r;
    return nullptr;
}

// Barcodes as a person types or scans them into one box: separated by spaces or commas.
std::vector<std::string> split_codes(std::string_view text) {
    std::vector<std::string> codes;
    std::string code;
    for (char c : text) {
        if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t') {
            if (!code.empty()) codes.push_back(std::move(code));
            code.clear();
        } else {
            code += c;
        }
    }
    if (!code.empty()) codes.push_back(std::move(code));
    return codes;
}

Result<std::vector<VendorPart>> vendors_from_json(simdjson::dom::element value) {
    simdjson::dom::array list;
    if (value.get_array().get(list) != simdjson::SUCCESS) return invalid("vendors", "vendors must be a list");
    // Capped before anything is read: each vendor is compared with those before it.
    if (list.size() > max_vendors) return invalid("vendors", "vendors has at most " + std::to_string(max_vendors) + " entries");
    std::vector<VendorPart> parts;
    for (auto item : list) {
        simdjson::dom::object entry;
        if (item.get_object().get(entry) != simdjson::SUCCESS)
            return invalid("vendors", "each vendor is an object with vendor_id, vendor_part_number and cost_cents");
        VendorPart part;
        for (auto [key, v] : entry) {
            if (key == "vendor_id") {
                HELM_TRY(part.vendor_id, json_id(v, "vendor_id"));
            } else if (v.is_null()) {
                continue;  // null is "none", as for a product's own optional fields
            } else if (key == "vendor_part_number") {
                HELM_TRY(auto number, json_text(v, "vendor_part_number"));
                if (auto ok = check_code_text("vendor_part_number", number, 64); !ok) return std::move(ok).error();
                part.part_number = std::move(number);
            } else if (key == "cost_cents") {
                HELM_TRY(auto cost, json_integer(v, "cost_cents"));
                if (cost < 0 || cost > max_money.value) return invalid("cost_cents", "cost_cents must be from 0 to " + std::to_string(max_money.value));
                part.cost = Cents{cost};
            } else {
                return invalid(field_name(key), "unknown field in a vendor: each has vendor_id, vendor_part_number and cost_cents");
            }
        }
        if (part.vendor_id == 0) return invalid("vendor_id", "each vendor needs its vendor_id");
        for (const auto& other : parts)
            if (other.vendor_id == part.vendor_id) return invalid("vendors", "a vendor is listed twice");
        parts.push_back(std::move(part));
    }
    return parts;
}

}  // namespace

Result<Edit> edit_from_json(Product base, std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, [](std::string_view key) {
        return key == "version" || key == "barcodes" || key == "vendors" || rule_named(key) != nullptr;
    }));
    Edit e{std::move(base), {}, {}};
    for (auto [key, value] : doc.object()) {
        if (key == "version") {
            HELM_TRY(auto version, json_integer(value, key));
            if (version < 1) return invalid("version", "version must be the product's version, a positive whole number");
            e.version = version;
        } else if (key == "barcodes") {
            simdjson::dom::array list;
            if (value.get_array().get(list) != simdjson::SUCCESS) return invalid("barcodes", "barcodes must be a list of strings");
            if (list.size() > max_barcodes) return invalid("barcodes", "barcodes has at most " + std::to_string(max_barcodes) + " entries");
            e.product.barcodes.clear();
            for (auto code : list) {
                HELM_TRY(auto text, json_text(code, "barcodes"));
                e.product.barcodes.push_back(std::move(text));
            }
        } else if (key == "vendors") {
            HELM_TRY(e.product.vendors, vendors_from_json(value));
        } else if (const Rule* r = rule_named(key)) {
            if (auto ok = set_from_json(e.product, *r, value); !ok) return std::move(ok).error();
        }
        e.sent.insert(std::string(key));
    }
    return e;
}

Result<Edit> edit_from_text(Product base, const Form& fields) {
    Edit e{std::move(base), {}, {}};
    for (const auto& [key, raw_value] : fields) {
        const std::string value = trimmed(raw_value);
        if (key == "version") {
            HELM_TRY(auto version, whole_number("version", value));
            e.version = version;
            continue;
        }
        if (key == "barcodes") {
            e.product.barcodes = split_codes(value);
            e.sent.insert("barcodes");
        } else if (const Rule* r = rule_for_text(key)) {
            if (auto ok = set_from_text(e.product, *r, key, value); !ok) return std::move(ok).error();
            e.sent.insert(std::string(r->name));
        }
        // Other names (a form's button, the CSRF-free search box) are not product fields.
    }
    return e;
}

Status check_product(const Edit& e, bool is_new) {
    const Product& p = e.product;
    if (is_new) {
        if (e.version) return invalid("version", "a new product has no version yet");
        if (!e.has("sku")) return invalid("sku", "sku is required");
        if (!e.has("name")) return invalid("name", "name is required");
        if (!e.has("price_cents")) return invalid("price_cents", "a price is required");
    }
    if (p.standard_minutes && p.kind != "labor") return invalid("standard_minutes", "only labor has standard minutes");
    if (p.serialized && p.kind != "stock") return invalid("serialized", "only stock items can be serialized");
    if (p.reorder_min && p.reorder_max && *p.reorder_max < *p.reorder_min)
        return invalid("reorder_max", "reorder_max must not be below reorder_min");
    if (p.parent_id && *p.parent_id == p.id) return invalid("parent_id", "a product cannot be its own model");
    if (p.barcodes.size() > max_barcodes) return invalid("barcodes", "at most " + std::to_string(max_barcodes) + " barcodes");
    for (std::size_t i = 0; i < p.barcodes.size(); ++i) {
        if (auto ok = check_code_text("barcodes", p.barcodes[i], 64); !ok) return ok;
        if (p.barcodes[i].find(' ') != std::string::npos) return invalid("barcodes", "a barcode has no spaces");
        if (std::find(p.barcodes.begin(), p.barcodes.begin() + i, p.barcodes[i]) != p.barcodes.begin() + i)
            return invalid("barcodes", "barcode " + p.barcodes[i] + " is listed twice");
    }
    return Ok{};
}

std::string text_name(std::string_view name) {
    constexpr std::string_view suffix = "_cents";
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix)
        return std::string(name.substr(0, name.size() - suffix.size()));
    return std::string(name);
}

std::vector<std::string_view> text_field_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& r : rules) out.push_back(text_name(r.name));
        out.emplace_back("barcodes");
        return out;
    }();
    return {names.begin(), names.end()};
}

Form product_as_text(const Product& p) {
    Form out;
    for (const auto& r : rules) out.emplace_back(text_name(r.name), as_text(p, r));
    std::string codes;
    for (const auto& c : p.barcodes) codes += (codes.empty() ? "" : " ") + c;
    out.emplace_back("barcodes", std::move(codes));
    return out;
}

namespace {
// A JSON array of strings that SQLite's json_group_array built.
std::vector<std::string> string_list(const std::string& json) {
    std::vector<std::string> out;
    auto doc = JsonDocument::parse(json.empty() ? "[]" : json);
    simdjson::dom::array list;
    if (!doc || doc->root().get_array().get(list) != simdjson::SUCCESS) return out;
    for (auto item : list) {
        std::string_view s;
        if (item.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(s);
    }
    return out;
}
}  // namespace

Product product_from_row(const Row& row) {
    Product p;
    p.id = row.integer("id");
    p.parent_id = row.optional_integer("parent_id");
    p.kind = row.text("kind");
    p.sku = row.text("sku");
    p.name = row.text("name");
    p.brand = row.optional_text("brand");
    p.model_year = row.optional_integer("model_year");
    p.size = row.optional_text("size");
    p.colour = row.optional_text("colour");
    p.category_id = row.optional_integer("category_id");
    p.tax_class = row.text("tax_class_key");
    p.price = Cents{row.integer("price_cents")};
    if (!row.is_null("msrp_cents")) p.msrp = Cents{row.integer("msrp_cents")};
    p.average_cost = Cents{row.integer("average_cost_cents")};
    p.standard_minutes = row.optional_integer("standard_minutes");
    p.serialized = row.integer("serialized") != 0;
    p.reorder_min = row.optional_integer("reorder_min");
    p.reorder_max = row.optional_integer("reorder_max");
    p.on_hand = row.integer("on_hand");
    p.discountable = row.integer("discountable") != 0;
    p.active = row.integer("active") != 0;
    p.version = row.integer("version");
    p.created_at_ms = row.integer("created_at_ms");
    p.updated_at_ms = row.integer("updated_at_ms");
    p.barcodes = string_list(row.text("barcodes"));
    if (auto doc = JsonDocument::parse(row.text("vendors")); doc) {
        if (auto vendors = vendors_from_json(doc->root()); vendors) p.vendors = std::move(*vendors);
    }
    return p;
}

Json vendors_json(const Product& p) {
    return json_array(p.vendors, [](const VendorPart& v) {
        return Json{{"vendor_id", v.vendor_id},
                    {"vendor_part_number", v.part_number ? Json(*v.part_number) : Json(nullptr)},
                    {"cost_cents", v.cost ? Json(v.cost->value) : Json(nullptr)}};
    });
}

Json product_json(const Product& p) {
    auto optional = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
    return {{"id", p.id},
            {"parent_id", optional(p.parent_id)},
            {"kind", p.kind},
            {"sku", p.sku},
            {"name", p.name},
            {"brand", optional(p.brand)},
            {"model_year", optional(p.model_year)},
            {"size", optional(p.size)},
            {"colour", optional(p.colour)},
            {"category_id", optional(p.category_id)},
            {"tax_class", p.tax_class},
            {"price_cents", p.price.value},
            {"msrp_cents", p.msrp ? Json(p.msrp->value) : Json(nullptr)},
            {"average_cost_cents", p.average_cost.value},
            {"standard_minutes", optional(p.standard_minutes)},
            {"serialized", p.serialized},
            {"reorder_min", optional(p.reorder_min)},
            {"reorder_max", optional(p.reorder_max)},
            {"on_hand", p.on_hand},
            {"discountable", p.discountable},
            {"active", p.active},
            {"version", p.version},
            {"created_at_ms", p.created_at_ms},
            {"updated_at_ms", p.updated_at_ms},
            {"barcodes", p.barcodes},
            {"vendors", vendors_json(p)}};
}

}  // namespace helm::catalog
