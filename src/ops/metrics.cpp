#include "ops/metrics.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "ops/backup.hpp"
#include "ops/cron.hpp"
#include "ops/ops_sql.hpp"

namespace helm::ops {

namespace sql {

// ?1 hour, ?2 requests, ?3 5xx, ?4 4xx, ?5 rows read, ?6 rows written, ?7.. the latency buckets.
constexpr std::string_view add_hour =
    "INSERT INTO request_metrics (hour_utc, requests, errors_5xx, errors_4xx, rows_read, rows_written, "
    "le_1, le_2, le_5, le_10, le_20, le_50, le_100, le_200, le_500, le_1000, le_2000, le_5000, le_10000, over_10000) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
    "ON CONFLICT (hour_utc) DO UPDATE SET requests = requests + excluded.requests, "
    "errors_5xx = errors_5xx + excluded.errors_5xx, errors_4xx = errors_4xx + excluded.errors_4xx, "
    "rows_read = rows_read + excluded.rows_read, rows_written = rows_written + excluded.rows_written, "
    "le_1 = le_1 + excluded.le_1, le_2 = le_2 + excluded.le_2, le_5 = le_5 + excluded.le_5, le_10 = le_10 + excluded.le_10, "
    "le_20 = le_20 + excluded.le_20, le_50 = le_50 + excluded.le_50, le_100 = le_100 + excluded.le_100, "
    "le_200 = le_200 + excluded.le_200, le_500 = le_500 + excluded.le_500, le_1000 = le_1000 + excluded.le_1000, "
    "le_2000 = le_2000 + excluded.le_2000, le_5000 = le_5000 + excluded.le_5000, le_10000 = le_10000 + excluded.le_10000, "
    "over_10000 = over_10000 + excluded.over_10000";
constexpr std::string_view prune_hours = "DELETE FROM request_metrics WHERE hour_utc < ?1";
constexpr std::string_view hours_since =
    "SELECT hour_utc, requests, errors_5xx, errors_4xx, rows_read, rows_written, le_1, le_2, le_5, le_10, le_20, le_50, "
    "le_100, le_200, le_500, le_1000, le_2000, le_5000, le_10000, over_10000 FROM request_metrics WHERE hour_utc >= ?1 "
    "ORDER BY hour_utc";
// The audit chain's state as the last finished daily run found it.
constexpr std::string_view last_finished_daily =
    "SELECT period, finished_at_ms, summary_json FROM cron_runs WHERE job = 'daily' AND finished_at_ms IS NOT NULL "
    "ORDER BY finished_at_ms DESC LIMIT 1";
constexpr std::string_view daily_run_of = "SELECT finished_at_ms FROM cron_runs WHERE job = 'daily' AND period = ?1";

}  // namespace sql

constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t kept_ms = 90 * 24 * hour_ms;  // about 2,200 rows at most

std::size_t latency_bucket(std::int64_t ms) {
    return std::size_t(std::lower_bound(latency_bounds_ms.begin(), latency_bounds_ms.end(), ms) - latency_bounds_ms.begin());
}

std::optional<std::int64_t> p95_ms(const Latencies& latencies) {
    std::int64_t total = 0;
    for (auto n : latencies) total += n;
    if (total == 0) return std::nullopt;
    const std::int64_t rank = (total * 95 + 99) / 100;  // the ceiling of 95% of them
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < latency_bounds_ms.size(); ++i)
        if ((seen += latencies[i]) >= rank) return latency_bounds_ms[i];
    return latency_bounds_ms.back();
}

std::string hour_utc(std::int64_t epoch_ms) { return iso_utc(epoch_ms).substr(0, 13) + ":00Z"; }

void HourCounts::add(const HourCounts& other) {
    requests += other.requests;
    errors_5xx += other.errors_5xx;
    errors_4xx += other.errors_4xx;
    rows_read += other.rows_read;
    rows_written += other.rows_written;
    for (std::size_t i = 0; i < latency_buckets; ++i) latencies[i] += other.latencies[i];
}

