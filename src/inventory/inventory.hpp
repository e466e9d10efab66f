#pragma once
// The stock ledger and what is built on it: receiving, adjustments, serialized units and
// counts. Shared by the JSON API and the Stock screens; every write is one audited batch.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/product.hpp"
#include "core/context.hpp"
#include "core/words.hpp"
#include "core/task.hpp"

namespace helm::inventory {

// Why stock moved, as the movement lists say it.
inline constexpr Choice movement_reason_words[] = {{"sale", "Sale"},     {"return", "Return"},     {"receive", "Received"},
                                                   {"adjust", "Adjusted"}, {"count", "Count"},       {"work_order", "Service ticket"},
                                                   {"void", "Void"}};
struct Movement {
    std::int64_t id = 0, product_id = 0, quantity = 0;
    std::string reason;
    Cents unit_cost;
    std::optional<std::string> reference, note, serial, staff_name;
    std::int64_t at_ms = 0;
};
Json movement_json(const Movement& m);
Task<Result<std::vector<Movement>>> movements_of(Context& cx, std::int64_t product_id, int limit);

// Stock that arrives: a quantity at a cost; a serialized product names each unit's serial.
struct Receipt {
    std::int64_t quantity = 0;
    Cents unit_cost;
    std::optional<std::string> reference, note;
    std::vector<std::string> serials;
};
Result<Receipt> receipt_from_json(std::string_view body);
Result<Receipt> receipt_from_form(const Form& form);  // cost in dollars, serials one per line
Task<Result<catalog::Product>> receive(Context& cx, const catalog::Product& product, const Receipt& receipt);

// A correction up or down, always with the reason a person gave.
struct Adjustment {
    std::int64_t quantity = 0;
    std::string reason;
    std::optional<std::string> reference;
};
Result<Adjustment> adjustment_from_json(std::string_view body);
Result<Adjustment> adjustment_from_form(const Form& form);
Task<Result<catalog::Product>> adjust(Context& cx, const catalog::Product& product, const Adjustment& adjustment);

// Stocked products at or below their reorder point, by name: [{id, sku, name, on_hand,
// reorder_min, suggested}]. The screens show the first 200; the nightly report asks for all.
Task<Result<Json>> reorder_list(Context& cx, std::int64_t limit = 200);

// The cached on-hand of every product, checked against the sum of its movements.
struct LevelCheck {
    std::int64_t checked = 0;
    Json mismatches = Json::array();  // [{product_id, sku, on_hand, ledger}]
};
Task<Result<LevelCheck>> check_levels(Context& cx);

// A serialized unit (a bike frame) and the statuses it moves through.
inline constexpr Choice unit_status_words[] = {{"in_stock", "In stock"}, {"reserved", "On hold"}, {"sold", "Sold"},
                                               {"returned", "Returned"}, {"with_customer", "Out on a test ride"},
                                               {"lost", "Lost"},         {"damaged", "Damaged"}};
struct SerialUnit {
    std::int64_t id = 0, product_id = 0;
    std::string sku, product_name, serial, status;
    Cents cost;
    std::optional<std::string> reference;
    std::int64_t version = 0, created_at_ms = 0, updated_at_ms = 0;
};
struct UnitEvent {
    std::optional<std::string> from_status, reference;
    std::string to_status;
    std::int64_t at_ms = 0;
};
Json unit_json(const SerialUnit& u);
Json unit_event_json(const UnitEvent& e);
Task<Result<SerialUnit>> load_unit(Context& cx, std::int64_t id);
// The one 404 for a serial unit a request names, on `field`.
Error unit_not_found(std::int64_t id, std::string field = "id");
// For a caller's own batch (a sale loads its bikes with its other inputs): the statement,
// then its units.
Statement units_with_ids(const std::vector<std::int64_t>& ids);
std::vector<SerialUnit> units_from(const D1Result& result);
Task<Result<std::vector<SerialUnit>>> units_of(Context& cx, std::int64_t product_id);
Task<Result<std::vector<SerialUnit>>> units_with_serial(Context& cx, std::string_view serial);
Task<Result<std::vector<UnitEvent>>> unit_history(Context& cx, std::int64_t unit_id);

// Moves a unit between the floor, a hold and a test ride (in_stock, reserved,
// with_customer; a returned bike back to in_stock). A bike is sold, returned or voided
// only by its document (unit_move_statements), and lost, damaged or found only by
// adjust_unit: both are 422 here. Two requests moving one unit at once: exactly one
// wins, the other gets a 409.
struct UnitMove {
    std::string to_status;
    std::optional<std::string> reference;
    std::optional<std::string> reason;  // an adjustment's, required there
    std::optional<std::int64_t> version;
};
// `adjustment`: the body may carry a reason.
Result<UnitMove> unit_move_from_json(std::string_view body, bool adjustment);
Task<Result<SerialUnit>> move_unit(Context& cx, std::int64_t unit_id, const UnitMove& move);
// A bike lost or damaged (out of stock through an 'adjust' row of the ledger, with the
// reason as its note) or found again (back in stock): the caller holds action.inventory_adjust.
Task<Result<SerialUnit>> adjust_unit(Context& cx, std::int64_t unit_id, const UnitMove& move);
// The same move as statements inside a larger batch (a sale, a return, a void): guarded
// on the status and version it was read in, with its ledger row. 422 when not allowed.
Result<std::vector<Statement>> unit_move_statements(const SerialUnit& u, std::string_view to_status,
                                                    const std::optional<std::string>& reference, Value staff_id, std::int64_t at_ms);
// Unserialized stock out (a sale: negative) or back (a return, a void) inside a larger
// batch: one statement for all of a document's lines, each at its product's average cost.
// The level trigger refuses the whole batch when a product would go below zero.
struct StockMove {
    std::int64_t product_id = 0;
    std::int64_t quantity = 0;
    std::string reason;  // sale, return, void
};
Statement stock_move_statement(const std::vector<StockMove>& moves, std::string_view reference, Value staff_id, std::int64_t at_ms);

// Stock counts.
struct CountSheet {
    std::int64_t id = 0;
    std::optional<std::string> note;
    std::string status;
    std::int64_t started_at_ms = 0;
    std::optional<std::int64_t> posted_at_ms;
    Json lines = Json::array();  // [{product_id, sku, name, counted, on_hand, variance, variance_cost_cents}]
};
Json count_json(const CountSheet& c);
Task<Result<std::vector<CountSheet>>> list_counts(Context& cx);
Task<Result<CountSheet>> load_count(Context& cx, std::int64_t id);  // with its variance report
Task<Result<CountSheet>> start_count(Context& cx, std::optional<std::string> note);
// Records what was counted of one product (again: the last count stands).
Task<Result<CountSheet>> set_counted(Context& cx, std::int64_t count_id, const catalog::Product& product, std::int64_t counted);
// Posts the variance as 'count' movements and closes the sheet; or closes it unposted.
Task<Result<CountSheet>> close_count(Context& cx, std::int64_t count_id, bool post);

}  // namespace helm::inventory
