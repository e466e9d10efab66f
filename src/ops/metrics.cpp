#include "ops/metrics.hpp"

#include <algorithm>
#include <charconv>

#include "core/time.hpp"
#include "ops/backup.hpp"
#include "ops/cron.hpp"
#include "ops/ops_sql.hpp"

namespace helm::ops {

namespace sql {

// ?1 hour, ?2 requests, ?3 5xx, ?4 4xx, ?5 rows read, ?6 rows written, ?7 requests that read,
// ?8 requests that wrote, ?9 R2 class A, ?10 R2 class B, ?11.. the latency buckets.
constexpr std::string_view add_hour =
    "INSERT INTO request_metrics (hour_utc, requests, errors_5xx, errors_4xx, rows_read, rows_written, "
    "requests_read, requests_written, r2_class_a, r2_class_b, "
    "le_1, le_2, le_5, le_10, le_20, le_50, le_100, le_200, le_500, le_1000, le_2000, le_5000, le_10000, over_10000) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) "
    "ON CONFLICT (hour_utc) DO UPDATE SET requests = requests + excluded.requests, "
    "errors_5xx = errors_5xx + excluded.errors_5xx, errors_4xx = errors_4xx + excluded.errors_4xx, "
    "rows_read = rows_read + excluded.rows_read, rows_written = rows_written + excluded.rows_written, "
    "requests_read = requests_read + excluded.requests_read, requests_written = requests_written + excluded.requests_written, "
    "r2_class_a = r2_class_a + excluded.r2_class_a, r2_class_b = r2_class_b + excluded.r2_class_b, "
    "le_1 = le_1 + excluded.le_1, le_2 = le_2 + excluded.le_2, le_5 = le_5 + excluded.le_5, le_10 = le_10 + excluded.le_10, "
    "le_20 = le_20 + excluded.le_20, le_50 = le_50 + excluded.le_50, le_100 = le_100 + excluded.le_100, "
    "le_200 = le_200 + excluded.le_200, le_500 = le_500 + excluded.le_500, le_1000 = le_1000 + excluded.le_1000, "
    "le_2000 = le_2000 + excluded.le_2000, le_5000 = le_5000 + excluded.le_5000, le_10000 = le_10000 + excluded.le_10000, "
    "over_10000 = over_10000 + excluded.over_10000";
constexpr std::string_view prune_hours = "DELETE FROM request_metrics WHERE hour_utc < ?1";
constexpr std::string_view hours_since =
    "SELECT hour_utc, requests, errors_5xx, errors_4xx, rows_read, rows_written, requests_read, requests_written, "
    "r2_class_a, r2_class_b, le_1, le_2, le_5, le_10, le_20, le_50, "
    "le_100, le_200, le_500, le_1000, le_2000, le_5000, le_10000, over_10000 FROM request_metrics WHERE hour_utc >= ?1 "
    "ORDER BY hour_utc";
// The cost meter's window: every counter summed since ?1, and the first hour counted.
constexpr std::string_view window_since =
    "SELECT MIN(hour_utc) AS first_hour, TOTAL(requests) AS requests, TOTAL(errors_5xx) AS errors_5xx, "
    "TOTAL(errors_4xx) AS errors_4xx, TOTAL(rows_read) AS rows_read, TOTAL(rows_written) AS rows_written, "
    "TOTAL(requests_read) AS requests_read, TOTAL(requests_written) AS requests_written, TOTAL(r2_class_a) AS r2_class_a, "
    "TOTAL(r2_class_b) AS r2_class_b, TOTAL(le_1) AS le_1, TOTAL(le_2) AS le_2, TOTAL(le_5) AS le_5, TOTAL(le_10) AS le_10, "
    "TOTAL(le_20) AS le_20, TOTAL(le_50) AS le_50, TOTAL(le_100) AS le_100, TOTAL(le_200) AS le_200, TOTAL(le_500) AS le_500, "
    "TOTAL(le_1000) AS le_1000, TOTAL(le_2000) AS le_2000, TOTAL(le_5000) AS le_5000, TOTAL(le_10000) AS le_10000, "
    "TOTAL(over_10000) AS over_10000 FROM request_metrics WHERE hour_utc >= ?1";
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
    requests_read += other.requests_read;
    requests_written += other.requests_written;
    r2_class_a += other.r2_class_a;
    r2_class_b += other.r2_class_b;
    for (std::size_t i = 0; i < latency_buckets; ++i) latencies[i] += other.latencies[i];
}

void RequestMetrics::record(std::int64_t now_ms, int status, std::int64_t ms, std::int64_t rows_read, std::int64_t rows_written) {
    HourCounts& hour = pending_[hour_utc(now_ms)];
    ++hour.requests;
    if (status >= 500) ++hour.errors_5xx;
    else if (status >= 400) ++hour.errors_4xx;
    hour.rows_read += rows_read;
    hour.rows_written += rows_written;
    if (rows_written > 0) ++hour.requests_written;
    else if (rows_read > 0) ++hour.requests_read;
    ++hour.latencies[latency_bucket(ms)];
}

void RequestMetrics::record_storage_ops(std::int64_t now_ms, std::int64_t class_a, std::int64_t class_b) {
    if (class_a == 0 && class_b == 0) return;  // nothing to flush for
    HourCounts& hour = pending_[hour_utc(now_ms)];
    hour.r2_class_a += class_a;
    hour.r2_class_b += class_b;
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
        Statement s{std::string(sql::add_hour),
                    {hour, c.requests, c.errors_5xx, c.errors_4xx, c.rows_read, c.rows_written, c.requests_read, c.requests_written,
                     c.r2_class_a, c.r2_class_b}};
        for (auto n : c.latencies) s.params.emplace_back(n);
        out.push_back(std::move(s));
    }
    out.push_back({std::string(sql::prune_hours), {hour_utc(now_ms - kept_ms)}});
    return out;
}

