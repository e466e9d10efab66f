// Serialized units: where each bike frame is, and the one table of moves it may make.
#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "catalog/products.hpp"
#include "core/guard.hpp"
#include "inventory/inventory.hpp"
#include "inventory/inventory_sql.hpp"

namespace helm::inventory {
namespace {

// Every move a unit may make, who makes it, and what it does to stock. A sale takes a
// bike out, a return brings it back (as 'returned', sellable again once restocked) and a
// void undoes the sale: only their documents do that. Staff move a bike between the
// floor, a hold and a test ride; losing it, damaging it or finding it again is an
// adjustment, with its reason, for who may adjust stock.
enum class MovedBy { staff, document, adjustment };
struct Transition {
    std::string_view from, to;
    std::string_view reason;  // the ledger row it writes, if any
    std::int64_t quantity;
    MovedBy by;
};
constexpr Transition transitions[] = {
    {"in_stock", "reserved", "", 0, MovedBy::staff},       {"reserved", "in_stock", "", 0, MovedBy::staff},
    {"in_stock", "with_customer", "", 0, MovedBy::staff},  {"with_customer", "in_stock", "", 0, MovedBy::staff},
    {"returned", "in_stock", "", 0, MovedBy::staff},
    {"in_stock", "sold", "sale", -1, MovedBy::document},   {"reserved", "sold", "sale", -1, MovedBy::document},
    {"with_customer", "sold", "sale", -1, MovedBy::document}, {"sold", "returned", "return", 1, MovedBy::document},
    {"sold", "in_stock", "void", 1, MovedBy::document},
    {"in_stock", "lost", "adjust", -1, MovedBy::adjustment},      {"in_stock", "damaged", "adjust", -1, MovedBy::adjustment},
    {"reserved", "lost", "adjust", -1, MovedBy::adjustment},      {"reserved", "damaged", "adjust", -1, MovedBy::adjustment},
    {"with_customer", "lost", "adjust", -1, MovedBy::adjustment}, {"with_customer", "damaged", "adjust", -1, MovedBy::adjustment},
    {"returned", "lost", "adjust", -1, MovedBy::adjustment},      {"returned", "damaged", "adjust", -1, MovedBy::adjustment},
    {"lost", "in_stock", "adjust", 1, MovedBy::adjustment},       {"damaged", "in_stock", "adjust", 1, MovedBy::adjustment},
};
constexpr std::string_view statuses[] = {"in_stock", "reserved", "sold", "returned", "with_customer", "lost", "damaged"};

const Transition* transition(std::string_view from, std::string_view to) {
    for (const auto& t : transitions)
        if (t.from == from && t.to == to) return &t;
    return nullptr;
}

std::string unit_name(const SerialUnit& u) { return "unit " + std::to_string(u.id); }  // never its serial: messages reach the logs

// Why `by` may not make this move (none when it may).
std::optional<Error> refused_move(const SerialUnit& u, std::string_view to, MovedBy by) {
    const Transition* t = transition(u.status, to);
    if (!t)
        return Error{u.status == to ? Code::conflict : Code::failed_precondition,
                     unit_name(u) + " is " + u.status + " and cannot become " + std::string(to), "status"};
    if (t->by == by) return std::nullopt;
    if (t->by == MovedBy::document)
        return Error{Code::failed_precondition, "a bike is sold, returned or voided by its sale at the register, not by hand", "status"};
    if (t->by == MovedBy::adjustment)
        return Error{Code::failed_precondition, "a lost, damaged or found bike is a stock adjustment, with its reason", "status"};
    return Error{Code::failed_precondition, unit_name(u) + " becomes " + std::string(to) + " on the Stock screen, not by this", "status"};
}

Error moved_meanwhile(const SerialUnit& u) {
    return {Code::conflict, unit_name(u) + " was changed by someone else meanwhile; reload it", "version"};
}

// The status change and its guard, and the ledger row the transition writes.
std::vector<Statement> move_statements(const SerialUnit& u, const Transition& t, const std::optional<std::string>& reference,
                                       const std::optional<std::string>& note, Value staff_id, std::int64_t at_ms) {
    const Value ref = nullable(reference);
    std::vector<Statement> out{{std::string(sql::move_unit), {u.id, std::string(t.to), ref, at_ms, u.status, u.version}}, expect_changes(1)};
    if (!t.reason.empty())
        out.push_back({std::string(sql::insert_movement),
                       {u.product_id, t.quantity, std::string(t.reason), u.cost.value, ref, nullable(note), u.id, staff_id, at_ms}});
    return out;
}

}  // namespace

Json unit_json(const SerialUnit& u) {
    return {{"id", u.id},
            {"product_id", u.product_id},
            {"sku", u.sku},
            {"product_name", u.product_name},
            {"serial", u.serial},
            {"status", u.status},
            {"cost_cents", u.cost.value},
            {"reference", u.reference ? Json(*u.reference) : Json(nullptr)},
            {"version", u.version},
            {"created_at_ms", u.created_at_ms},
            {"updated_at_ms", u.updated_at_ms}};
}

Json unit_event_json(const UnitEvent& e) {
    return {{"from", e.from_status ? Json(*e.from_status) : Json(nullptr)},
            {"to", e.to_status},
            {"reference", e.reference ? Json(*e.reference) : Json(nullptr)},
            {"at_ms", e.at_ms}};
}

namespace {

SerialUnit unit_from_row(const Row& row) {
    SerialUnit u;
    u.id = row.integer("id");
    u.product_id = row.integer("product_id");
    u.sku = row.text("sku");
    u.product_name = row.text("product_name");
    u.serial = row.text("serial");
    u.status = row.text("status");
    u.cost = Cents{row.integer("cost_cents")};
    u.reference = row.optional_text("reference");
    u.version = row.integer("version");
    u.created_at_ms = row.integer("created_at_ms");
    u.updated_at_ms = row.integer("updated_at_ms");
    return u;
}

}  // namespace

std::vector<SerialUnit> units_from(const D1Result& result) {
    std::vector<SerialUnit> out;
    for (std::size_t i = 0; i < result.rows.size(); ++i) out.push_back(unit_from_row(Row(result, i)));
    return out;
}

Statement units_with_ids(const std::vector<std::int64_t>& ids) { return {std::string(sql::units_by_ids), {to_text(Json(ids))}}; }

Error unit_not_found(std::int64_t id, std::string field) {
    return {Code::not_found, "serial unit " + std::to_string(id) + " not found", std::move(field)};
}

Task<Result<SerialUnit>> load_unit(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::unit_by_id, id));
    if (found.rows.empty()) co_return unit_not_found(id);
    co_return unit_from_row(Row(found, 0));
}

