#include "ops/reports.hpp"

#include <algorithm>
#include <cctype>

#include "core/csv.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "inventory/inventory.hpp"
#include "ops/backup.hpp"
#include "ops/schedule.hpp"
#include "sales/period_report.hpp"

namespace helm::ops {
namespace {

constexpr std::int64_t day_ms = 86'400'000;

std::string day_after(std::string_view date, std::int64_t days) { return iso_utc(utc_day_start_ms(date) + days * day_ms).substr(0, 10); }

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::int64_t cents(const Json& figures, const char* name) { return figures.value(name, std::int64_t{0}); }

Json failed(std::string problem) { return {{"status", "failed"}, {"problems", {std::move(problem)}}}; }

Task<Status> store(Context& cx, const std::string& key, const std::string& text, std::string content_type) {
    HELM_CO_TRY(auto put, co_await cx.assets.put(key, Blob(text.begin(), text.end()), std::move(content_type)));
    co_return Ok{};
}

std::string pretty(const Json& json) { return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

std::string low_stock_csv(const Json& reorder_list) {
    std::string out = csv::line({"sku", "name", "on_hand", "reorder_at", "order_quantity"});
    for (const auto& p : reorder_list)
        out += csv::line({p.value("sku", ""), p.value("name", ""), csv::number(p.value("on_hand", std::int64_t{0})),
                          csv::number(p.value("reorder_min", std::int64_t{0})), csv::number(p.value("suggested", std::int64_t{0}))});
    return out;
}

}  // namespace

std::optional<ReportPeriod> week_before(std::string_view iso_week_text) {
    if (iso_week_text.size() != 8 || iso_week_text[4] != '-' || iso_week_text[5] != 'W' || !digits(iso_week_text.substr(0, 4)) ||
        !digits(iso_week_text.substr(6)))
        return std::nullopt;
    const int week = std::stoi(std::string(iso_week_text.substr(6)));
    if (week < 1 || week > 53) return std::nullopt;
    // 4 January is always in week 1; step back from the same weekday to the week's Monday.
    std::string monday = day_after(std::string(iso_week_text.substr(0, 4)) + "-01-04", std::int64_t{week - 1} * 7);
    if (iso_week(monday) != iso_week_text) return std::nullopt;  // a week 53 the year does not have
    while (iso_week(day_after(monday, -1)) == iso_week_text) monday = day_after(monday, -1);
    const std::string from = day_after(monday, -7);
    return ReportPeriod{iso_week(from), from, day_after(monday, -1)};
}

std::optional<ReportPeriod> month_before(std::string_view month) {
    if (month.size() != 7 || month[4] != '-' || !digits(month.substr(0, 4)) || !digits(month.substr(5))) return std::nullopt;
    const std::int64_t first = utc_day_start_ms(std::string(month) + "-01");
    if (first < 0) return std::nullopt;
    const std::string last = iso_utc(first - day_ms).substr(0, 10);
    return ReportPeriod{last.substr(0, 7), last.substr(0, 7) + "-01", last};
}

Json weekly_digest(const ReportPeriod& week, const Json& figures) {
    return {{"report", "weekly_digest"},
            {"week", week.label},
            {"from", week.from},
            {"to", week.to},
            {"revenue_cents", cents(figures, "revenue_cents")},
            {"tax_cents", cents(figures, "tax_cents")},
            {"total_cents", cents(figures, "total_cents")},
            {"sales_count", cents(figures, "sales_count")},
            {"returns_count", cents(figures, "returns_count")},
            {"top_products", figures.value("top_products", Json::array())},
            {"top_customer", figures.value("top_customer", Json(nullptr))},
            {"service", {{"work_orders_picked_up", cents(figures, "work_orders_picked_up")}, {"labor_cents", cents(figures, "labor_cents")}}}};
}

Json profit_summary(const ReportPeriod& month, const Json& figures) {
    return {{"report", "profit"},
            {"month", month.label},
            {"from", month.from},
            {"to", month.to},
            {"revenue_cents", cents(figures, "revenue_cents")},
            {"labor_cents", cents(figures, "labor_cents")},
            {"parts_cents", cents(figures, "parts_cents")},
            {"cost_cents", cents(figures, "cost_cents")},
            {"gross_profit_cents", cents(figures, "gross_profit_cents")},
            {"margin_ppm", figures.value("margin_ppm", Json(nullptr))},
            {"sales_count", cents(figures, "sales_count")},
            {"returns_count", cents(figures, "returns_count")}};
}

std::string sales_tax_csv(const Json& figures) {
    std::string out = csv::line({"name", "rate_percent", "taxable_base", "tax_collected"});
    for (const auto& t : figures.value("taxes", Json::array()))
        out += csv::line({t.value("name", ""), csv::number(percent_figure(t.value("rate_ppm", std::int64_t{0}))),
                          csv::number(format_cents(Cents{t.value("base_cents", std::int64_t{0})})),
                          csv::number(format_cents(Cents{t.value("tax_cents", std::int64_t{0})}))});
    return out;
}

Task<Json> run_weekly_reports(Context& cx, const std::string& period) {
    const auto week = week_before(period);
    if (!week) co_return failed("not an ISO week: " + period);
    auto figures = co_await sales::period_figures(cx, week->from, week->to);
    if (!figures) co_return failed("weekly figures: " + figures.error().message);
    const Json digest = weekly_digest(*week, *figures);
    const std::string key = std::string(reports_prefix) + "weekly/" + week->label + ".json";
    if (auto ok = co_await store(cx, key, pretty(digest), "application/json"); !ok) co_return failed("weekly digest: " + ok.error().message);
    co_return Json{{"status", "ok"},
                   {"covers", week->label},
                   {"digest_key", key},
                   {"sales_count", digest["sales_count"]},
                   {"top_products", digest["top_products"].size()}};
}

Task<Json> run_monthly_reports(Context& cx, const std::string& period) {
    const auto month = month_before(period);
    if (!month) co_return failed("not a month: " + period);
    auto figures = co_await sales::period_figures(cx, month->from, month->to);
    if (!figures) co_return failed("monthly figures: " + figures.error().message);
    const std::string folder = std::string(reports_prefix) + "monthly/" + month->label + "/";
    const std::string tax_key = folder + "sales-tax.csv", profit_key = folder + "profit.json";
    if (auto ok = co_await store(cx, tax_key, sales_tax_csv(*figures), "text/csv; charset=utf-8"); !ok)
        co_return failed("sales-tax CSV: " + ok.error().message);
    if (auto ok = co_await store(cx, profit_key, pretty(profit_summary(*month, *figures)), "application/json"); !ok)
        co_return failed("profit summary: " + ok.error().message);
    co_return Json{{"status", "ok"},
                   {"covers", month->label},
                   {"sales_tax_key", tax_key},
                   {"profit_key", profit_key},
                   {"tax_rates", (*figures)["taxes"].size()},
                   {"sales_count", (*figures)["sales_count"]}};
}

Task<Json> run_low_stock_report(Context& cx, const std::string& date, int keep) {
    constexpr std::int64_t every_product = 1'000'000;
    auto list = co_await inventory::reorder_list(cx, every_product);
    if (!list) co_return failed("low-stock list: " + list.error().message);
    const std::string folder = std::string(reports_prefix) + "daily/";
    const std::string key = folder + date + "-low-stock.csv";
    if (auto ok = co_await store(cx, key, low_stock_csv(*list), "text/csv; charset=utf-8"); !ok)
        co_return failed("low-stock report: " + ok.error().message);
    Json out = {{"status", "ok"}, {"low_stock_key", key}, {"low_stock_products", list->size()}};
    // Dated keys sort by day: all but the newest `keep` go.
    auto keys = co_await object_keys(cx, folder);
    if (!keys) co_return failed("listing low-stock reports: " + keys.error().message);
    std::sort(keys->begin(), keys->end());
    std::int64_t pruned = 0;
    for (std::size_t i = 0; i + std::size_t(std::max(keep, 1)) < keys->size(); ++i) {
        if (auto removed = co_await cx.assets.remove((*keys)[i]); !removed) co_return failed("pruning low-stock reports: " + removed.error().message);
        ++pruned;
    }
    out["low_stock_reports_pruned"] = pruned;
    co_return out;
}

std::optional<std::string_view> report_content_type(std::string_view key) {
    if (key.substr(0, reports_prefix.size()) != reports_prefix || key.find("..") != std::string_view::npos ||
        key.find("//") != std::string_view::npos)
        return std::nullopt;
    auto ends_with = [&](std::string_view tail) { return key.size() > tail.size() && key.substr(key.size() - tail.size()) == tail; };
    if (ends_with(".json")) return "application/json";
    if (ends_with(".csv")) return "text/csv; charset=utf-8";
    return std::nullopt;
}

Task<Result<std::vector<StoredReport>>> stored_reports(Context& cx) {
    HELM_CO_TRY(std::vector<std::string> keys, co_await object_keys(cx, std::string(reports_prefix)));
    std::vector<StoredReport> out;
    for (const auto& key : keys) {
        if (!report_content_type(key)) continue;
        // reports/daily/2026-11-23-low-stock.csv, reports/weekly/2026-W47.json, reports/monthly/2026-11/sales-tax.csv
        const std::string rest = key.substr(reports_prefix.size());
        const auto slash = rest.find('/');
        if (slash == std::string::npos) continue;
        StoredReport r;
        r.key = key;
        r.cadence = rest.substr(0, slash);
        const std::string name = rest.substr(slash + 1);
        if (r.cadence == "daily") {
            r.label = name.substr(0, 10);
            r.name = "Low stock (CSV)";
        } else if (r.cadence == "weekly") {
            r.label = name.substr(0, name.rfind('.'));
            r.name = "Weekly digest";
        } else if (r.cadence == "monthly") {
            r.label = name.substr(0, name.find('/'));
            r.name = name.ends_with("sales-tax.csv") ? "Sales tax (CSV)" : name.ends_with("profit.json") ? "Profit" : name;
        } else {
            continue;
        }
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const StoredReport& a, const StoredReport& b) {
        return a.label != b.label ? a.label > b.label : a.key < b.key;
    });
    co_return out;
}

}  // namespace helm::ops