Task<Status> flush(Context& cx, RequestMetrics& metrics) {
    // A cron run's Context has no counts of its own until here: App::on_cron flushes first,
    // so the backup's R2 operations that follow are counted when the run ends.
    if (!cx.metrics) cx.metrics = &metrics;
    const auto now = cx.now_ms();
    HourlyCounts counts = metrics.take(now);
    auto written = co_await cx.db.batch(flush_statements(counts, now));
    if (!written) {
        metrics.give_back(counts);
        co_return std::move(written).error();
    }
    co_return Ok{};
}

void count_storage_ops(Context& cx) {
    if (!cx.metrics) return;
    const auto& stats = cx.channel.stats();
    cx.metrics->record_storage_ops(cx.now_ms(), stats.r2_class_a, stats.r2_class_b);
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
            {"rows_written", c.rows_written},
            {"requests_read", c.requests_read},
            {"requests_written", c.requests_written},
            {"r2_class_a", c.r2_class_a},
            {"r2_class_b", c.r2_class_b}};
}

HourCounts counts_of(const Row& row) {
    HourCounts c{row.integer("requests"),      row.integer("errors_5xx"),       row.integer("errors_4xx"),
                 row.integer("rows_read"),     row.integer("rows_written"),     row.integer("requests_read"),
                 row.integer("requests_written"), row.integer("r2_class_a"), row.integer("r2_class_b")};
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

// "2026-12-03T19:00Z" -> the instant that hour starts; nullopt for any other text.
std::optional<std::int64_t> hour_start_ms(std::string_view hour) {
    int h = -1;
    if (hour.size() != 17 || hour.substr(13) != ":00Z" || std::from_chars(hour.data() + 11, hour.data() + 13, h).ptr != hour.data() + 13 ||
        h < 0 || h > 23)
        return std::nullopt;
    const auto day = utc_day_start_ms(hour.substr(0, 10));
    if (day < 0) return std::nullopt;
    return day + h * hour_ms;
}

// The cost meter's counters: the last cost_window_days summed, over how many hours they
// were counted (from the start of the first hour with a row to now), and D1's size as it
// answered this very query.
Task<Result<Json>> window_json(Context& cx, std::int64_t now) {
    HELM_CO_TRY(D1Result r, co_await cx.db.query(sql::window_since, hour_utc(now - cost_window_days * 24 * hour_ms)));
    Json window = Json{{"days", cost_window_days}, {"from", nullptr}, {"hours", 0.0}};
    HourCounts total;
    if (!r.rows.empty()) {
        Row row(r, 0);
        total = counts_of(row);
        const auto first = row.optional_text("first_hour");
        if (const auto start = first ? hour_start_ms(*first) : std::nullopt) {
            window["from"] = *first;
            window["hours"] = double(std::max<std::int64_t>(now - *start, 0)) / double(hour_ms);
        }
    }
    window.update(counts_json(total));
    co_return Json{{"window", std::move(window)}, {"d1_bytes", r.meta.size_after}};
}

// What the bucket holds, in one pass: every object's bytes (R2 storage, for the cost
// meter) and the newest dated backup (keys sort by their date).
struct Bucket {
    std::int64_t objects = 0;
    std::int64_t bytes = 0;
    std::string newest_backup;
    std::int64_t newest_backup_bytes = 0;
};

Task<Result<Bucket>> walk_bucket(Context& cx) {
    Bucket out;
    std::string cursor;
    for (;;) {
        HELM_CO_TRY(ObjectListing page, co_await cx.assets.list("", cursor));
        for (const auto& o : page.objects) {
            ++out.objects;
            out.bytes += o.size;
            if (!o.key.starts_with(backup_prefix) || o.key <= out.newest_backup) continue;
            out.newest_backup = o.key;
            out.newest_backup_bytes = o.size;
        }
        if (!page.truncated) break;
        cursor = page.cursor;
    }
    co_return out;
}

// The newest dated backup, its size, and its age from the daily run that wrote it (else
// from the start of its date, UTC).
Task<Result<Json>> backup_json(Context& cx, const Bucket& bucket, std::int64_t now) {
    const std::string& newest = bucket.newest_backup;
    const std::int64_t bytes = bucket.newest_backup_bytes;
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
    HELM_CO_TRY(Json window, co_await window_json(cx, now));
    HELM_CO_TRY(Bucket bucket, co_await walk_bucket(cx));
    HELM_CO_TRY(Json backup, co_await backup_json(cx, bucket, now));
    report["shop"] = cx.shop.slug;
    report["build"] = {{"version", cx.shop.build.version}, {"commit", cx.shop.build.commit}};
    report["generated_at"] = iso_utc(now);
    report["cron"] = std::move(cron);
    report["audit"] = std::move(audit);
    report["backup"] = std::move(backup);
    report["window"] = std::move(window["window"]);
    // Sizes now, which the cost meter takes for the month's average (GB-months).
    report["storage"] = {{"d1_bytes", window["d1_bytes"]}, {"r2_bytes", bucket.bytes}, {"r2_objects", bucket.objects}};
    co_return Response::json(200, report);
}

}  // namespace helm::ops
