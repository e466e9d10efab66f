#pragma once
// The shop's request metrics for the operator's fleet view (npm run fleet): per UTC hour,
// requests, 4xx and 5xx, D1 rows read and written, and how long requests took in fixed
// log-scale buckets (so that a p95 can be read from counts that simply add up).
//
// No request writes to D1 for its own count: each isolate keeps a RequestMetrics (the
// App's) and the shim flushes it after a response at most once a minute (waitUntil), the
// hourly cron flushes it too, and GET /api/ops/metrics flushes before it reads. An isolate
// that is evicted loses what it counted since its last flush: up to a minute of requests.
//
// For the fleet's cost meter (scripts/cost.mjs) an hour also keeps its requests by the D1
// work they did (none, reads only, writes), as the bench's CPU figures are per kind of
// request, and the R2 operations by billing class. R2 operations count for every run, a
// cron job's too: the driver hands each finished run's over (count_storage_ops).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bindings/d1.hpp"
#include "core/context.hpp"
#include "core/json.hpp"
#include "core/router.hpp"
#include "core/task.hpp"

namespace helm::ops {

// Upper bounds of the latency buckets, ms; one more bucket holds everything longer.
inline constexpr std::array<std::int64_t, 13> latency_bounds_ms{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
inline constexpr std::size_t latency_buckets = latency_bounds_ms.size() + 1;
using Latencies = std::array<std::int64_t, latency_buckets>;

std::size_t latency_bucket(std::int64_t ms);
// The upper bound of the bucket the 95th percentile falls in (the last bound, 10000, when
// it falls in the open bucket beyond it); nullopt when nothing was counted.
std::optional<std::int64_t> p95_ms(const Latencies& latencies);

// "2026-12-03T19:00Z": the UTC hour an instant falls in, as request_metrics keys it.
std::string hour_utc(std::int64_t epoch_ms);

struct HourCounts {
    std::int64_t requests = 0;
    std::int64_t errors_5xx = 0;
    std::int64_t errors_4xx = 0;
    std::int64_t rows_read = 0;
    std::int64_t rows_written = 0;
    // Requests that read D1 and wrote nothing, and requests that wrote: the rest used no D1.
    std::int64_t requests_read = 0;
    std::int64_t requests_written = 0;
    std::int64_t r2_class_a = 0;  // R2 operations as billed: bindings/ports.hpp PortStats
    std::int64_t r2_class_b = 0;
    Latencies latencies{};

    void add(const HourCounts& other);
};
using HourlyCounts = std::map<std::string, HourCounts>;  // by hour_utc

inline constexpr std::int64_t flush_every_ms = 60'000;

class RequestMetrics {
public:
    void record(std::int64_t now_ms, int status, std::int64_t ms, std::int64_t rows_read, std::int64_t rows_written);
    // A run's R2 operations (a request's, a cron job's), to the hour it ended in.
    void record_storage_ops(std::int64_t now_ms, std::int64_t class_a, std::int64_t class_b);
    // Something was counted and the last flush was a minute ago or more.
    bool flush_due(std::int64_t now_ms) const;
    // Hands over what was counted since the last flush and restarts the minute.
    HourlyCounts take(std::int64_t now_ms);
    // A flush that failed gives its counts back, to go with the next one.
    void give_back(const HourlyCounts& counts);

private:
    HourlyCounts pending_;
    std::int64_t last_flush_ms_ = 0;  // 0: an isolate's first request flushes at once
};

// One UPSERT per hour adding to its row, and the deletion of rows past their keeping.
std::vector<Statement> flush_statements(const HourlyCounts& counts, std::int64_t now_ms);
// Writes what `metrics` counted as one batch; on failure the counts go back to it. The
// run it is part of (a cron run) counts its R2 operations into `metrics` when it ends.
Task<Status> flush(Context& cx, RequestMetrics& metrics);

// Called by the driver (bindings/wasm/exports.cpp, the native test harness) when a run has
// finished: its R2 operations go to the isolate's counts, when the run has them (App::serve
// or a flush set cx.metrics); a run without them counts nothing.
void count_storage_ops(Context& cx);

// How far back the cost meter's counters reach: GET /api/ops/metrics sums them as "window".
inline constexpr std::int64_t cost_window_days = 30;

// GET /api/ops/metrics (access::operator_token): counters only, never a customer's data.
Task<Response> metrics_report(Context& cx, const Request& rq);

}  // namespace helm::ops