Task<Result<std::vector<SerialUnit>>> units_of(Context& cx, std::int64_t product_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::units_of_product, product_id));
    co_return units_from(found);
}

Task<Result<std::vector<SerialUnit>>> units_with_serial(Context& cx, std::string_view serial) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::units_by_serial, std::string(serial)));
    co_return units_from(found);
}

Task<Result<std::vector<UnitEvent>>> unit_history(Context& cx, std::int64_t unit_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::unit_history, unit_id));
    std::vector<UnitEvent> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        UnitEvent e;
        e.from_status = row.optional_text("from_status");
        e.to_status = row.text("to_status");
        e.reference = row.optional_text("reference");
        e.at_ms = row.integer("at_ms");
        out.push_back(std::move(e));
    }
    co_return out;
}

Result<UnitMove> unit_move_from_json(std::string_view body, bool adjustment) {
    HELM_TRY(auto doc, adjustment ? JsonDocument::parse_body(body, {"status", "reference", "reason", "version"})
                                  : JsonDocument::parse_body(body, {"status", "reference", "version"}));
    UnitMove m;
    for (auto [key, value] : doc.object()) {
        if (key == "status") {
            HELM_TRY(m.to_status, json_text(value, key));
        } else if (key == "reference") {
            HELM_TRY(auto text, json_text(value, key));
            if (!text.empty()) m.reference = std::move(text);
        } else if (key == "reason" && adjustment) {
            HELM_TRY(auto text, json_text(value, key));
            m.reason = std::move(text);
        } else if (key == "version") {
            HELM_TRY(m.version, json_integer(value, key));
        }
    }
    return m;
}

