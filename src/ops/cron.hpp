#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/task.hpp"
#include "ops/schedule.hpp"

namespace helm::ops {

// Cron triggers fire in UTC, and a shop's night, Monday or 1st is its own: one hourly
// trigger (wrangler.jsonc's triggers) asks each job whether its shop-local period is due
// (ops/schedule.hpp) and claims it once (cron_runs). Keep the trigger in step with
// wrangler.jsonc.
inline constexpr std::string_view hourly_trigger = "0 * * * *";

struct CronJob {
    std::string_view job;
    Cadence cadence;
};
inline constexpr CronJob cron_jobs[] = {
    {"daily", Cadence::daily},
    {"weekly", Cadence::weekly},
    {"monthly", Cadence::monthly},
};

// Runs every job due now that has not run in its period, and logs one summary line per
// job due (its counts and problems; "already_done" when its period was claimed before),
// or one "nothing_due" line. The daily job syncs and replays the erasure journal, backs
// the database up, prunes old backups and walks the audit chain.
Task<void> run_cron(Context& cx, std::string_view cron);

// What the home screen says of the last nightly run. Its problems: the run failed or found
// a broken audit chain, or none has finished for two days (empty when all is well). And its
// stock check: how many products were at or below their reorder point, listed in R2 at
// low_stock_key.
struct LastNight {
    std::string period;  // the shop-local day it ran for; empty before the first night
    std::vector<std::string> problems;
    std::int64_t low_stock_products = 0;
    std::string low_stock_key;
};
Task<LastNight> last_night(Context& cx);

}  // namespace helm::ops