void RequestMetrics::record(std::int64_t now_ms, int status, std::int64_t ms, std::int64_t rows_read, std::int64_t rows_written) {
    HourCounts& hour = pending_[hour_utc(now_ms)];
    ++hour.requests;
    if (status >= 500) ++hour.errors_5xx;
    else if (status >= 400) ++hour.errors_4xx;
    hour.rows_read += rows_read;
    hour.rows_written += rows_written;
    ++hour.latencies[latency_bucket(ms)];
}

bool RequestMetrics::flush_due(std::int64_t now_ms) const { return !pending_.empty() && now_ms - last_flush_ms_ >= flush_every_ms; }

HourlyCounts RequestMetrics::take(std::int64_t now_ms) {
    last_flush_ms_ = now_ms;
    return std::exchange(pending_, {});
}

void RequestMetrics::give_back(const HourlyCounts& counts) {
    for (const auto& [hour, c] : counts) pending_[hour].add(c);
}

std::vector<Statement> flush_statements(const HourlyCounts& counts, std::int64_t now_ms) {
    std::vector<Statement> out;
    for (const auto& [hour, c] : counts) {
        Statement s{std::string(sql::add_hour), {hour, c.requests, c.errors_5xx, c.errors_4xx, c.rows_read, c.rows_written}};
        for (auto n : c.latencies) s.params.emplace_back(n);
        out.push_back(std::move(s));
    }
    out.push_back({std::string(sql::prune_hours), {hour_utc(now_ms - kept_ms)}});
    return out;
}

Task<Status> flush(Context& cx, RequestMetrics& metrics) {
    const auto now = cx.now_ms();
    HourlyCounts counts = metrics.take(now);
    auto written = co_await cx.db.batch(flush_statements(counts, now));
    if (!written) {
        metrics.give_back(counts);
        co_return std::move(written).error();
    }
    co_return Ok{};
}

// Named (not anonymous) namespace: clang 14 cannot build a Task<T> of an internal T.
namespace metrics_detail {

Json counts_json(const HourCounts& c) {
    const auto p95 = p95_ms(c.latencies);
    return {{"requests", c.requests},
            {"errors_5xx", c.errors_5xx},
            {"errors_4xx", c.errors_4xx},
            // 5xx over requests: the fleet's 1% flag reads this one.
            {"error_rate", c.requests ? double(c.errors_5xx) / double(c.requests) : 0.0},
            {"p95_ms", p95 ? Json(*p95) : Json(nullptr)},
            {"rows_read", c.rows_read},
            {"rows_written", c.rows_written}};
}

HourCounts counts_of(const Row& row) {
    HourCounts c{row.integer("requests"), row.integer("errors_5xx"), row.integer("errors_4xx"), row.integer("rows_read"),
                 row.integer("rows_written")};
    for (std::size_t i = 0; i < latency_bounds_ms.size(); ++i) c.latencies[i] = row.integer("le_" + std::to_string(latency_bounds_ms[i]));
    c.latencies.back() = row.integer("over_10000");
    return c;
}

Json iso_or_null(std::optional<std::int64_t> ms) { return ms ? Json(iso_utc(*ms)) : Json(nullptr); }

Json summary_of(const Row& row) {
    auto summary = Json::parse(row.text("summary_json"), nullptr, false);
    return summary.is_object() ? summary : Json::object();
}

Task<Result<Json>> hours_json(Context& cx, std::int64_t now) {
    HELM_CO_TRY(D1Result r, co_await cx.db.query(sql::hours_since, hour_utc(now - 23 * hour_ms)));
    HourCounts total;
    Json hours = Json::array();
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        Row row(r, i);
        const HourCounts c = counts_of(row);
        total.add(c);
        Json hour = counts_json(c);
        hour["hour"] = row.text("hour_utc");
        hours.push_back(std::move(hour));
    }
    co_return Json{{"last_24h", counts_json(total)}, {"hours", std::move(hours)}};
}

