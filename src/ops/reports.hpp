#pragma once
// The owner's reports, written by the shop's own cron into its own R2 under reports/:
// each night the products to reorder (reports/daily/2026-11-23-low-stock.csv), each Monday the digest of the week that just ended (reports/weekly/2026-W47.json), each
// 1st the sales-tax CSV by rate and the profit summary of the month that just ended
// (reports/monthly/2026-11/sales-tax.csv, .../profit.json). A report is named for the
// period it covers, and its content is a function of the sales of that period, so a
// rerun writes the same bytes (and the cron's claim keeps it from running twice anyway).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/json.hpp"
#include "core/task.hpp"

namespace helm::ops {

inline constexpr std::string_view reports_prefix = "reports/";

// The business dates a report covers, and its name.
struct ReportPeriod {
    std::string label, from, to;  // {"2026-W47", "2026-11-16", "2026-11-22"}
};
// The ISO week before the one the weekly job runs in: "2026-W48" -> 2026-W47, Monday
// 2026-11-16 to Sunday 2026-11-22. nullopt when the text is not an ISO week.
std::optional<ReportPeriod> week_before(std::string_view iso_week);
// The month before: "2026-12" -> {"2026-11", "2026-11-01", "2026-11-30"}.
std::optional<ReportPeriod> month_before(std::string_view month);

// What is stored, from sales::period_figures: pure, so tests read them without R2.
Json weekly_digest(const ReportPeriod& week, const Json& figures);
Json profit_summary(const ReportPeriod& month, const Json& figures);
// name,rate_percent,taxable_base,tax_collected with money as "12.50": one row per rate.
std::string sales_tax_csv(const Json& figures);

// The cron jobs, given their period ("2026-W48", "2026-12"): write the reports of the
// period before and answer the run's summary (counts and keys; never a customer's name).
Task<Json> run_weekly_reports(Context& cx, const std::string& period);
Task<Json> run_monthly_reports(Context& cx, const std::string& period);
// The nightly low-stock report of the day `date`: every stocked product at or below its
// reorder point, with how many to order; only the newest `keep` such reports are kept.
// Its summary says how many products it lists (low_stock_products) and where (low_stock_key).
Task<Json> run_low_stock_report(Context& cx, const std::string& date, int keep);

// A stored report as the Reports screen lists it.
struct StoredReport {
    std::string key;       // "reports/weekly/2026-W47.json"
    std::string cadence;   // "daily", "weekly" or "monthly"
    std::string label;     // "2026-11-23", "2026-W47", "2026-11"
    std::string name;      // "Low stock (CSV)", "Weekly digest", "Sales tax (CSV)", "Profit"
};
// Newest first.
Task<Result<std::vector<StoredReport>>> stored_reports(Context& cx);
// The content type a report key is served with, or nullopt for a key that is not a
// report (outside reports/, or not one of its kinds): the download refuses those.
std::optional<std::string_view> report_content_type(std::string_view key);

}  // namespace helm::ops
