// Serialized units: where each bike frame is, and the one table of moves it may make.
#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "catalog/products.hpp"
#include "core/guard.hpp"
#include "customers/customers.hpp"
#include "inventory/inventory.hpp"
#include "inventory/inventory_sql.hpp"

namespace helm::inventory {
namespace {

// Every move a unit may make, and what it does to stock: a sale takes it out, a return
// brings it back (as 'returned', sellable again once restocked).
struct Transition {
    std::string_view from, to;
    std::string_view reason;  // the ledger row it writes, if any
    std::int64_t quantity;
};
constexpr Transition transitions[] = {
    {"in_stock", "reserved", "", 0},     {"reserved", "in_stock", "", 0},
    {"in_stock", "with_customer", "", 0}, {"with_customer", "in_stock", "", 0},
    {"in_stock", "sold", "sale", -1},    {"reserved", "sold", "sale", -1},
    {"with_customer", "sold", "sale", -1}, {"sold", "returned", "return", 1}, {"sold", "in_stock", "void", 1},
    {"returned", "in_stock", "", 0},
};
constexpr std::string_view statuses[] = {"in_stock", "reserved", "sold", "returned", "with_customer"};

const Transition* transition(std::string_view from, std::string_view to) {
    for (const auto& t : transitions)
        if (t.from == from && t.to == to) return &t;
    return nullptr;
}

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

Result<std::vector<SerialUnit>> units_from(const D1Result& result) {
    std::vector<SerialUnit> out;
    for (std::size_t i = 0; i < result.rows.size(); ++i) out.push_back(unit_from_row(Row(result, i)));
    return out;
}

// The bike a customer takes home with this unit, described by its product.
Task<Result<customers::SoldBike>> sold_bike(Context& cx, const SerialUnit& unit, std::int64_t customer_id) {
    auto customer = co_await customers::load_customer(cx, customer_id);
    if (!customer || !customer->active())
        co_return invalid("customer_id", "customer " + std::to_string(customer_id) + " does not exist, or was merged or erased");
    HELM_CO_TRY(auto product, co_await catalog::load_product(cx, unit.product_id));
    customers::SoldBike bike;
    bike.customer_id = customer_id;
    bike.serial_unit_id = unit.id;
    bike.make = product.brand;
    bike.model = product.name;
    bike.year = product.model_year;
    bike.colour = product.colour;
    bike.size = product.size;
    bike.frame_serial = unit.serial;
    co_return bike;
}

Error moved_meanwhile(const SerialUnit& u) {
    return {Code::conflict, "unit " + u.serial + " was changed by someone else meanwhile; reload it", "version"};
}

// The status change and its guard, and the ledger row the transition writes.
std::vector<Statement> move_statements(const SerialUnit& u, const Transition& t, const std::optional<std::string>& reference,
                                       Value staff_id, std::int64_t at_ms) {
    const Value ref = nullable(reference);
    std::vector<Statement> out{{std::string(sql::move_unit), {u.id, std::string(t.to), ref, at_ms, u.status, u.version}}, expect_changes(1)};
    if (!t.reason.empty())
        out.push_back({std::string(sql::insert_movement), {u.product_id, t.quantity, std::string(t.reason), u.cost.value, ref, nullptr, u.id, staff_id, at_ms}});
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

Task<Result<SerialUnit>> load_unit(Context& cx, std::int64_t id) {
    auto found = co_await cx.db.query(sql::unit_by_id, id);
    if (!found) co_return std::move(found).error();
    if (found->rows.empty()) co_return Error{Code::not_found, "serial unit " + std::to_string(id) + " not found", "id"};
    co_return unit_from_row(Row(*found, 0));
}

Task<Result<std::vector<SerialUnit>>> units_of(Context& cx, std::int64_t product_id) {
    auto found = co_await cx.db.query(sql::units_of_product, product_id);
    if (!found) co_return std::move(found).error();
    co_return units_from(*found);
}

Task<Result<std::vector<SerialUnit>>> units_with_serial(Context& cx, std::string_view serial) {
    auto found = co_await cx.db.query(sql::units_by_serial, std::string(serial));
    if (!found) co_return std::move(found).error();
    co_return units_from(*found);
}

Task<Result<std::vector<UnitEvent>>> unit_history(Context& cx, std::int64_t unit_id) {
    auto found = co_await cx.db.query(sql::unit_history, unit_id);
    if (!found) co_return std::move(found).error();
    std::vector<UnitEvent> out;
    for (std::size_t i = 0; i < found->rows.size(); ++i) {
        const Row row(*found, i);
        UnitEvent e;
        e.from_status = row.optional_text("from_status");
        e.to_status = row.text("to_status");
        e.reference = row.optional_text("reference");
        e.at_ms = row.integer("at_ms");
        out.push_back(std::move(e));
    }
    co_return out;
}

Result<UnitMove> unit_move_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"status", "reference", "version", "customer_id"}));
    UnitMove m;
    for (auto [key, value] : doc.object()) {
        if (key == "status") {
            HELM_TRY(m.to_status, json_text(value, key));
        } else if (key == "reference") {
            HELM_TRY(auto text, json_text(value, key));
            if (!text.empty()) {
                if (auto ok = check_text("reference", text, 120); !ok) return std::move(ok).error();
                m.reference = std::move(text);
            }
        } else if (key == "version") {
            HELM_TRY(m.version, json_integer(value, key));
        } else if (key == "customer_id") {
            if (value.is_null()) continue;
            HELM_TRY(m.customer_id, json_id(value, key));
        }
    }
    if (std::find(std::begin(statuses), std::end(statuses), m.to_status) == std::end(statuses))
        return invalid("status", "status must be one of: in_stock, reserved, sold, returned, with_customer");
    if (m.customer_id && m.to_status != "sold") return invalid("customer_id", "only a sale names the customer");
    return m;
}