Task<Result<Json>> cron_json(Context& cx) {
    HELM_CO_TRY(D1Result r, co_await cx.db.query(sql::last_runs));
    Json jobs = Json::object();
    for (const auto& job : cron_jobs) jobs[std::string(job.job)] = nullptr;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        Row row(r, i);
        const Json summary = summary_of(row);
        jobs[row.text("job")] = {{"period", row.text("period")},
                                 {"status", row.text("status")},
                                 {"attempts", row.integer("attempts")},
                                 {"started_at", iso_utc(row.integer("started_at_ms"))},
                                 {"finished_at", iso_or_null(row.optional_integer("finished_at_ms"))},
                                 {"problems", summary.value("problems", Json::array())}};
    }
    co_return jobs;
}

Task<Result<Json>> audit_json(Context& cx) {
    HELM_CO_TRY(D1Result r, co_await cx.db.query(sql::last_finished_daily));
    if (r.rows.empty()) co_return Json{{"status", "unknown"}, {"period", nullptr}};
    Row row(r, 0);
    const Json summary = summary_of(row);
    // The daily run could not walk the chain (it failed before or during it): unknown.
    std::string status = summary.contains("audit_first_broken_seq") ? "broken" : summary.contains("audit_checked") ? "ok" : "unknown";
    Json out = {{"status", status}, {"period", row.text("period")}, {"checked", summary.value("audit_checked", std::int64_t(0))}};
    if (status == "broken") out["first_broken_seq"] = summary["audit_first_broken_seq"];
    co_return out;
}

// The newest dated backup (keys sort by their date), its size, and its age from the
// daily run that wrote it (else from the start of its date, UTC).
Task<Result<Json>> backup_json(Context& cx, std::int64_t now) {
    std::string newest;
    std::int64_t bytes = 0;
    std::string cursor;
    for (;;) {
        HELM_CO_TRY(ObjectListing page, co_await cx.assets.list(std::string(backup_prefix), cursor));
        for (const auto& o : page.objects) {
            if (o.key <= newest) continue;
            newest = o.key;
            bytes = o.size;
        }
        if (!page.truncated) break;
        cursor = page.cursor;
    }
    if (newest.empty()) co_return Json(nullptr);
    const std::string date = newest.substr(backup_prefix.size(), 10);
    HELM_CO_TRY(D1Result run, co_await cx.db.query(sql::daily_run_of, date));
    std::optional<std::int64_t> written = run.rows.empty() ? std::nullopt : Row(run, 0).optional_integer("finished_at_ms");
    if (!written) written = utc_day_start_ms(date);
    co_return Json{{"key", newest}, {"bytes", bytes}, {"age_hours", double(std::max<std::int64_t>(now - *written, 0)) / double(hour_ms)}};
}

}  // namespace metrics_detail

Task<Response> metrics_report(Context& cx, const Request&) {
    using namespace metrics_detail;
    // What this isolate counted so far goes in first; other isolates' last minute may not.
    if (cx.metrics) {
        if (auto ok = co_await flush(cx, *cx.metrics); !ok) co_return std::move(ok).error();
    }
    const auto now = cx.now_ms();
    HELM_CO_TRY(Json report, co_await hours_json(cx, now));
    HELM_CO_TRY(Json cron, co_await cron_json(cx));
    HELM_CO_TRY(Json audit, co_await audit_json(cx));
    HELM_CO_TRY(Json backup, co_await backup_json(cx, now));
    report["shop"] = cx.shop.slug;
    report["build"] = {{"version", cx.shop.build.version}, {"commit", cx.shop.build.commit}};
    report["generated_at"] = iso_utc(now);
    report["cron"] = std::move(cron);
    report["audit"] = std::move(audit);
    report["backup"] = std::move(backup);
    co_return Response::json(200, report);
}

}  // namespace helm::ops
