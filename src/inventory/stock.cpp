#include <algorithm>
#include <charconv>

#include "audit/audit.hpp"
#include "bindings/db_errors.hpp"
#include "catalog/products.hpp"
#include "core/fields.hpp"
#include "inventory/inventory.hpp"
#include "inventory/inventory_sql.hpp"

namespace helm::inventory {
namespace {

constexpr std::int64_t max_quantity = 100000;
constexpr std::size_t max_serials = 100;


Result<std::optional<std::string>> optional_note(std::string_view field, std::string text, std::size_t max) {
    text = trimmed(text);
    if (text.empty()) return std::optional<std::string>{};
    if (auto ok = check_text(field, text, max); !ok) return std::move(ok).error();
    return std::optional<std::string>(std::move(text));
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::string line;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == ',') {
            if (auto t = trimmed(line); !t.empty()) out.push_back(t);
            line.clear();
        } else {
            line += c;
        }
    }
    if (auto t = trimmed(line); !t.empty()) out.push_back(t);
    return out;
}

bool same_serial(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

Status check_receipt(const catalog::Product& p, const Receipt& r) {
    if (!p.is_stocked()) return Error{Code::failed_precondition, p.sku + " is not a stock item, so it has no stock", "product"};
    if (r.quantity < 1 || r.quantity > max_quantity)
        return invalid("quantity", "quantity must be from 1 to " + std::to_string(max_quantity));
    if (r.unit_cost.value < 0 || r.unit_cost.value > max_money.value)
        return invalid("unit_cost_cents", "the unit cost must be from 0 to " + format_cents(max_money));
    if (!p.serialized) {
        if (!r.serials.empty()) return invalid("serials", p.sku + " is not serialized: receive it without serials");
        return Ok{};
    }
    if (r.quantity > std::int64_t(max_serials)) return invalid("quantity", "receive at most " + std::to_string(max_serials) + " serialized units at once");
    if (std::int64_t(r.serials.size()) != r.quantity)
        return invalid("serials", p.sku + " is serialized: give one serial per unit (" + std::to_string(r.quantity) + " units, " +
                                      std::to_string(r.serials.size()) + " serials)");
    for (std::size_t i = 0; i < r.serials.size(); ++i) {
        if (auto ok = check_code_text("serials", r.serials[i], 64); !ok) return ok;
        for (std::size_t j = 0; j < i; ++j)
            if (same_serial(r.serials[i], r.serials[j]))  // by position: a serial never reaches a log line
                return invalid("serials", "serials " + std::to_string(j + 1) + " and " + std::to_string(i + 1) + " are the same");
    }
    return Ok{};
}

// The database names the constraint; a client knows the field.
Error in_client_terms(Error e, const catalog::Product& p) {
    if (e.code == Code::already_exists) return invalid("serials", "a serial of this receipt is already on file for " + p.sku);
    if (raised(e, reason::stock_short))
        return {Code::failed_precondition, "there is not that much of " + p.sku + " in stock", "quantity"};
    return e;
}

Json level_json(const catalog::Product& p) { return {{"on_hand", p.on_hand}, {"average_cost_cents", p.average_cost.value}}; }

// A movement of the product and its audit event, planned on the product as it is now.
Task<Result<catalog::Product>> commit_movement(Context& cx, const catalog::Product& product,
                                               std::function<audit::Change(const catalog::Product& now)> change) {
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto now, co_await catalog::load_product(cx, product.id));
        co_return change(now);
    });
    if (!written) co_return in_client_terms(std::move(written).error(), product);
    co_return co_await catalog::load_product(cx, product.id);
}

}  // namespace

Json movement_json(const Movement& m) {
    auto optional = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
    return {{"id", m.id},
            {"product_id", m.product_id},
            {"quantity", m.quantity},
            {"reason", m.reason},
            {"unit_cost_cents", m.unit_cost.value},
            {"reference", optional(m.reference)},
            {"note", optional(m.note)},
            {"serial", optional(m.serial)},
            {"staff", optional(m.staff_name)},
            {"at_ms", m.at_ms}};
}

Task<Result<std::vector<Movement>>> movements_of(Context& cx, std::int64_t product_id, int limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::movements_of_product, product_id, std::int64_t{limit}));
    std::vector<Movement> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        out.push_back({row.integer("id"), row.integer("product_id"), row.integer("quantity"), row.text("reason"),
                       Cents{row.integer("unit_cost_cents")}, row.optional_text("reference"), row.optional_text("note"),
                       row.optional_text("serial"), row.optional_text("staff_name"), row.integer("at_ms")});
    }
    co_return out;
}

Result<Receipt> receipt_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"quantity", "unit_cost_cents", "reference", "note", "serials"}));
    Receipt r;
    bool has_quantity = false, has_cost = false;
    for (auto [key, value] : doc.object()) {
        if (key == "quantity") {
            HELM_TRY(r.quantity, json_integer(value, key));
            has_quantity = true;
        } else if (key == "unit_cost_cents") {
            HELM_TRY(auto cost, json_integer(value, key));
            r.unit_cost = Cents{cost};
            has_cost = true;
        } else if (key == "reference" || key == "note") {
            HELM_TRY(auto text, json_text(value, key));
            HELM_TRY(auto note, optional_note(key, text, key == "note" ? 500 : 120));
            (key == "note" ? r.note : r.reference) = std::move(note);
        } else if (key == "serials") {
            simdjson::dom::array list;
            if (value.get_array().get(list) != simdjson::SUCCESS) return invalid("serials", "serials must be a list of strings");
            for (auto s : list) {
                HELM_TRY(auto serial, json_text(s, "serials"));
                r.serials.push_back(std::move(serial));
            }
        }
    }
    if (!has_quantity) return invalid("quantity", "quantity is required");
    if (!has_cost) return invalid("unit_cost_cents", "the unit cost is required (0 for free stock)");
    return r;
}

