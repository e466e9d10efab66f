// The end-of-day Z report: one business date's documents, labor and parts, tax by rate,
// tenders and drawers, worked out by SQL and stored once as printed.
#include <array>

#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "core/time.hpp"
#include "sales/drawer.hpp"
#include "sales/drawer_sql.hpp"
#include "sales/period_report.hpp"

namespace helm::sales {
namespace {

constexpr std::array document_kinds{"sale", "return", "exchange", "void"};

ZReport z_from_row(const Row& row) {
    ZReport z;
    z.id = row.integer("id");
    z.business_date = row.text("business_date");
    z.report = Json::parse(row.text("report_json"), nullptr, false);
    z.created_by = row.optional_text("created_by");
    z.created_at_ms = row.integer("created_at_ms");
    return z;
}

std::vector<ZReport> z_reports_of(const D1Result& result) {
    std::vector<ZReport> out;
    for (std::size_t i = 0; i < result.rows.size(); ++i) out.push_back(z_from_row(Row(result, i)));
    return out;
}

std::int64_t net_total(const Json& report) {
    const auto at = "/net/total_cents"_json_pointer;
    return report.contains(at) && report[at].is_number_integer() ? report[at].get<std::int64_t>() : 0;
}

Error already_reported(const ZReport& z) {
    return {Code::already_exists, "Z report " + std::to_string(z.id) + " already covers " + z.business_date, "business_date"};
}

Json documents_of(const D1Result& rows, Json& net) {
    Json out = Json::array();
    std::int64_t count = 0, subtotal = 0, discount = 0, tax = 0, total = 0;
    for (std::string_view kind : document_kinds) {
        Json entry = {{"kind", kind}, {"count", 0}, {"subtotal_cents", 0}, {"discount_cents", 0}, {"tax_cents", 0}, {"total_cents", 0}};
        for (std::size_t i = 0; i < rows.rows.size(); ++i) {
            const Row row(rows, i);
            if (row.text("kind") != kind) continue;
            entry = {{"kind", kind},
                     {"count", row.integer("n")},
                     {"subtotal_cents", row.integer("subtotal_cents")},
                     {"discount_cents", row.integer("discount_cents")},
                     {"tax_cents", row.integer("tax_cents")},
                     {"total_cents", row.integer("total_cents")}};
            count += row.integer("n");
            subtotal += row.integer("subtotal_cents");
            discount += row.integer("discount_cents");
            tax += row.integer("tax_cents");
            total += row.integer("total_cents");
        }
        out.push_back(std::move(entry));
    }
    net = {{"count", count}, {"subtotal_cents", subtotal}, {"discount_cents", discount}, {"tax_cents", tax}, {"total_cents", total}};
    return out;
}

// The day's drawers not yet counted, for a person: "drawer 3 (Front counter)"; empty when
// every one is closed. A Z report is the day's count, so it waits for them.
std::string still_open(const Json& report) {
    std::string out;
    for (const auto& d : report["drawers"])
        if (d["status"] == "open")
            out += (out.empty() ? "" : ", ") + ("drawer " + std::to_string(d["id"].get<std::int64_t>()) + " (" + d["register"].get<std::string>() + ")");
    return out;
}

Json tenders_of(const D1Result& rows) {
    Json out = Json::array();
    for (std::size_t i = 0; i < rows.rows.size(); ++i) {
        const Row row(rows, i);
        out.push_back({{"tender", row.text("tender")},
                       {"count", row.integer("n")},
                       {"taken_cents", row.integer("taken_cents")},
                       {"refunded_cents", row.integer("refunded_cents")},
                       {"net_cents", row.integer("net_cents")}});
    }
    return out;
}

}  // namespace

Json z_report_json(const ZReport& z) {
    return {{"id", z.id},
            {"business_date", z.business_date},
            {"created_by", z.created_by ? Json(*z.created_by) : Json(nullptr)},
            {"created_at_ms", z.created_at_ms},
            {"report", z.report}};
}

Result<std::string> business_date_field(std::string_view field, std::string_view text) {
    const std::string date = trimmed(text);
    if (utc_day_start_ms(date) < 0)
        return invalid(std::string(field), std::string(field) + " must be a date like 2026-11-23");
    return date;
}

Task<Result<Json>> z_figures(Context& cx, const std::string& date) {
    // One batch: every figure from the same snapshot of the day. Lines and taxes are read
    // as the period reports read them, over the dates from `date` to `date`.
    std::vector<Statement> reads{{std::string(sql::z_documents), {date}},
                                 {std::string(sql::z_lines), {date, date}},
                                 {std::string(sql::z_taxes), {date, date}},
                                 {std::string(sql::z_tenders), {date}},
                                 {std::string(sql::sessions_of_date), {date}}};
    HELM_CO_TRY(auto read, co_await cx.db.batch(std::move(reads)));
    const auto& results = read;

    Json net;
    Json documents = documents_of(results[0], net);
    const std::int64_t labor = part_cents(results[1], "labor"), parts = part_cents(results[1], "parts");
    Json taxes = taxes_by_rate(results[2]);
    std::int64_t tax_total = 0;
    for (const auto& t : taxes) tax_total += t["tax_cents"].get<std::int64_t>();
    Json tenders = tenders_of(results[3]);
    std::int64_t tendered = 0;
    for (const auto& t : tenders) tendered += t["net_cents"].get<std::int64_t>();

    Json drawers = Json::array();
    std::int64_t expected = 0, counted = 0, variance = 0, open = 0;
    for (std::size_t i = 0; i < results[4].rows.size(); ++i) {
        const Row row(results[4], i);
        const std::string status = row.text("status");
        const bool is_open = status == "open";
        const std::int64_t expected_cents = is_open ? row.integer("expected_now_cents") : row.integer("expected_cents");
        expected += expected_cents;
        if (is_open) {
            ++open;
        } else {
            counted += row.integer("counted_cents");
            variance += row.integer("variance_cents");
        }
        drawers.push_back({{"id", row.integer("id")},
                           {"register_id", row.integer("register_id")},
                           {"register", row.text("register_name")},
                           {"status", status},
                           {"opened_at_ms", row.integer("opened_at_ms")},
                           {"closed_at_ms", is_open ? Json(nullptr) : Json(row.integer("closed_at_ms"))},
                           {"float_cents", row.integer("float_cents")},
                           {"cash_sales_cents", row.integer("cash_sales_cents")},
                           {"cash_refunds_cents", row.integer("cash_refunds_cents")},
                           {"paid_in_cents", row.integer("paid_in_cents")},
                           {"paid_out_cents", row.integer("paid_out_cents")},
                           {"expected_cents", expected_cents},
                           {"counted_cents", is_open ? Json(nullptr) : Json(row.integer("counted_cents"))},
                           {"variance_cents", is_open ? Json(nullptr) : Json(row.integer("variance_cents"))}});
    }

    Json report = {{"business_date", date},
                   {"documents", std::move(documents)},
                   {"net", std::move(net)},
                   {"revenue", {{"labor_cents", labor}, {"parts_cents", parts}, {"total_cents", labor + parts}}},
                   {"gift_cards_and_deposits_cents", part_cents(results[1], "gift_cards_and_deposits")},
                   {"taxes", std::move(taxes)},
                   {"tax_cents", tax_total},
                   {"tenders", std::move(tenders)},
                   {"tendered_cents", tendered},
                   {"drawers", std::move(drawers)},
                   {"cash", {{"expected_cents", expected}, {"counted_cents", counted}, {"variance_cents", variance}, {"open_drawers", open}}}};
    report["discounts_cents"] = report["net"]["discount_cents"];
    co_return report;
}

Task<Result<ZReport>> run_z_report(Context& cx, const std::string& date) {
    const std::int64_t at = cx.now_ms();
    if (date > business_date(cx.shop.timezone, at))
        co_return Error{Code::failed_precondition, date + " is still to come: a Z report covers a day that has begun", "business_date"};
    const Value staff = cx.acting_staff();
    std::optional<std::string> staff_name;
    if (cx.session && cx.session->has_staff()) staff_name = cx.session->staff_name;
    std::int64_t id = 0;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto existing, co_await z_report_of_date(cx, date));
        if (existing) co_return already_reported(*existing);
        HELM_CO_TRY(auto next, co_await cx.db.query(sql::next_z_id));
        id = Row(next, 0).integer("id");
        // Every sale is an audited write: one landing after these reads moves the chain's
        // head, and the report is worked out again before anything is stored.
        HELM_CO_TRY(auto report, co_await z_figures(cx, date));
        if (auto open = still_open(report); !open.empty())
            co_return Error{Code::failed_precondition, open + " still open: count and close it, then run the Z report", "business_date"};
        report["number"] = id;
        report["created_at_ms"] = at;
        report["created_by"] = staff_name ? Json(*staff_name) : Json(nullptr);
        audit::Change change;
        change.statements.push_back({std::string(sql::insert_z), {id, date, to_text(report), staff, at}});
        change.event = {"z_report.create", "z_report", std::to_string(id), nullptr, std::move(report)};
        co_return change;
    });
    if (!written) {
        Error e = std::move(written).error();
        if (e.code == Code::already_exists) {  // another Z for the date won the race
            HELM_CO_TRY(auto winner, co_await z_report_of_date(cx, date));
            if (winner) co_return already_reported(*winner);
        }
        co_return e;
    }
    co_return co_await load_z_report(cx, id);
}

