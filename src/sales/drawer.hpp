#pragma once
// The cash drawer of a register and the end-of-day Z report. A drawer session opens with
// a float and closes with a count; what it should hold is worked out from the cash
// payments and movements that name it, and the difference is recorded as counted, never
// forced to zero. The Z report sums one business date's documents, tenders and drawers
// and is stored once, numbered, as printed. Every write is one audited batch.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/money.hpp"
#include "core/task.hpp"
#include "sales/sales.hpp"

namespace helm::sales {

// Cash counted by denomination: a note's or coin's value in cents -> how many of it.
using CashCount = std::map<std::int64_t, std::int64_t>;
Cents count_total(const CashCount& counts);
Json cash_count_json(const CashCount& counts);  // {"10000": 1, "25": 40}; keys are cents
// The notes and coins a count form offers, largest first, for the shop's currency.
std::span<const std::int64_t> denominations(std::string_view currency);

struct DrawerSession {
    std::int64_t id = 0, register_id = 0;
    std::string register_name, status, business_date;  // the business date it opened on
    Cents float_amount;
    std::optional<CashCount> float_counts;
    std::optional<std::string> opened_by, closed_by;
    std::int64_t opened_at_ms = 0;
    std::optional<std::int64_t> closed_at_ms;
    // Running figures: the cash that stayed from sales, given back by refunds (negative),
    // paid in and out, and how often it was opened for no sale.
    Cents cash_sales, cash_refunds, paid_in, paid_out;
    std::int64_t no_sales = 0;
    Cents expected;  // as stored at the close; while open, what it should hold now
    std::optional<Cents> counted, variance;
    std::optional<CashCount> counts;
    std::optional<std::string> note;
    bool is_open() const { return status == "open"; }
};
Json drawer_json(const DrawerSession& s);
// What the counter may read of a drawer: while it is open and the shop counts blind
// (RegisterSettings::show_expected_cash off), not the cash it should hold, nor the cash
// sales and refunds that add up to it.
bool counted_blind(const DrawerSession& s, const RegisterSettings& settings);
Json drawer_json(const DrawerSession& s, const RegisterSettings& settings);

struct DrawerMovement {
    std::int64_t id = 0, session_id = 0;
    std::string kind;  // paid_in, paid_out, no_sale
    Cents amount;
    std::string reason;
    std::optional<std::string> staff_name;
    std::int64_t at_ms = 0;
};
Json drawer_movement_json(const DrawerMovement& m);

// Opening a register's drawer: the float, as a total, by denomination, or both (which
// must then agree).
struct Opening {
    std::int64_t register_id = 1;
    Cents float_amount;
    std::optional<CashCount> counts;
};
// Cash in or out that is not a sale, or the drawer opened for no sale; always with why.
struct MovementRequest {
    std::string kind;
    Cents amount;
    std::string reason;
};
// What was counted at the close, as a total, by denomination, or both.
struct Closing {
    Cents counted;
    std::optional<CashCount> counts;
    std::optional<std::string> note;
};
// The API's JSON: {register_id?, float_cents?, float_counts?}, {kind, amount_cents?, reason},
// {counted_cents?, counts?, note?}. Form posts: amounts in dollars, counts as count_<cents>.
// `currency`: the shop's, for the amounts an error names.
Result<Opening> opening_from_json(std::string_view body, std::string_view currency);
Result<MovementRequest> movement_from_json(std::string_view body, std::string_view currency);
Result<Closing> closing_from_json(std::string_view body, std::string_view currency);
Result<Opening> opening_from_form(const Form& form, std::string_view currency);
Result<MovementRequest> movement_from_form(const Form& form, std::string_view currency);
Result<Closing> closing_from_form(const Form& form, std::string_view currency);

// The register's open session, if any (404 naming register_id for no such register).
Task<Result<std::optional<DrawerSession>>> current_drawer(Context& cx, std::int64_t register_id);
Task<Result<DrawerSession>> load_drawer(Context& cx, std::int64_t id);  // 404 naming "id"
Task<Result<std::vector<DrawerSession>>> recent_drawers(Context& cx, std::int64_t register_id, int limit);
Task<Result<std::vector<DrawerMovement>>> movements_of_drawer(Context& cx, std::int64_t session_id);

// 409 when the register's drawer is already open.
Task<Result<DrawerSession>> open_drawer(Context& cx, const Opening& opening);
// 422 on a closed drawer, or a paid-out larger than the drawer should hold.
Task<Result<DrawerMovement>> record_movement(Context& cx, std::int64_t session_id, const MovementRequest& movement);
// 409 when it was closed already (or meanwhile).
Task<Result<DrawerSession>> close_drawer(Context& cx, std::int64_t session_id, const Closing& closing);

// A stored Z report. `report` is the JSON documented in docs/register.md.
struct ZReport {
    std::int64_t id = 0;  // its number
    std::string business_date;
    Json report;
    std::optional<std::string> created_by;
    std::int64_t created_at_ms = 0;
};
Json z_report_json(const ZReport& z);
// "YYYY-MM-DD" that is a real date, or a 400 naming `field`.
Result<std::string> business_date_field(std::string_view field, std::string_view text);
// The figures of a business date as they stand now, unstored.
Task<Result<Json>> z_figures(Context& cx, const std::string& business_date);
// Works the figures out and stores them as the next Z report. A date already reported is
// 409 already_exists naming business_date; a date still to come is 422.
Task<Result<ZReport>> run_z_report(Context& cx, const std::string& business_date);
Task<Result<ZReport>> load_z_report(Context& cx, std::int64_t id);  // 404 naming "id"
Task<Result<std::optional<ZReport>>> z_report_of_date(Context& cx, const std::string& business_date);
Task<Result<std::vector<ZReport>>> recent_z_reports(Context& cx, int limit);

// The JSON API (routes in routes.cpp, section "drawer and Z report").
Task<Response> get_current_drawer(Context& cx, const Request& rq);
Task<Response> get_drawers(Context& cx, const Request& rq);
Task<Response> post_drawer(Context& cx, const Request& rq);
Task<Response> get_drawer(Context& cx, const Request& rq);
Task<Response> post_drawer_movement(Context& cx, const Request& rq);
Task<Response> post_drawer_close(Context& cx, const Request& rq);
Task<Response> post_z_report(Context& cx, const Request& rq);
Task<Response> get_z_reports(Context& cx, const Request& rq);
Task<Response> get_z_report(Context& cx, const Request& rq);

}  // namespace helm::sales
