#pragma once
#include <string_view>

#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::ops {

// The cron expressions in wrangler.jsonc's triggers, and the job each one starts.
struct CronJob {
    std::string_view cron;
    std::string_view job;
};
inline constexpr CronJob cron_jobs[] = {
    {"0 10 * * *", "daily"},
    {"0 11 * * 1", "weekly"},
    {"0 12 1 * *", "monthly"},
};

// Runs the job for a trigger and logs one summary line with its counts. Today the daily
// job verifies the audit chain; backups, digests and tax reports arrive with the
// operations issue.
Task<void> run_cron(Context& cx, std::string_view cron);

}  // namespace helm::ops