Task<Result<ZReport>> load_z_report(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::z_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "Z report " + std::to_string(id) + " not found", "id"};
    co_return z_from_row(Row(found, 0));
}

Task<Result<std::optional<ZReport>>> z_report_of_date(Context& cx, const std::string& date) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::z_by_date, date));
    if (found.rows.empty()) co_return std::optional<ZReport>{};
    co_return std::optional<ZReport>(z_from_row(Row(found, 0)));
}

Task<Result<std::vector<ZReport>>> recent_z_reports(Context& cx, int limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::z_recent, std::int64_t{limit}));
    co_return z_reports_of(found);
}

// The JSON API.

// {"business_date": "2026-11-23"}, or no body for today. A date already reported answers
// 409 with the existing report's number, so a client can open it.
Task<Response> post_z_report(Context& cx, const Request& rq) {
    std::string date = business_date(cx.shop.timezone, cx.now_ms());
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"business_date"}));
    for (auto field : doc.object()) {
        if (field.value.is_null()) continue;
        HELM_CO_TRY(auto text, json_text(field.value, "business_date"));
        HELM_CO_TRY(date, business_date_field("business_date", text));
    }
    auto run = co_await run_z_report(cx, date);
    if (run) co_return Response::json(201, {{"z_report", z_report_json(*run)}});
    Error e = std::move(run).error();
    if (e.code == Code::already_exists) {
        HELM_CO_TRY(auto existing, co_await z_report_of_date(cx, date));
        if (existing)
            co_return Response::json(409, {{"error", {{"code", code_name(e.code)}, {"message", e.message}, {"field", e.field},
                                                       {"request_id", cx.request_id}}},
                                           {"z_report", {{"id", existing->id}, {"business_date", existing->business_date}}}});
    }
    co_return e;
}

Task<Response> get_z_reports(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto limit, query_number(rq, "limit", 50, 1, 500));
    HELM_CO_TRY(auto reports, co_await recent_z_reports(cx, int(limit)));
    Json out = Json::array();
    for (const auto& z : reports)
        out.push_back({{"id", z.id},
                       {"business_date", z.business_date},
                       {"created_by", z.created_by ? Json(*z.created_by) : Json(nullptr)},
                       {"created_at_ms", z.created_at_ms},
                       {"net_total_cents", net_total(z.report)}});
    co_return Response::json(200, {{"z_reports", std::move(out)}});
}

Task<Response> get_z_report(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "Z report"));
    HELM_CO_TRY(auto z, co_await load_z_report(cx, id));
    co_return Response::json(200, {{"z_report", z_report_json(z)}});
}

}  // namespace helm::sales
