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

// Runs the job for a trigger and logs one summary line. The jobs themselves (backups,
// digests, tax reports) arrive with the operations issue; today each run is recorded.
Task<void> run_cron(Context& cx, std::string_view cron);

}  // namespace helm::ops