Result<std::vector<Statement>> unit_move_statements(const SerialUnit& u, std::string_view to_status,
                                                    const std::optional<std::string>& reference, Value staff_id, std::int64_t at_ms) {
    const Transition* t = transition(u.status, to_status);
    if (!t)
        return Error{u.status == to_status ? Code::conflict : Code::failed_precondition,
                     "unit " + u.serial + " is " + u.status + " and cannot become " + std::string(to_status), "serial_unit_id"};
    return move_statements(u, *t, reference, std::move(staff_id), at_ms);
}

Task<Result<SerialUnit>> move_unit(Context& cx, std::int64_t unit_id, const UnitMove& move) {
    const Value staff = cx.acting_staff();
    const std::int64_t at = cx.now_ms();
    // Read afresh on every attempt: a sale that raced this one shows as 'sold' and the
    // move is refused, not replayed over it.
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto unit, co_await load_unit(cx, unit_id));
        if (move.version && *move.version != unit.version) co_return moved_meanwhile(unit);
        const Transition* t = transition(unit.status, move.to_status);
        if (!t)
            co_return Error{unit.status == "sold" && move.to_status == "sold" ? Code::conflict : Code::failed_precondition,
                            "unit " + unit.serial + " is " + unit.status + " and cannot become " + move.to_status, "status"};
        if (move.to_status == "sold" && !move.reference)
            co_return invalid("reference", "a sale names its reference (the invoice or sale number)");
        SerialUnit after = unit;
        after.status = move.to_status;
        after.reference = move.reference;
        after.version = unit.version + 1;
        audit::Change change{move_statements(unit, *t, move.reference, staff, at),
                             {"unit." + move.to_status, "serial_unit", std::to_string(unit.id), unit_json(unit), unit_json(after)}};
        if (move.customer_id) {
            HELM_CO_TRY(auto bike, co_await sold_bike(cx, unit, *move.customer_id));
            for (auto& s : customers::sold_bike_statements(bike, at)) change.statements.push_back(std::move(s));
            change.event.after["customer_id"] = *move.customer_id;
        }
        co_return change;
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? Error{Code::conflict, "the unit was changed by someone else meanwhile", "status"}
                                                                 : std::move(written).error();
    co_return co_await load_unit(cx, unit_id);
}

}  // namespace helm::inventory