Result<Receipt> receipt_from_form(const Form& form) {
    Receipt r;
    HELM_TRY(r.quantity, whole_number("quantity", trimmed(form_value(form, "quantity"))));
    auto cost = parse_cents(trimmed(form_value(form, "unit_cost")));
    if (!cost) return invalid("unit_cost", "the unit cost must be an amount like 12.50");
    r.unit_cost = *cost;
    HELM_TRY(r.reference, optional_note("reference", form_value(form, "reference"), 120));
    HELM_TRY(r.note, optional_note("note", form_value(form, "note"), 500));
    r.serials = lines_of(form_value(form, "serials"));
    return r;
}

Task<Result<catalog::Product>> receive(Context& cx, const catalog::Product& product, const Receipt& r) {
    if (auto ok = check_receipt(product, r); !ok) co_return std::move(ok).error();
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    co_return co_await commit_movement(cx, product, [&](const catalog::Product& now) {
        audit::Change change;
        if (now.serialized) {
            const std::string serials = to_text(Json(r.serials));
            change.statements.push_back({std::string(sql::insert_units), {now.id, r.unit_cost.value, nullable(r.reference), at, serials}});
            change.statements.push_back({std::string(sql::insert_unit_movements),
                                         {now.id, r.unit_cost.value, nullable(r.reference), at, serials, nullable(r.note), staff}});
        } else {
            change.statements.push_back({std::string(sql::insert_movement),
                                         {now.id, r.quantity, "receive", r.unit_cost.value, nullable(r.reference),
                                          nullable(r.note), nullptr, staff, at}});
        }
        Json after = {{"on_hand", now.on_hand + r.quantity},
                      {"quantity", r.quantity},
                      {"unit_cost_cents", r.unit_cost.value},
                      {"reference", r.reference ? Json(*r.reference) : Json(nullptr)},
                      {"serials", r.serials}};
        change.event = {"stock.receive", "product", std::to_string(now.id), level_json(now), std::move(after)};
        return change;
    });
}

Result<Adjustment> adjustment_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"quantity", "reason", "reference"}));
    Adjustment a;
    for (auto [key, value] : doc.object()) {
        if (key == "quantity") {
            HELM_TRY(a.quantity, json_integer(value, key));
        } else if (key == "reason") {
            HELM_TRY(a.reason, json_text(value, key));
        } else if (key == "reference") {
            HELM_TRY(auto text, json_text(value, key));
            HELM_TRY(a.reference, optional_note(key, text, 120));
        }
    }
    return a;
}

Result<Adjustment> adjustment_from_form(const Form& form) {
    Adjustment a;
    HELM_TRY(a.quantity, whole_number("quantity", trimmed(form_value(form, "quantity"))));
    a.reason = trimmed(form_value(form, "reason"));
    HELM_TRY(a.reference, optional_note("reference", form_value(form, "reference"), 120));
    return a;
}

Task<Result<catalog::Product>> adjust(Context& cx, const catalog::Product& product, const Adjustment& a) {
    if (!product.is_stocked()) co_return Error{Code::failed_precondition, product.sku + " is not a stock item, so it has no stock", "product"};
    if (product.serialized)
        co_return Error{Code::failed_precondition, product.sku + " is serialized: its stock moves unit by unit (receive, sell, return)", "product"};
    if (a.quantity == 0 || a.quantity < -max_quantity || a.quantity > max_quantity)
        co_return invalid("quantity", "the adjustment must be a whole number from -" + std::to_string(max_quantity) + " to " +
                                          std::to_string(max_quantity) + ", not 0");
    if (a.reason.size() < 3) co_return invalid("reason", "say why the stock changes (at least 3 characters)");
    if (auto ok = check_text("reason", a.reason, 500); !ok) co_return std::move(ok).error();
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    co_return co_await commit_movement(cx, product, [&](const catalog::Product& now) {
        audit::Change change;
        change.statements.push_back({std::string(sql::insert_movement),
                                     {now.id, a.quantity, "adjust", now.average_cost.value, nullable(a.reference), a.reason, nullptr, staff, at}});
        Json after = {{"on_hand", now.on_hand + a.quantity}, {"quantity", a.quantity}, {"reason", a.reason}};
        change.event = {"stock.adjust", "product", std::to_string(now.id), level_json(now), std::move(after)};
        return change;
    });
}

Task<Result<Json>> reorder_list(Context& cx, std::int64_t limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::to_reorder, limit));
    Json list = Json::array();
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        list.push_back({{"id", row.integer("id")}, {"sku", row.text("sku")}, {"name", row.text("name")}, {"on_hand", row.integer("on_hand")},
                        {"reorder_min", row.integer("reorder_min")}, {"suggested", row.integer("suggested")}});
    }
    co_return list;
}

Task<Result<LevelCheck>> check_levels(Context& cx) {
    HELM_CO_TRY(auto total, co_await cx.db.query(sql::product_count));
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::level_mismatches));
    LevelCheck check;
    check.checked = Row(total, 0).integer("n");
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        check.mismatches.push_back(
            {{"product_id", row.integer("id")}, {"sku", row.text("sku")}, {"on_hand", row.integer("on_hand")}, {"ledger", row.integer("ledger")}});
    }
    co_return check;
}

}  // namespace helm::inventory