Statement stock_move_statement(const std::vector<StockMove>& moves, std::string_view reference, Value staff_id, std::int64_t at_ms) {
    Json rows = Json::array();
    for (const auto& m : moves) rows.push_back({{"product_id", m.product_id}, {"quantity", m.quantity}, {"reason", m.reason}});
    return {std::string(sql::insert_stock_moves), {to_text(rows), std::string(reference), std::move(staff_id), at_ms}};
}

Result<std::vector<Statement>> unit_move_statements(const SerialUnit& u, std::string_view to_status,
                                                    const std::optional<std::string>& reference, Value staff_id, std::int64_t at_ms) {
    if (auto refused = refused_move(u, to_status, MovedBy::document)) {
        refused->field = "serial_unit_id";
        return std::move(*refused);
    }
    return move_statements(u, *transition(u.status, to_status), reference, std::nullopt, std::move(staff_id), at_ms);
}

namespace {

Status check_move(const UnitMove& move, MovedBy by) {
    if (std::find(std::begin(statuses), std::end(statuses), move.to_status) == std::end(statuses))
        return invalid("status", "status must be one of: in_stock, reserved, with_customer, lost, damaged");
    if (move.reference)
        if (auto ok = check_text("reference", *move.reference, 120); !ok) return ok;
    if (by != MovedBy::adjustment) return Ok{};
    const std::string reason = trimmed(move.reason.value_or(""));
    if (reason.size() < 3) return invalid("reason", "say why the bike leaves or comes back to stock (at least 3 characters)");
    return check_text("reason", reason, 500);
}

Task<Result<SerialUnit>> commit_move(Context& cx, std::int64_t unit_id, const UnitMove& move, MovedBy by) {
    if (auto ok = check_move(move, by); !ok) co_return std::move(ok).error();
    const Value staff = cx.acting_staff();
    const std::int64_t at = cx.now_ms();
    std::optional<std::string> note;
    if (by == MovedBy::adjustment) note = trimmed(*move.reason);
    // Read afresh on every attempt: a sale that raced this one shows as 'sold' and the
    // move is refused, not replayed over it.
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto unit, co_await load_unit(cx, unit_id));
        if (move.version && *move.version != unit.version) co_return moved_meanwhile(unit);
        if (auto refused = refused_move(unit, move.to_status, by)) co_return std::move(*refused);
        SerialUnit after = unit;
        after.status = move.to_status;
        after.reference = move.reference;
        after.version = unit.version + 1;
        Json after_json = unit_json(after);
        if (note) after_json["reason"] = *note;
        const bool found = by == MovedBy::adjustment && move.to_status == "in_stock";
        co_return audit::Change{move_statements(unit, *transition(unit.status, move.to_status), move.reference, note, staff, at),
                                {found ? std::string("unit.found") : "unit." + move.to_status, "serial_unit", std::to_string(unit.id),
                                 unit_json(unit), std::move(after_json)}};
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? Error{Code::conflict, "the unit was changed by someone else meanwhile", "status"}
                                                                 : std::move(written).error();
    co_return co_await load_unit(cx, unit_id);
}

}  // namespace

Task<Result<SerialUnit>> move_unit(Context& cx, std::int64_t unit_id, const UnitMove& move) {
    co_return co_await commit_move(cx, unit_id, move, MovedBy::staff);
}

Task<Result<SerialUnit>> adjust_unit(Context& cx, std::int64_t unit_id, const UnitMove& move) {
    co_return co_await commit_move(cx, unit_id, move, MovedBy::adjustment);
}

}  // namespace helm::inventory
